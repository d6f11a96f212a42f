import type { BitbucketClient } from './client.js';
import { BitbucketNotFoundError } from './errors.js';
import type { CollectedPages, PaginationOptions } from './pagination.js';
import { describeRepository, repositoryPath } from './paths.js';
import type { TokenSource } from './token-source.js';
import type { Branch, Commit } from './types.js';

/** A full commit hash: 40 hexadecimal characters. */
export const FULL_COMMIT_HASH = /^[0-9a-f]{40}$/i;

/**
 * Creates a branch at a commit. `name` has no `refs/heads/` prefix; `targetHash` must be a full
 * hash, because Bitbucket may answer 400 to a short one that is ambiguous.
 */
export async function createBranch(
  client: BitbucketClient,
  tokens: TokenSource,
  workspace: string,
  repoSlug: string,
  name: string,
  targetHash: string,
): Promise<Branch> {
  return client.requestJson<Branch>(tokens, {
    method: 'POST',
    path: repositoryPath(workspace, repoSlug, 'refs', 'branches'),
    json: { name, target: { hash: targetHash } },
    resource: describeRepository(workspace, repoSlug),
  });
}

/** Filters of `GET …/refs/branches`, passed to Bitbucket unchanged. */
export interface BranchListFilter {
  /** BBQL query, e.g. `name ~ "feature"`. */
  q?: string;
  /** One field, `-` for descending, e.g. `-target.date` for the most recent commits first. */
  sort?: string;
}

/** Lists the branches of a repository, page after page up to `pagination.maxPages`. */
export async function listBranches(
  client: BitbucketClient,
  tokens: TokenSource,
  workspace: string,
  repoSlug: string,
  filter: BranchListFilter = {},
  pagination: PaginationOptions = {},
): Promise<CollectedPages<Branch>> {
  return client.paginate<Branch>(
    tokens,
    {
      method: 'GET',
      path: repositoryPath(workspace, repoSlug, 'refs', 'branches'),
      query: { q: filter.q, sort: filter.sort },
      resource: describeRepository(workspace, repoSlug),
    },
    pagination,
  );
}

/** Reads a branch. A name such as `feature/x` is sent as one encoded path segment. */
export async function getBranch(
  client: BitbucketClient,
  tokens: TokenSource,
  workspace: string,
  repoSlug: string,
  name: string,
): Promise<Branch> {
  return client.requestJson<Branch>(tokens, {
    method: 'GET',
    path: repositoryPath(workspace, repoSlug, 'refs', 'branches', name),
    resource: `Branch ${name} of ${workspace}/${repoSlug}`,
  });
}

/** Reads a tag; the name is one encoded path segment. */
export async function getTag(
  client: BitbucketClient,
  tokens: TokenSource,
  workspace: string,
  repoSlug: string,
  name: string,
): Promise<Branch> {
  return client.requestJson<Branch>(tokens, {
    method: 'GET',
    path: repositoryPath(workspace, repoSlug, 'refs', 'tags', name),
    resource: `Tag ${name} of ${workspace}/${repoSlug}`,
  });
}

/** Reads a commit by full or abbreviated hash. */
export async function getCommit(
  client: BitbucketClient,
  tokens: TokenSource,
  workspace: string,
  repoSlug: string,
  revision: string,
): Promise<Commit> {
  return client.requestJson<Commit>(tokens, {
    method: 'GET',
    path: repositoryPath(workspace, repoSlug, 'commit', revision),
    resource: `Commit ${revision} of ${workspace}/${repoSlug}`,
  });
}

/**
 * Resolves a branch name, tag name or abbreviated hash to a full commit hash, trying them in that
 * order. A full hash is returned without a request. Throws BitbucketNotFoundError when none matches.
 */
export async function resolveCommitHash(
  client: BitbucketClient,
  tokens: TokenSource,
  workspace: string,
  repoSlug: string,
  ref: string,
): Promise<string> {
  if (FULL_COMMIT_HASH.test(ref)) return ref.toLowerCase();

  const lookups = [
    async () => (await getBranch(client, tokens, workspace, repoSlug, ref)).target.hash,
    async () => (await getTag(client, tokens, workspace, repoSlug, ref)).target.hash,
  ];
  if (/^[0-9a-f]{4,39}$/i.test(ref)) {
    lookups.push(async () => (await getCommit(client, tokens, workspace, repoSlug, ref)).hash);
  }

  let lastMiss: BitbucketNotFoundError | undefined;
  for (const lookup of lookups) {
    try {
      return await lookup();
    } catch (error) {
      if (!(error instanceof BitbucketNotFoundError)) throw error;
      lastMiss = error;
    }
  }
  throw new BitbucketNotFoundError(
    `${describeRepository(workspace, repoSlug)} has no branch, tag or commit named ${JSON.stringify(ref)}, or the token cannot see it.`,
    lastMiss?.context ?? { method: 'GET', path: repositoryPath(workspace, repoSlug, 'refs') },
    { cause: lastMiss },
  );
}
