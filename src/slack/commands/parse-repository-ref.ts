import { quoteInput } from './quote-input.js';

/** A repository named in a command, plus the details a pasted bitbucket.org URL adds. */
export interface RepositoryRef {
  workspace: string;
  repoSlug: string;
  /** Set when the argument was a URL of a pull request, an issue, a file or a directory. */
  fromUrl?: {
    pullRequestId?: number;
    issueId?: number;
    /** First path segment after `/src/`: a branch, tag or commit. */
    ref?: string;
    /** Path after the ref in a `/src/` URL, without a leading slash; empty for the root. */
    path?: string;
  };
}

/**
 * A snippet named by its URL, https://bitbucket.org/acme/workspace/snippets/kypj9/title or the
 * older https://bitbucket.org/snippets/acme/kypj9/title.
 */
export interface SnippetRef {
  workspace: string;
  snippetId: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

const BITBUCKET_HOSTS = new Set(['bitbucket.org', 'www.bitbucket.org']);

/**
 * Characters allowed in a workspace, repository slug or snippet id. Bitbucket slugs use letters,
 * digits, `-`, `_` and `.`; a workspace may also be given as its `{uuid}`. The check is loose on
 * purpose, because Bitbucket returns "not found" for anything else that gets through.
 */
const SLUG_PATTERN = /^(?:\{[0-9a-fA-F-]+\}|[\p{L}\p{N}._~-]+)$/u;

/** Returns an error message when `value` cannot be a slug, or undefined when it can. */
export function checkSlug(value: string, fieldName: string): string | undefined {
  if (value === '') return `The ${fieldName} is empty.`;
  if (value === '.' || value.includes('..')) return `The ${fieldName} ${quoteInput(value)} is invalid: it cannot contain "..".`;
  if (!SLUG_PATTERN.test(value)) {
    return `The ${fieldName} ${quoteInput(value)} is invalid: use letters, digits, "-", "_" and "." only.`;
  }
  return undefined;
}

/**
 * Parses `workspace/repo_slug`, a bitbucket.org URL of a repository or of something inside it
 * (also without `https://`), or an `ssh`/`https` clone URL ending in `.git`.
 */
export function parseRepositoryRef(argument: string): ParseResult<RepositoryRef> {
  const url = parseBitbucketUrl(argument);
  if (url === 'other-host') {
    return { ok: false, message: `${quoteInput(argument)} is not a bitbucket.org URL. Give the repository as workspace/repo_slug.` };
  }
  if (url !== undefined) return parseRepositoryUrlSegments(url, argument);

  const parts = argument.replace(/\.git$/, '').split('/');
  if (parts.length !== 2) {
    return {
      ok: false,
      message: `${quoteInput(argument)} is not a repository. Give it as workspace/repo_slug, e.g. acme/api, or paste its bitbucket.org URL.`,
    };
  }
  return checkRepositoryParts(parts[0] ?? '', parts[1] ?? '');
}

/** Returns true when `argument` looks like a repository rather than a branch name or free text. */
export function looksLikeRepositoryRef(argument: string): boolean {
  const url = parseBitbucketUrl(argument);
  if (url === 'other-host') return false;
  if (url !== undefined) return parseRepositoryUrlSegments(url, argument).ok;

  // Bitbucket stores workspace and repository slugs in lower case, so "I/O" or "Feature/Login"
  // read as text or branch names, not repositories.
  return /^[a-z0-9][a-z0-9._-]*\/[a-z0-9._-]+$/.test(argument) && parseRepositoryRef(argument).ok;
}

/**
 * Parses a snippet URL, `<workspace>/workspace/snippets/<id>[/title]` or
 * `snippets/<workspace>/<id>[/title]` on bitbucket.org; undefined if it is not one.
 */
export function parseSnippetUrl(argument: string): SnippetRef | undefined {
  const segments = parseBitbucketUrl(argument);
  if (segments === undefined || segments === 'other-host') return undefined;

  const [first, second, third, fourth] = segments;
  let workspace: string | undefined;
  let snippetId: string | undefined;
  if (second === 'workspace' && third === 'snippets') [workspace, snippetId] = [first, fourth];
  else if (first === 'snippets') [workspace, snippetId] = [second, third];
  if (workspace === undefined || snippetId === undefined) return undefined;
  if (checkSlug(workspace, 'workspace') !== undefined || checkSlug(snippetId, 'snippet id') !== undefined) {
    return undefined;
  }
  return { workspace, snippetId };
}

/**
 * Returns the decoded path segments of a bitbucket.org URL, `'other-host'` for a URL of another
 * host, or undefined when `argument` is no URL at all.
 */
function parseBitbucketUrl(argument: string): string[] | 'other-host' | undefined {
  let candidate = argument;
  const sshClone = /^(?:ssh:\/\/)?git@bitbucket\.org[:/](.+)$/.exec(argument);
  if (sshClone !== null) candidate = `https://bitbucket.org/${sshClone[1] ?? ''}`;
  else if (/^(?:www\.)?bitbucket\.org\//i.test(argument)) candidate = `https://${argument}`;
  else if (!/^https?:\/\//i.test(argument)) return undefined;

  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return undefined;
  }
  if (!BITBUCKET_HOSTS.has(url.hostname.toLowerCase())) return 'other-host';

  const segments: string[] = [];
  for (const segment of url.pathname.split('/')) {
    if (segment === '') continue;
    try {
      segments.push(decodeURIComponent(segment));
    } catch {
      segments.push(segment);
    }
  }
  return segments;
}

function parseRepositoryUrlSegments(segments: string[], argument: string): ParseResult<RepositoryRef> {
  const [workspace, rawSlug, section, ...rest] = segments;
  if (workspace === undefined || rawSlug === undefined || workspace === 'snippets') {
    return { ok: false, message: `${quoteInput(argument)} is not the URL of a repository or of anything in one.` };
  }

  const checked = checkRepositoryParts(workspace, rawSlug.replace(/\.git$/, ''));
  if (!checked.ok) return checked;

  const fromUrl = readUrlDetails(section, rest);
  return { ok: true, value: fromUrl === undefined ? checked.value : { ...checked.value, fromUrl } };
}

function readUrlDetails(section: string | undefined, rest: string[]): RepositoryRef['fromUrl'] {
  const id = parsePositiveInteger(rest[0]);
  if (section === 'pull-requests' && id !== undefined) return { pullRequestId: id };
  if (section === 'issues' && id !== undefined) return { issueId: id };
  if (section === 'src' && rest[0] !== undefined) {
    // NOTE: Bitbucket puts the ref and the file path in one URL path, so a branch named
    // "feature/x" is read as ref "feature" and a path starting with "x/". `at <ref>` overrides it.
    return { ref: rest[0], path: rest.slice(1).join('/') };
  }
  return undefined;
}

function checkRepositoryParts(workspace: string, repoSlug: string): ParseResult<RepositoryRef> {
  const problem = checkSlug(workspace, 'workspace') ?? checkSlug(repoSlug, 'repository slug');
  if (problem !== undefined) return { ok: false, message: problem };
  return { ok: true, value: { workspace, repoSlug } };
}

/** Parses a positive decimal integer, optionally written `#12`; undefined for anything else. */
export function parsePositiveInteger(value: string | undefined): number | undefined {
  if (value === undefined || !/^#?\d{1,15}$/.test(value)) return undefined;
  const parsed = Number(value.replace(/^#/, ''));
  return parsed > 0 ? parsed : undefined;
}
