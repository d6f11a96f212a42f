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
  const { data, viaSharedToken } = await runUserAction<Page<PullRequest>>(deps, slackUser, 'BITBUCKET_LIST_PULL_REQUESTS', {
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
    page: data,
    pageNumber: state.page,
    viaSharedToken,
  });
}
