import type { BitbucketClient } from './client.js';
import { BitbucketInputError } from './errors.js';
import type { CollectedPages } from './pagination.js';
import { encodeFilePath, repositoryPath } from './paths.js';
import type { TokenSource } from './token-source.js';
import type { Commit, Links, SourceEntry } from './types.js';

/** What `GET …/src/{commit}/{path}?format=meta` returns for a file or a directory. */
export interface SourceMeta {
  type: 'commit_file' | 'commit_directory';
  path: string;
  size?: number;
  /** Any of link, executable, subrepository, binary, lfs. */
  attributes?: string[];
  mimetype?: string | null;
  commit?: Commit;
  links?: Links;
}

/** Location of a file or directory: a commit (hash, branch or tag) and a path inside the repository. */
export interface SourceLocation {
  workspace: string;
  repoSlug: string;
  commit: string;
  /** '' or '/' for the repository root. */
  path: string;
}

/** Reads the metadata of a file or directory, without its content. */
export async function getSourceMeta(client: BitbucketClient, tokens: TokenSource, location: SourceLocation): Promise<SourceMeta> {
  return client.requestJson<SourceMeta>(tokens, {
    method: 'GET',
    path: buildSourcePath(location),
    query: { format: 'meta' },
    resource: describeLocation(location),
  });
}

/**
 * Reads a file's raw bytes, following redirects under the API base URL (Bitbucket returns 301 for
 * LFS files). Fails with BitbucketUpstreamError when the file is longer than `maxBytes`.
 * NOTE: a redirect to another host (such as separate LFS storage) is not followed, so that read fails.
 */
export async function readSourceFile(
  client: BitbucketClient,
  tokens: TokenSource,
  location: SourceLocation,
  maxBytes: number,
): Promise<Buffer> {
  const response = await client.requestBytes(tokens, {
    method: 'GET',
    path: buildSourcePath(location),
    resource: describeLocation(location),
    maxResponseBytes: maxBytes,
  });
  return response.body;
}

/** Lists a directory's entries, page after page. */
export async function listSourceDirectory(
  client: BitbucketClient,
  tokens: TokenSource,
  location: SourceLocation,
): Promise<CollectedPages<SourceEntry>> {
  return client.paginate<SourceEntry>(tokens, {
    method: 'GET',
    path: buildSourcePath(location),
    resource: describeLocation(location),
  });
}

/**
 * Builds `…/src/{commit}/{path}`. The commit is one segment, so a branch name with `/` is encoded
 * as `%2F` (Bitbucket fails on those: resolve such a branch to its hash first). The root keeps
 * its trailing slash, which Bitbucket requires.
 */
function buildSourcePath(location: SourceLocation): string {
  const { commit } = location;
  if (commit.trim() === '' || commit === '.' || commit.includes('..')) {
    throw new BitbucketInputError(
      `commit: expected a commit hash, branch or tag such as "main", got ${JSON.stringify(commit)}`,
      'commit',
    );
  }
  return `${repositoryPath(location.workspace, location.repoSlug, 'src', commit)}/${encodeFilePath(location.path)}`;
}

function describeLocation(location: SourceLocation): string {
  const path = location.path.replace(/^\/+/, '') || '/';
  return `Path ${path} at ${location.commit} in ${location.workspace}/${location.repoSlug}`;
}
