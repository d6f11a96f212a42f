import type { App, BlockAction, ButtonAction } from '@slack/bolt';

import { issueDeleteLockKey } from '../../../connections/keys.js';
import { ACTION_IDS } from '../../ids.js';
import { openIssueTracker } from '../../issues/open-issue-tracker.js';
import { buildFallbackText, buildSection } from '../../render/blocks.js';
import { formatSlackUser } from '../../render/format-account.js';
import { parseIssueTargetValue, type IssueTarget } from '../../render/issue-target-value.js';
import { renderIssueDeleted } from '../../render/render-deleted.js';
import { postToResponseUrl, type ResponseUrlReply } from '../../replies/post-to-response-url.js';
import { buildErrorReply } from '../../replies/reply-with-error.js';
import type { SlackDependencies } from '../../slack-dependencies.js';
import { deferButtonWork } from '../defer-button-work.js';
import { slackUserOf } from '../slack-user-of.js';

/** How long a press of an issue's Delete button keeps other presses from deleting it again. */
const ISSUE_DELETE_CLAIM_TTL_MS = 60_000;

/**
 * Registers the buttons of the "delete this issue?" message. Only the user named in the button's
 * value may press them; anyone else gets an ephemeral refusal and nothing happens. The work waits
 * in the work queue, because it replies through the response_url.
 */
export function registerConfirmationListeners(app: App, deps: SlackDependencies): void {
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.confirmIssueDelete, async ({ ack, body, action }) => {
    await ack();
    await deferButtonWork(deps, body, 'issue delete confirmation', () => confirmIssueDelete(deps, body, action.value));
  });

  app.action<BlockAction<ButtonAction>>(ACTION_IDS.cancelIssueDelete, async ({ ack, body, action }) => {
    await ack();
    await deferButtonWork(deps, body, 'issue delete cancellation', () => cancelIssueDelete(deps, body, action.value));
  });
}

async function confirmIssueDelete(deps: SlackDependencies, body: BlockAction, value: string | undefined): Promise<void> {
  const slackUser = slackUserOf(body);
  const target = await checkPresser(deps, body, value);
  if (target === undefined) return;

  const repository = { workspace: target.workspace, repoSlug: target.repoSlug };
  const release = await claimIssueDeletion(deps, body, target);
  if (release === undefined) return;
  try {
    const result = await openIssueTracker(deps, slackUser).deleteIssue(repository, target.issueId);
    const announcement = renderIssueDeleted({
      ...repository,
      issueId: target.issueId,
      actorUserId: slackUser.userId,
      viaSharedToken: result.viaSharedToken,
    });
    await reply(deps, body, { ...announcement, inChannel: true, replaceOriginal: false });
    await reply(deps, body, { text: 'Deleted', blocks: [], deleteOriginal: true });
  } catch (error) {
    // A failed deletion may be tried again with the same button.
    await release();
    const message = await buildErrorReply(error, { slackUser, operation: `issue deletion of ${target.workspace}/${target.repoSlug}#${target.issueId}` }, deps);
    await reply(deps, body, { ...message, replaceOriginal: false });
  }
}

/**
 * Claims the deletion of an issue for one button press, so a double click deletes it once and
 * does not report the second press's 404. A claim that succeeds is kept until it expires, because
 * the message with the button may still be shown for a moment after the deletion. Returns the
 * release function, or undefined when another press holds the claim (logged; that press replies).
 * When the store fails, the deletion goes ahead unguarded.
 */
async function claimIssueDeletion(deps: SlackDependencies, body: BlockAction, target: IssueTarget): Promise<(() => Promise<void>) | undefined> {
  const logFields = { slackUserId: body.user.id, workspace: target.workspace, repoSlug: target.repoSlug, issueId: target.issueId };
  try {
    const release = await deps.store.acquireLock(issueDeleteLockKey(target.workspace, target.repoSlug, target.issueId), ISSUE_DELETE_CLAIM_TTL_MS, 0);
    if (release === null) {
      deps.logger.info(logFields, 'ignored a second press of an issue delete button');
      return undefined;
    }
    return () => release().catch((error: unknown) => deps.logger.warn({ ...logFields, err: error }, 'could not release an issue deletion claim; it expires by itself'));
  } catch (error) {
    deps.logger.warn({ ...logFields, err: error }, 'could not claim an issue deletion; deleting without the guard against a double press');
    return async () => undefined;
  }
}

async function cancelIssueDelete(deps: SlackDependencies, body: BlockAction, value: string | undefined): Promise<void> {
  const target = await checkPresser(deps, body, value);
  if (target === undefined) return;
  const text = `Kept issue #${target.issueId} in ${target.workspace}/${target.repoSlug}; nothing was deleted.`;
  await reply(deps, body, { text: buildFallbackText(text), blocks: [buildSection(buildFallbackText(text))], replaceOriginal: true });
}

/**
 * Returns the issue a button names when the user who pressed it may act on it. Otherwise it
 * replies (an ephemeral refusal, or "no longer works" for an unreadable value) and returns undefined.
 */
async function checkPresser(deps: SlackDependencies, body: BlockAction, value: string | undefined): Promise<IssueTarget | undefined> {
  const target = parseIssueTargetValue(value);
  if (target === undefined) {
    deps.logger.warn({ slackUserId: body.user.id, value }, 'an issue delete button carried an invalid value');
    const text = 'This button no longer works. Run `/bitbucket issue delete <workspace>/<repository> <number>` again.';
    await reply(deps, body, { text: buildFallbackText('This button no longer works'), blocks: [buildSection(text)], replaceOriginal: false });
    return undefined;
  }
  if (target.requesterUserId !== undefined && target.requesterUserId !== body.user.id) {
    deps.logger.info({ slackUserId: body.user.id, requesterUserId: target.requesterUserId, issueId: target.issueId }, 'rejected an issue delete button pressed by another user');
    const text = `Only ${formatSlackUser(target.requesterUserId)}, who asked to delete issue #${target.issueId}, can confirm or cancel it.`;
    await reply(deps, body, { text: buildFallbackText('Only the person who asked can confirm this'), blocks: [buildSection(text)], replaceOriginal: false });
    return undefined;
  }
  return target;
}

/** Replies through the button's response_url; a failure is logged, because no other way back exists. */
async function reply(deps: SlackDependencies, body: BlockAction, message: ResponseUrlReply): Promise<void> {
  try {
    await postToResponseUrl(deps.postJson, body.response_url, message);
  } catch (error) {
    deps.logger.error({ err: error, slackUserId: body.user.id }, 'could not reply to an issue delete button');
  }
}
