import type { types } from '@slack/bolt';

import type { WorkspaceAccess } from '../../bitbucket/types.js';
import { SLASH_COMMAND } from '../ids.js';
import { buildWorkspaceUrl, pickHtmlUrl } from './bitbucket-links.js';
import {
  buildFallbackText,
  buildHeader,
  buildReplyContextBlocks,
  buildSection,
  type ReplyContext,
  type SlackMessage,
} from './blocks.js';
import { buildMoreNotice, countHiddenItems, packLines, type ListPage } from './list-layout.js';
import { escapeMrkdwn, formatLink } from './mrkdwn.js';

export interface WorkspaceListInput extends ReplyContext {
  /** The filter the user typed, if any. */
  filter?: string;
  /** A page of `GET /user/workspaces`. */
  page: ListPage<WorkspaceAccess>;
}

/** Renders the workspaces the user belongs to, one line each, cut with "and N more" when long. */
export function renderWorkspaceList(input: WorkspaceListInput): SlackMessage {
  const scope = input.filter === undefined ? '' : ` matching "${input.filter}"`;

  if (input.page.values.length === 0) {
    return {
      text: buildFallbackText(`No workspaces${scope}`),
      blocks: [
        buildSection(`You belong to no workspaces${escapeMrkdwn(scope)}.`),
        ...buildReplyContextBlocks(input),
      ],
    };
  }

  const lines = input.page.values.map((access) => formatWorkspaceLine(access));
  const packed = packLines(lines);
  const blocks: types.KnownBlock[] = [buildHeader(`Your workspaces${scope}`), ...packed.blocks];

  const hidden = countHiddenItems(input.page, packed.shownCount);
  if (hidden !== 0) {
    blocks.push(buildMoreNotice(hidden, `Narrow the list with \`${escapeMrkdwn(`${SLASH_COMMAND} workspaces <filter>`)}\`.`));
  }
  blocks.push(...buildReplyContextBlocks(input));

  return { text: buildFallbackText(`Your workspaces${scope}: ${packed.shownCount} shown`), blocks };
}

function formatWorkspaceLine(access: WorkspaceAccess): string {
  const { workspace } = access;
  const url = pickHtmlUrl(workspace.links, buildWorkspaceUrl(workspace.slug));
  const name = workspace.name ?? workspace.slug;
  const parts = [`• *${formatLink(url, name)}*`, `\`${escapeMrkdwn(workspace.slug)}\``];
  if (access.administrator === true) parts.push('administrator');
  return parts.join(' · ');
}
