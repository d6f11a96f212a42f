import { resolveCommitHash } from './branches.js';
import type { BitbucketClient } from './client.js';
import { BitbucketNotFoundError, BitbucketRefNotFoundError } from './errors.js';
import { describeRepository, repositoryPath } from './paths.js';
import { getRepository } from './repositories.js';
import type { TokenSource } from './token-source.js';

/** A branch, tag or commit that was found, with the full hash it points at. */
export interface ResolvedRef {
  /** The name as the person wrote it, or the main branch's name when they named none. */
  name: string;
  /** Full 40-character commit hash, lower case. */
  hash: string;
  /** True when no ref was named and the repository's main branch was used. */
  isMainBranch: boolean;
}

/**
 * Resolves a branch name, tag name or commit hash (a prefix of at least 4 characters) to a full
 * commit hash, trying them in that order. Without `ref`, the repository's main branch is used.
 * Throws BitbucketRefNotFoundError naming the ref when nothing matches, and the repository's own
 * BitbucketNotFoundError when the repository does not exist or the token cannot see it.
 */
export async function resolveRef(
  client: BitbucketClient,
  tokens: TokenSource,
  workspace: string,
  repoSlug: string,
  ref?: string,
): Promise<ResolvedRef> {
  const name = ref ?? (await readMainBranchName(client, tokens, workspace, repoSlug));

  try {
    const hash = await resolveCommitHash(client, tokens, workspace, repoSlug, name);
    return { name, hash: hash.toLowerCase(), isMainBranch: ref === undefined };
  } catch (error) {
    if (!(error instanceof BitbucketNotFoundError)) throw error;
    // Bitbucket returns 404 for a missing branch and for a missing repository alike. Reading the
    // repository tells them apart, because it throws its own not-found error when the repository is missing.
    if (ref !== undefined) await getRepository(client, tokens, workspace, repoSlug);
    throw new BitbucketRefNotFoundError(
      `${describeRepository(workspace, repoSlug)} has no branch, tag or commit named ${JSON.stringify(name)}.`,
      error.context,
      workspace,
      repoSlug,
      name,
      { cause: error },
    );
  }
}

/**
 * Returns the name of a repository's main branch. Throws BitbucketRefNotFoundError without a
 * ref when the repository has none, which happens before its first commit.
 */
export async function readMainBranchName(
  client: BitbucketClient,
  tokens: TokenSource,
  workspace: string,
  repoSlug: string,
): Promise<string> {
  const repository = await getRepository(client, tokens, workspace, repoSlug);
  const name = repository.mainbranch?.name;
  if (name === undefined || name === '') {
    throw new BitbucketRefNotFoundError(
      `${describeRepository(workspace, repoSlug)} has no main branch yet because it has no commits.`,
      { method: 'GET', path: repositoryPath(workspace, repoSlug) },
      workspace,
      repoSlug,
      undefined,
    );
  }
  return name;
}
