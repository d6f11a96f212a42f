import type { types } from '@slack/bolt';

import type { Repository } from '../../bitbucket/types.js';
import { SLASH_COMMAND } from '../ids.js';
import { buildRepositoryUrl, buildWorkspaceUrl, pickHtmlUrl } from './bitbucket-links.js';
import {
  buildFallbackText,
  buildHeader,
  buildReplyContextBlocks,
  buildSection,
  type ReplyContext,
  type SlackMessage,
} from './blocks.js';
import { buildMoreNotice, countHiddenItems, packLines, type ListPage } from './list-layout.js';
import { escapeMrkdwn, formatLink, formatSlackDate, truncate } from './mrkdwn.js';

/** Characters of a repository description shown in a list line. */
const DESCRIPTION_MAX = 100;

export interface RepositoryListInput extends ReplyContext {
  workspace: string;
  /** The filter the user typed, if any. */
  filter?: string;
  page: ListPage<Repository>;
}

/** Renders the repositories of a workspace, one line each, cut with "and N more" when long. */
export function renderRepositoryList(input: RepositoryListInput): SlackMessage {
  const scope = input.filter === undefined ? '' : ` matching "${input.filter}"`;
  const workspaceLink = formatLink(buildWorkspaceUrl(input.workspace), input.workspace);

  if (input.page.values.length === 0) {
    return {
      text: buildFallbackText(`No repositories in ${input.workspace}${scope}`),
      blocks: [buildSection(`No repositories in ${workspaceLink}${escapeMrkdwn(scope)} that you can see.`), ...buildReplyContextBlocks(input)],
    };
  }

  const lines = input.page.values.map((repository) => formatRepositoryLine(repository, input.workspace));
  const packed = packLines(lines);
  const blocks: types.KnownBlock[] = [buildHeader(`Repositories in ${input.workspace}${scope}`), ...packed.blocks];

  const hidden = countHiddenItems(input.page, packed.shownCount);
  if (hidden !== 0) {
    const filterCommand = `${SLASH_COMMAND} repos ${input.workspace} <filter>`;
    blocks.push(buildMoreNotice(hidden, `Narrow the list with \`${escapeMrkdwn(filterCommand)}\`.`));
  }
  blocks.push(...buildReplyContextBlocks(input));

  return {
    text: buildFallbackText(`Repositories in ${input.workspace}${scope}: ${packed.shownCount} shown`),
    blocks,
  };
}

function formatRepositoryLine(repository: Repository, workspace: string): string {
  const slug = repository.slug ?? repository.full_name.split('/')[1] ?? repository.name;
  const url = pickHtmlUrl(repository.links, buildRepositoryUrl(workspace, slug));
  const parts = [`• *${formatLink(url, repository.full_name)}*`];

  if (repository.is_private === true) parts.push('private');
  if (repository.language !== undefined && repository.language !== '') parts.push(escapeMrkdwn(repository.language));
  if (repository.updated_on !== undefined) parts.push(`updated ${formatSlackDate(repository.updated_on, '{date_short}')}`);

  const description = repository.description?.trim() ?? '';
  const suffix = description === '' ? '' : `\n      ${escapeMrkdwn(truncate(description.replace(/\s+/g, ' '), DESCRIPTION_MAX))}`;
  return `${parts.join(' · ')}${suffix}`;
}
