import type { types } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';

import { ConnectionBrokenError, NotConnectedError } from '../../connections/errors.js';
import type { SlackUserRef } from '../../connections/keys.js';
import { buildErrorReply } from '../replies/reply-with-error.js';
import type { SlackDependencies } from '../slack-dependencies.js';
import { buildMessageView, toViewBlocks } from './status-views.js';

/** A view that is open, and the hash that guards it against a concurrent change. */
export interface OpenView {
  viewId: string;
  /** Without a hash, views.update replaces whatever the view shows by then. */
  hash?: string;
}

/** Returns true for errors that leave a form useless until the user connects Bitbucket. */
export function needsConnection(error: unknown): boolean {
  return error instanceof NotConnectedError || error instanceof ConnectionBrokenError;
}

/**
 * Reports a failure while a form was being prepared. Without a usable connection the form is
 * replaced by the Connect prompt. Any other error goes to `buildForm` as notice blocks, so the user
 * still gets the form, e.g. to pick another repository.
 */
export async function showFormFailure(
  deps: SlackDependencies,
  client: WebClient,
  target: OpenView & { slackUser: SlackUserRef; operation: string; callbackId: string; title: string; contextId: string },
  error: unknown,
  buildForm: (notice: types.KnownBlock[]) => types.ModalView,
): Promise<void> {
  const reply = await buildErrorReply(error, { slackUser: target.slackUser, operation: target.operation }, deps);
  const view = needsConnection(error)
    ? buildMessageView({ callbackId: target.callbackId, title: target.title, contextId: target.contextId, message: reply, close: 'Close' })
    : buildForm(toViewBlocks(reply));
  await updateOpenView(deps, client, target, view);
}

/** Replaces an open view; a hash conflict (the user changed the form meanwhile) is logged and skipped. */
export async function updateOpenView(deps: SlackDependencies, client: WebClient, target: OpenView, view: types.ModalView): Promise<void> {
  try {
    await client.views.update({ view_id: target.viewId, view, ...(target.hash === undefined ? {} : { hash: target.hash }) });
  } catch (error) {
    deps.logger.info({ err: error, viewId: target.viewId }, 'could not update an open form; the user may have changed or closed it');
  }
}
