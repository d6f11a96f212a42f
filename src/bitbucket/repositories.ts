import type { BitbucketClient } from './client.js';
import type { CollectedPages, PaginationOptions } from './pagination.js';
import { checkSlug, describeRepository, joinSegments, repositoryPath } from './paths.js';
import type { TokenSource } from './token-source.js';
import type { Repository } from './types.js';

/** Filters of `GET /repositories/{workspace}`, passed to Bitbucket unchanged. */
export interface RepositoryListFilter {
  /** BBQL query, e.g. `name ~ "api"`. */
  q?: string;
  role?: 'member' | 'contributor' | 'admin' | 'owner';
  /** One field, `-` for descending, e.g. `-updated_on`. */
  sort?: string;
}

/** The body of `POST /repositories/{workspace}/{repo_slug}`; every field is optional. */
export interface RepositoryCreation {
  scm: 'git';
  /** Display name; Bitbucket uses the slug when it is left out. */
  name?: string;
  is_private?: boolean;
  fork_policy?: 'allow_forks' | 'no_public_forks' | 'no_forks';
  description?: string;
  has_issues?: boolean;
  has_wiki?: boolean;
  language?: string;
  /** Without a project Bitbucket puts the repository in the workspace's oldest project. */
  project?: { key: string };
}

/** Lists the repositories of a workspace that the token's user can see. */
export async function listRepositories(
  client: BitbucketClient,
  tokens: TokenSource,
  workspace: string,
  filter: RepositoryListFilter = {},
  pagination: PaginationOptions = {},
): Promise<CollectedPages<Repository>> {
  checkSlug('workspace', workspace, 'the workspace');
  return client.paginate<Repository>(
    tokens,
    {
      method: 'GET',
      path: joinSegments(['repositories', workspace]),
      query: { q: filter.q, role: filter.role, sort: filter.sort },
      resource: `Workspace ${workspace}`,
    },
    pagination,
  );
}

/** Reads one repository, e.g. to learn its main branch. */
export async function getRepository(
  client: BitbucketClient,
  tokens: TokenSource,
  workspace: string,
  repoSlug: string,
): Promise<Repository> {
  return client.requestJson<Repository>(tokens, {
    method: 'GET',
    path: repositoryPath(workspace, repoSlug),
    resource: describeRepository(workspace, repoSlug),
  });
}

/** Creates a repository. Bitbucket answers 200, not 201, and takes the slug from the URL. */
export async function createRepository(
  client: BitbucketClient,
  tokens: TokenSource,
  workspace: string,
  repoSlug: string,
  body: RepositoryCreation,
): Promise<Repository> {
  return client.requestJson<Repository>(tokens, {
    method: 'POST',
    path: repositoryPath(workspace, repoSlug),
    json: body,
    resource: describeRepository(workspace, repoSlug),
  });
}

/** Deletes a repository for good; forks are left alone. */
export async function deleteRepository(
  client: BitbucketClient,
  tokens: TokenSource,
  workspace: string,
  repoSlug: string,
): Promise<void> {
  await client.requestJson<undefined>(tokens, {
    method: 'DELETE',
    path: repositoryPath(workspace, repoSlug),
    resource: describeRepository(workspace, repoSlug),
  });
}
