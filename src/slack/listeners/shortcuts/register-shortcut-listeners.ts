import type { App, GlobalShortcut, MessageShortcut } from '@slack/bolt';

import { SHORTCUT_IDS } from '../../ids.js';
import { buildGlobalMenu } from '../../modals/global-menu/global-menu.js';
import { openIssueCommentFromMessage } from '../../modals/issue/open-issue-comment-modal.js';
import { openIssueFromMessage } from '../../modals/issue/open-issue-modal.js';
import type { ModalOrigin } from '../../modals/modal-context.js';
import { buildFallbackText, buildSection } from '../../render/blocks.js';
import { postToResponseUrl } from '../../replies/post-to-response-url.js';
import type { SlackDependencies } from '../../slack-dependencies.js';
import { slackUserOf } from '../slack-user-of.js';

/**
 * Registers the shortcuts. Each acknowledges, then calls views.open before anything else, because
 * the trigger id works once and expires 3 seconds after Slack sent it.
 */
export function registerShortcutListeners(app: App, deps: SlackDependencies): void {
  app.shortcut<MessageShortcut>({ callback_id: SHORTCUT_IDS.createIssue, type: 'message_action' }, async ({ ack, body, client }) => {
    await ack();
    const slackUser = slackUserOf(body);
    await deps.pendingWork.track(
      openIssueFromMessage(deps, client, {
        slackUser,
        origin: readMessageOrigin(body),
        triggerId: body.trigger_id,
        channelId: body.channel.id,
        message: body.message,
      }).catch((error: unknown) => logShortcutFailure(deps, body, error)),
    );
  });

  app.shortcut<MessageShortcut>({ callback_id: SHORTCUT_IDS.commentIssue, type: 'message_action' }, async ({ ack, body, client }) => {
    await ack();
    const slackUser = slackUserOf(body);
    await deps.pendingWork.track(
      openIssueCommentFromMessage(deps, client, {
        slackUser,
        origin: readMessageOrigin(body),
        triggerId: body.trigger_id,
        channelId: body.channel.id,
        message: body.message,
      }).catch((error: unknown) => logShortcutFailure(deps, body, error)),
    );
  });

  app.shortcut<GlobalShortcut>({ callback_id: SHORTCUT_IDS.globalMenu, type: 'shortcut' }, async ({ ack, body, client }) => {
    await ack();
    await deps.pendingWork.track(
      client.views
        .open({ trigger_id: body.trigger_id, view: buildGlobalMenu() })
        .then(() => undefined)
        .catch((error: unknown) => logShortcutFailure(deps, body, error)),
    );
  });
}

/** Returns where a message shortcut's result goes: the message's thread, with the message itself as root when it has none. */
function readMessageOrigin(body: MessageShortcut): ModalOrigin {
  const message = body.message as { ts: string; thread_ts?: string };
  return { channelId: body.channel.id, threadTs: message.thread_ts ?? message.ts, responseUrl: body.response_url, opener: { kind: 'message-shortcut' } };
}

/**
 * Logs a shortcut whose form did not open and, for a message shortcut, tells the user through its
 * response_url. A global shortcut has no response_url, so there the log line is all.
 */
async function logShortcutFailure(deps: SlackDependencies, body: MessageShortcut | GlobalShortcut, error: unknown): Promise<void> {
  deps.logger.error(
    { err: error, slackTeamId: body.team?.id, slackUserId: body.user.id, callbackId: body.callback_id },
    'could not open the form of a shortcut',
  );
  if (body.type !== 'message_action') return;

  const text = 'The form did not open, because Slack or the app failed. Use the shortcut on the message again.';
  await postToResponseUrl(deps.postJson, body.response_url, { text: buildFallbackText(text), blocks: [buildSection(buildFallbackText(text))] }).catch(
    (postError: unknown) => deps.logger.warn({ err: postError, slackUserId: body.user.id }, 'could not tell the user that a shortcut failed'),
  );
}
