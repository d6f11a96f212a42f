import type { types } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';

import { ConnectionBrokenError, NotConnectedError } from '../../connections/errors.js';
import type { SlackUserRef } from '../../connections/keys.js';
import { buildFallbackText, buildSection } from '../render/blocks.js';
import { escapeMrkdwn } from '../render/mrkdwn.js';
import { postToResponseUrl } from '../replies/post-to-response-url.js';
import { buildErrorReply } from '../replies/reply-with-error.js';
import type { SlackDependencies } from '../slack-dependencies.js';
import type { ModalOrigin } from './modal-context.js';
import { createPendingForm } from './pending-form.js';
import { buildMessageView, toViewBlocks } from './status-views.js';

/** A view that is open, and the hash that guards it against a concurrent change. */
export interface OpenView {
  viewId: string;
  /** Without a hash, views.update replaces whatever the view shows by then. */
  hash?: string;
  /**
   * Set while the view is a loading view, which has nothing to use but Close. When Slack rejects
   * its replacement, the user gets `retry` (plain text) through `responseUrl`.
   */
  loading?: { responseUrl: string; retry: string };
}

/** Returns true for errors that leave a form useless until the user connects Bitbucket. */
export function needsConnection(error: unknown): boolean {
  return error instanceof NotConnectedError || error instanceof ConnectionBrokenError;
}

/**
 * Reports a failure while a form was being prepared. Without a usable connection the form is
 * replaced by the Connect prompt, and the message after connecting explains how to open the form
 * again, using `target.origin`. Any other error goes to `buildForm` as notice blocks, so the
 * user still gets the form, e.g. to pick another repository.
 */
export async function showFormFailure(
  deps: SlackDependencies,
  client: WebClient,
  target: OpenView & { slackUser: SlackUserRef; operation: string; callbackId: string; title: string; contextId: string; origin?: ModalOrigin },
  error: unknown,
  buildForm: (notice: types.KnownBlock[]) => types.ModalView,
): Promise<void> {
  const pending = createPendingForm(target.origin);
  const reply = await buildErrorReply(error, { slackUser: target.slackUser, operation: target.operation, pending }, deps);
  const view = needsConnection(error)
    ? buildMessageView({ callbackId: target.callbackId, title: target.title, contextId: target.contextId, message: reply, close: 'Close' })
    : buildForm(toViewBlocks(reply));
  await updateOpenView(deps, client, target, view);
}

/**
 * Replaces an open view. A failure is logged and skipped, because the user may have changed the
 * form meanwhile (a hash conflict) or closed it. A loading view that cannot be replaced would
 * otherwise spin forever, so for one the user also gets an ephemeral message through its response_url.
 */
export async function updateOpenView(deps: SlackDependencies, client: WebClient, target: OpenView, view: types.ModalView): Promise<void> {
  try {
    await client.views.update({ view_id: target.viewId, view, ...(target.hash === undefined ? {} : { hash: target.hash }) });
  } catch (error) {
    deps.logger.info({ err: error, viewId: target.viewId }, 'could not update an open form; the user may have changed or closed it');
    if (target.loading !== undefined && readSlackError(error) !== 'hash_conflict') await tellLoadingFailed(deps, target.loading, error);
  }
}

/** Returns the `loading` field of a loading view opened from `origin`; none without a response_url to reply to. */
export function describeLoading(origin: { responseUrl?: string }, retry: string): Pick<OpenView, 'loading'> {
  return origin.responseUrl === undefined ? {} : { loading: { responseUrl: origin.responseUrl, retry } };
}

async function tellLoadingFailed(deps: SlackDependencies, loading: NonNullable<OpenView['loading']>, error: unknown): Promise<void> {
  const slackError = readSlackError(error) ?? 'no response';
  const text = `The form did not open, because Slack did not show it (${slackError}). ${loading.retry}`;
  try {
    await postToResponseUrl(deps.postJson, loading.responseUrl, { text: buildFallbackText(text), blocks: [buildSection(escapeMrkdwn(text))] });
  } catch (postError) {
    deps.logger.warn({ err: postError, slackError }, 'could not tell the user that a form did not open');
  }
}

/** Returns Slack's error code of a failed Web API call, such as `hash_conflict`. */
function readSlackError(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}
