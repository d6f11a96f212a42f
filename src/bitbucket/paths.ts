import { BitbucketInputError } from './errors.js';

/**
 * Percent-encodes one path segment, `/` included, so a branch name such as `feature/x` or a
 * workspace given as `{uuid}` stays a single segment.
 */
export function encodeSegment(value: string): string {
  return encodeURIComponent(value);
}

/**
 * Rejects a workspace, repository slug or snippet id that cannot be one path segment. An empty
 * value, `.`, `..` or a `/` would change which resource the URL names, so nothing is sent.
 */
export function checkSlug(parameter: string, value: string, description: string): string {
  if (value.trim() === '') {
    throw new BitbucketInputError(`${parameter}: ${description} must not be empty`, parameter);
  }
  if (value.includes('/') || value.includes('\\')) {
    throw new BitbucketInputError(`${parameter}: ${description} must not contain "/", got ${JSON.stringify(value)}`, parameter);
  }
  if (value.includes('..') || value === '.') {
    throw new BitbucketInputError(`${parameter}: ${description} must not contain "..", got ${JSON.stringify(value)}`, parameter);
  }
  return value;
}

/** Builds `/repositories/{workspace}/{repo_slug}` plus encoded extra segments. */
export function repositoryPath(workspace: string, repoSlug: string, ...segments: Array<string | number>): string {
  checkSlug('workspace', workspace, 'the workspace');
  checkSlug('repo_slug', repoSlug, 'the repository slug');
  return joinSegments(['repositories', workspace, repoSlug, ...segments.map(String)]);
}

/**
 * Encodes each segment and joins them into an absolute path such as `/user/workspaces`. Throws
 * BitbucketInputError for an empty, `.` or `..` segment: URL parsing drops or resolves those, so
 * the request would name another resource (`refs/branches/..` would list the refs).
 */
export function joinSegments(segments: string[]): string {
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw new BitbucketInputError(
        `path: expected a name that is not empty, "." or "..", got ${JSON.stringify(segment)}`,
        'path',
      );
    }
  }
  return `/${segments.map(encodeSegment).join('/')}`;
}

/**
 * Encodes a file path inside a repository: every segment on its own, with `/` kept between them.
 * Returns '' for the repository root. Empty, `.` and `..` segments are rejected, because URL
 * parsing would resolve them (even as `%2E%2E`) to another path.
 */
export function encodeFilePath(path: string): string {
  const trimmed = path.replace(/^\/+/, '').replace(/\/+$/, '');
  if (trimmed === '') return '';

  const segments = trimmed.split('/');
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw new BitbucketInputError(
        `path: expected a file path such as "docs/README.md" without empty, "." or ".." parts, got ${JSON.stringify(path)}`,
        'path',
      );
    }
  }
  return segments.map(encodeSegment).join('/');
}

/** Describes a repository for messages, e.g. "Repository acme/api". */
export function describeRepository(workspace: string, repoSlug: string): string {
  return `Repository ${workspace}/${repoSlug}`;
}
