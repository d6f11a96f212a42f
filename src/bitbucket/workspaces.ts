import type { BitbucketClient } from './client.js';
import type { CollectedPages, PaginationOptions } from './pagination.js';
import { checkSlug, joinSegments } from './paths.js';
import type { TokenSource } from './token-source.js';
import type { WorkspaceAccess, WorkspaceMembership } from './types.js';

/**
 * Lists the workspaces the token's user belongs to through `GET /user/workspaces`, because
 * Bitbucket removed `GET /workspaces`. Bitbucket sorts this list by `slug` only.
 */
export async function listUserWorkspaces(
  client: BitbucketClient,
  tokens: TokenSource,
  options: { sort?: 'slug' | '-slug' } = {},
  pagination: PaginationOptions = {},
): Promise<CollectedPages<WorkspaceAccess>> {
  return client.paginate<WorkspaceAccess>(
    tokens,
    {
      method: 'GET',
      path: '/user/workspaces',
      query: { sort: options.sort },
      resource: 'The list of your workspaces',
    },
    pagination,
  );
}

/** Lists the members of a workspace (`GET /workspaces/{workspace}/members`). */
export async function listWorkspaceMembers(
  client: BitbucketClient,
  tokens: TokenSource,
  workspace: string,
  pagination: PaginationOptions = {},
): Promise<CollectedPages<WorkspaceMembership>> {
  checkSlug('workspace', workspace, 'the workspace');
  return client.paginate<WorkspaceMembership>(
    tokens,
    {
      method: 'GET',
      path: joinSegments(['workspaces', workspace, 'members']),
      resource: `Workspace ${workspace}`,
    },
    pagination,
  );
}
