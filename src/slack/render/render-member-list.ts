import type { types } from '@slack/bolt';

import type { WorkspaceMembership } from '../../bitbucket/types.js';
import { buildWorkspaceUrl } from './bitbucket-links.js';
import {
  buildFallbackText,
  buildHeader,
  buildReplyContextBlocks,
  buildSection,
  type ReplyContext,
  type SlackMessage,
} from './blocks.js';
import { formatAccount } from './format-account.js';
import { buildMoreNotice, countHiddenItems, packLines, type ListPage } from './list-layout.js';
import { formatLink } from './mrkdwn.js';

export interface MemberListInput extends ReplyContext {
  workspace: string;
  /** A page of `GET /workspaces/{workspace}/members`. */
  page: ListPage<WorkspaceMembership>;
}

/** Renders the members of a workspace, one line each, cut with "and N more" when long. */
export function renderMemberList(input: MemberListInput): SlackMessage {
  const workspaceLink = formatLink(buildWorkspaceUrl(input.workspace), input.workspace);

  if (input.page.values.length === 0) {
    return {
      text: buildFallbackText(`No members in ${input.workspace}`),
      blocks: [buildSection(`Bitbucket listed no members of ${workspaceLink}.`), ...buildReplyContextBlocks(input)],
    };
  }

  const lines = input.page.values.map((membership) => `• ${formatAccount(membership.user)}`);
  const packed = packLines(lines);
  const blocks: types.KnownBlock[] = [buildHeader(`Members of ${input.workspace}`), ...packed.blocks];

  const hidden = countHiddenItems(input.page, packed.shownCount);
  if (hidden !== 0) {
    // The members command has no filter, so the hint points at Bitbucket's own member list.
    blocks.push(buildMoreNotice(hidden, `See all members of ${workspaceLink} on bitbucket.org.`));
  }
  blocks.push(...buildReplyContextBlocks(input));

  return { text: buildFallbackText(`Members of ${input.workspace}: ${packed.shownCount} shown`), blocks };
}
