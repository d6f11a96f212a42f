import type { types } from '@slack/bolt';

import type { Page, PullRequest, PullRequestEndpoint } from '../../bitbucket/types.js';
import type { PullRequestStateFilter } from '../commands/parsed-command.js';
import { ACTION_IDS, BLOCK_IDS, SLASH_COMMAND } from '../ids.js';
import { buildPullRequestListUrl, buildPullRequestUrl, pickHtmlUrl } from './bitbucket-links.js';
import {
  buildButton,
  buildContext,
  buildFallbackText,
  buildHeader,
  buildReplyContextBlocks,
  buildSection,
  type ReplyContext,
  type SlackMessage,
} from './blocks.js';
import { formatAccountName } from './format-account.js';
import { buildMoreNotice, packSections } from './list-layout.js';
import { escapeMrkdwn, formatLink, formatSlackDate, truncate } from './mrkdwn.js';
import { encodePullRequestPageValue } from './pull-request-page-value.js';

/** Input of renderPullRequestList: one page of `GET .../pullrequests`. */
export interface PullRequestListInput extends ReplyContext {
  workspace: string;
  repoSlug: string;
  state: PullRequestStateFilter;
  page: Page<PullRequest>;
  /** 1-based number of this page. */
  pageNumber: number;
}

/**
 * Characters of a title shown in the list; the link opens the whole title. A pull request left
 * out of the reply is never shown in Slack, because the Next button continues at Bitbucket's next
 * page, and with this cut ten pull requests fit the list budget.
 * NOTE: very long author or branch names can still push the last ones out; the "and N more"
 * notice then links to bitbucket.org.
 */
const TITLE_MAX = 120;

const STATE_LABELS: Record<PullRequestStateFilter, string> = {
  open: 'Open pull requests',
  merged: 'Merged pull requests',
  declined: 'Declined pull requests',
  superseded: 'Superseded pull requests',
  all: 'Pull requests',
};

/**
 * Renders one page of pull requests: id, title, author, source and destination branch, state,
 * last update and link, with Next and Previous buttons that carry the page state in their value.
 */
export function renderPullRequestList(input: PullRequestListInput): SlackMessage {
  const repository = `${input.workspace}/${input.repoSlug}`;
  const title = `${STATE_LABELS[input.state]} in ${repository}`;
  const listUrl = buildPullRequestListUrl(input.workspace, input.repoSlug, input.state === 'all' ? undefined : input.state.toUpperCase());

  if (input.page.values.length === 0 && input.pageNumber > 1) return renderPageBeyondEnd(input, listUrl);
  if (input.page.values.length === 0) {
    const none = input.state === 'all' ? 'No pull requests' : `No ${input.state} pull requests`;
    return {
      text: buildFallbackText(`${none} in ${repository}`),
      blocks: [
        buildSection(`${escapeMrkdwn(none)} in ${formatLink(listUrl, repository)}.${formatAllStatesHint(input)}`),
        ...buildReplyContextBlocks(input),
      ],
    };
  }

  const items = input.page.values.map((pullRequest) => buildPullRequestSection(pullRequest, input));
  const packed = packSections(items);
  const blocks: types.KnownBlock[] = [buildHeader(title), ...packed.blocks];

  const hidden = input.page.values.length - packed.shownCount;
  if (hidden > 0) {
    blocks.push(buildMoreNotice(hidden, `${formatLink(listUrl, 'See them on bitbucket.org')}.`));
  }

  blocks.push(buildContext(formatPageSummary(input), formatLink(listUrl, 'Open on bitbucket.org')));
  const pagination = buildPaginationBlock(input);
  if (pagination !== undefined) blocks.push(pagination);
  blocks.push(...buildReplyContextBlocks(input));

  return { text: buildFallbackText(`${title}: ${input.page.values.length} shown`), blocks };
}

/**
 * Renders a later page that came back empty, usually because pull requests were merged or
 * declined since the previous page, with a button back to the first page.
 */
function renderPageBeyondEnd(input: PullRequestListInput, listUrl: string): SlackMessage {
  const repository = `${input.workspace}/${input.repoSlug}`;
  const firstPage = buildButton({
    label: 'First page',
    actionId: ACTION_IDS.pullRequestsPreviousPage,
    value: encodePullRequestPageValue({ workspace: input.workspace, repoSlug: input.repoSlug, state: input.state, page: 1 }),
  });
  const sentence =
    `Page ${input.pageNumber} of the list is empty, most likely because pull requests of ${formatLink(listUrl, repository)} ` +
    'were merged or declined since the previous page.';

  return {
    text: buildFallbackText(`Page ${input.pageNumber} of the pull requests in ${repository} is empty`),
    blocks: [
      buildSection(sentence),
      { type: 'actions', block_id: BLOCK_IDS.message.pullRequestPagination, elements: [firstPage] },
      ...buildReplyContextBlocks(input),
    ],
  };
}

function buildPullRequestSection(pullRequest: PullRequest, input: PullRequestListInput): types.SectionBlock {
  const url = pickHtmlUrl(pullRequest.links, buildPullRequestUrl(input.workspace, input.repoSlug, pullRequest.id));
  const titleLine = `*${formatLink(url, `#${pullRequest.id} ${truncate(pullRequest.title, TITLE_MAX)}`)}*`;

  const details = [
    formatAccountName(pullRequest.author),
    `${formatEndpoint(pullRequest.source, input)} → ${formatEndpoint(pullRequest.destination, input)}`,
    formatState(pullRequest),
  ];
  if (pullRequest.updated_on !== undefined) details.push(`updated ${formatSlackDate(pullRequest.updated_on)}`);

  return buildSection(`${titleLine}\n${details.join(' · ')}`);
}

/** Formats a branch as code; a branch of another repository (a fork) gets the repository in front. */
function formatEndpoint(endpoint: PullRequestEndpoint, input: PullRequestListInput): string {
  const fullName = endpoint.repository?.full_name;
  const isOtherRepository = fullName !== undefined && fullName !== `${input.workspace}/${input.repoSlug}`;
  const branch = isOtherRepository ? `${fullName}:${endpoint.branch.name}` : endpoint.branch.name;
  return `\`${escapeMrkdwn(branch)}\``;
}

function formatAllStatesHint(input: PullRequestListInput): string {
  if (input.state === 'all') return '';
  const command = `${SLASH_COMMAND} prs ${input.workspace}/${input.repoSlug} all`;
  return ` Run \`${escapeMrkdwn(command)}\` to list every state.`;
}

function formatState(pullRequest: PullRequest): string {
  const state = pullRequest.state.toLowerCase();
  return pullRequest.draft === true && pullRequest.state === 'OPEN' ? 'draft' : state;
}

function formatPageSummary(input: PullRequestListInput): string {
  const parts = [`Page ${input.pageNumber}`];
  if (input.page.size !== undefined) parts.push(`${input.page.size} in total`);
  return parts.join(' · ');
}

function buildPaginationBlock(input: PullRequestListInput): types.ActionsBlock | undefined {
  const target = { workspace: input.workspace, repoSlug: input.repoSlug, state: input.state };
  const elements: types.Button[] = [];

  if (input.pageNumber > 1) {
    elements.push(
      buildButton({
        label: 'Previous',
        actionId: ACTION_IDS.pullRequestsPreviousPage,
        value: encodePullRequestPageValue({ ...target, page: input.pageNumber - 1 }),
      }),
    );
  }
  if (input.page.next !== undefined) {
    elements.push(
      buildButton({
        label: 'Next',
        actionId: ACTION_IDS.pullRequestsNextPage,
        value: encodePullRequestPageValue({ ...target, page: input.pageNumber + 1 }),
      }),
    );
  }
  if (elements.length === 0) return undefined;

  return { type: 'actions', block_id: BLOCK_IDS.message.pullRequestPagination, elements };
}
