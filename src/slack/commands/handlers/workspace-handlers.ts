import type { Repository, WorkspaceAccess, WorkspaceMembership } from '../../../bitbucket/types.js';
import type { ListPage } from '../../render/list-layout.js';
import { renderMemberList } from '../../render/render-member-list.js';
import { renderRepositoryList } from '../../render/render-repository-list.js';
import { renderWorkspaceList } from '../../render/render-workspace-list.js';
import type { CommandHandler } from '../command-handler.js';
import { runUserAction } from '../run-user-action.js';

/**
 * Pages of 100 a list reply reads. A reply shows a few dozen lines and says when there are more,
 * so reading further would only spend the rate budget all users of the OAuth consumer share.
 */
const LIST_REPLY_MAX_PAGES = 1;

/** The data of the toolkit's list actions: every value read, and whether reading stopped early. */
interface CollectedList<T> {
  values: T[];
  truncated: boolean;
}

/** `workspaces [filter]`: the workspaces the user belongs to, filtered by slug or name. */
export const handleWorkspaceList: CommandHandler<'workspaces'> = async (command, context, deps) => {
  const params = command.filter === undefined ? {} : { q: command.filter };
  const { data, viaSharedToken } = await runUserAction<CollectedList<WorkspaceAccess>>(
    deps,
    context.slackUser,
    'BITBUCKET_LIST_WORKSPACES',
    params,
  );

  await context.reply(renderWorkspaceList({ filter: command.filter, page: toListPage(data), viaSharedToken }));
};

/** `repos <workspace> [filter]`: the repositories of a workspace the user can see. */
export const handleRepositoryList: CommandHandler<'repos'> = async (command, context, deps) => {
  const params = {
    workspace: command.workspace,
    sort: '-updated_on',
    ...(command.filter === undefined ? {} : { q: buildRepositoryQuery(command.filter) }),
  };
  const { data, viaSharedToken } = await runUserAction<CollectedList<Repository>>(
    deps,
    context.slackUser,
    'BITBUCKET_LIST_REPOSITORIES_IN_WORKSPACE',
    params,
    undefined,
    { maxPages: LIST_REPLY_MAX_PAGES },
  );

  await context.reply(
    renderRepositoryList({ workspace: command.workspace, filter: command.filter, page: toListPage(data), viaSharedToken }),
  );
};

/** `members <workspace>`: the members of a workspace. */
export const handleMemberList: CommandHandler<'members'> = async (command, context, deps) => {
  const { data, viaSharedToken } = await runUserAction<CollectedList<WorkspaceMembership>>(
    deps,
    context.slackUser,
    'BITBUCKET_LIST_WORKSPACE_MEMBERS',
    { workspace: command.workspace },
    undefined,
    { maxPages: LIST_REPLY_MAX_PAGES },
  );

  await context.reply(renderMemberList({ workspace: command.workspace, page: toListPage(data), viaSharedToken }));
};

/**
 * Turns the filter a person typed into a Bitbucket query (BBQL). Plain text matches repository
 * names that contain it, ignoring case. Text with a comparison operator, such as
 * `project.key = "PROJ"`, is already a query and is passed on unchanged.
 */
export function buildRepositoryQuery(filter: string): string {
  if (/[=~<>]/.test(filter)) return filter;
  const quoted = filter.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  return `name ~ "${quoted}"`;
}

function toListPage<T>(list: CollectedList<T>): ListPage<T> {
  return list.truncated ? { values: list.values, truncated: true } : { values: list.values, size: list.values.length };
}
