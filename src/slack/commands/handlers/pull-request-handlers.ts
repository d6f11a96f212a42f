import type { Page, PullRequest } from '../../../bitbucket/types.js';
import type { SlackUserRef } from '../../../connections/keys.js';
import type { SlackMessage } from '../../render/blocks.js';
import type { PullRequestPageState } from '../../render/pull-request-page-value.js';
import { renderPullRequestList } from '../../render/render-pull-request-list.js';
import type { SlackDependencies } from '../../slack-dependencies.js';
import type { CommandHandler } from '../command-handler.js';
import { runUserAction } from '../run-user-action.js';

/** Pull requests per page in Slack: enough to scan, few enough to stay within 50 blocks. */
export const PULL_REQUESTS_PER_PAGE = 10;

/** The data BITBUCKET_LIST_PULL_REQUESTS returns when it reads one page. */
interface PullRequestPageData {
  values: PullRequest[];
  size: number | null;
  /** Number of the next page, or null on the last page. */
  next_page: number | null;
}

/** `prs <repo> [state]`: the first page of pull requests, with Next and Previous buttons. */
export const handlePullRequestList: CommandHandler<'prs'> = async (command, context, deps) => {
  const message = await buildPullRequestListMessage(deps, context.slackUser, {
    workspace: command.workspace,
    repoSlug: command.repoSlug,
    state: command.state,
    page: 1,
  });
  await context.reply(message);
};

/** Reads one page of pull requests as the user and renders it; the pagination buttons call it too. */
export async function buildPullRequestListMessage(
  deps: SlackDependencies,
  slackUser: SlackUserRef,
  state: PullRequestPageState,
): Promise<SlackMessage> {
  const { data, viaSharedToken } = await runUserAction<PullRequestPageData>(deps, slackUser, 'BITBUCKET_LIST_PULL_REQUESTS', {
    workspace: state.workspace,
    repo_slug: state.repoSlug,
    state: state.state,
    page: state.page,
    pagelen: PULL_REQUESTS_PER_PAGE,
  });
  return renderPullRequestList({
    workspace: state.workspace,
    repoSlug: state.repoSlug,
    state: state.state,
    page: toPage(data),
    pageNumber: state.page,
    viaSharedToken,
  });
}

/**
 * Converts the action's page data to the renderer's Page. The renderer only checks whether `next`
 * is set, so it gets a page label in place of Bitbucket's URL.
 */
function toPage(data: PullRequestPageData): Page<PullRequest> {
  const page: Page<PullRequest> = { values: data.values };
  if (data.size !== null) page.size = data.size;
  if (data.next_page !== null) page.next = `page ${data.next_page}`;
  return page;
}
