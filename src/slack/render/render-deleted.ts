import type { types } from '@slack/bolt';

import { ACTION_IDS, BLOCK_IDS } from '../ids.js';
import { buildWorkspaceUrl } from './bitbucket-links.js';
import { buildButton, buildFallbackText, buildSection, type SlackMessage } from './blocks.js';
import { buildConfirmation, type ActorInput } from './confirmation.js';
import { encodeIssueTargetValue } from './issue-target-value.js';
import { escapeMrkdwn, formatLink, truncate } from './mrkdwn.js';
import { formatRepositoryLink } from './format-targets.js';

interface RepositoryTarget extends ActorInput {
  workspace: string;
  repoSlug: string;
}

/** Renders the announcement of a deleted repository, linking its workspace. */
export function renderRepositoryDeleted(input: RepositoryTarget): SlackMessage {
  const repository = `${input.workspace}/${input.repoSlug}`;
  return buildConfirmation({
    actor: input,
    sentence: `deleted repository *${escapeMrkdwn(repository)}*.`,
    fallback: `Deleted repository ${repository}`,
    context: [`It was in workspace ${formatLink(buildWorkspaceUrl(input.workspace), input.workspace)}.`],
  });
}

/** Renders the announcement of a deleted issue, linking its repository. */
export function renderIssueDeleted(input: RepositoryTarget & { issueId: number; issueTitle?: string }): SlackMessage {
  const label = input.issueTitle === undefined ? `#${input.issueId}` : `#${input.issueId} ${input.issueTitle}`;
  return buildConfirmation({
    actor: input,
    sentence: `deleted issue *${escapeMrkdwn(label)}* from ${formatRepositoryLink(input)}.`,
    fallback: `Deleted issue ${label} from ${input.workspace}/${input.repoSlug}`,
  });
}

/**
 * Renders the question asked before an issue is deleted: a Delete button (with Slack's own
 * confirm dialog as a second check) and a Cancel button, both carrying the issue in their value.
 * With `requesterUserId` the value also names the user who may press them.
 */
export function renderIssueDeleteRequest(input: {
  workspace: string;
  repoSlug: string;
  issueId: number;
  issueTitle?: string;
  requesterUserId?: string;
}): SlackMessage {
  const label = input.issueTitle === undefined ? `#${input.issueId}` : `#${input.issueId} ${input.issueTitle}`;
  const value = encodeIssueTargetValue(input);

  const actions: types.ActionsBlock = {
    type: 'actions',
    block_id: BLOCK_IDS.message.deleteConfirmation,
    elements: [
      buildButton({
        label: 'Delete issue',
        actionId: ACTION_IDS.confirmIssueDelete,
        style: 'danger',
        value,
        confirm: {
          title: { type: 'plain_text', text: 'Delete this issue?' },
          text: { type: 'plain_text', text: truncate(`Issue ${label} will be deleted from ${input.workspace}/${input.repoSlug}.`, 300) },
          confirm: { type: 'plain_text', text: 'Delete' },
          deny: { type: 'plain_text', text: 'Keep it' },
          style: 'danger',
        },
      }),
      buildButton({ label: 'Cancel', actionId: ACTION_IDS.cancelIssueDelete, value }),
    ],
  };

  return {
    text: buildFallbackText(`Delete issue ${label} from ${input.workspace}/${input.repoSlug}?`),
    blocks: [
      buildSection(`Delete issue *${escapeMrkdwn(label)}* from ${formatRepositoryLink(input)}? This cannot be undone.`),
      actions,
    ],
  };
}
