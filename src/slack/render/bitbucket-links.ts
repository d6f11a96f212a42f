import type { Links } from '../../bitbucket/types.js';

/**
 * Web address of Bitbucket Cloud. Replies link here even when the API base URL points elsewhere
 * (a proxy or a test server), because users open these links in a browser.
 */
const BITBUCKET_WEB_URL = 'https://bitbucket.org';

/** Returns `links.html.href` when Bitbucket sent an http(s) one, else `fallback`. */
export function pickHtmlUrl(links: Links | undefined, fallback: string): string {
  const href = links?.html?.href;
  return href !== undefined && /^https?:\/\//.test(href) ? href : fallback;
}

export function buildWorkspaceUrl(workspace: string): string {
  return `${BITBUCKET_WEB_URL}/${encodeURIComponent(workspace)}/`;
}

export function buildRepositoryUrl(workspace: string, repoSlug: string): string {
  return `${BITBUCKET_WEB_URL}/${encodeURIComponent(workspace)}/${encodeURIComponent(repoSlug)}`;
}

export function buildPullRequestUrl(workspace: string, repoSlug: string, id: number): string {
  return `${buildRepositoryUrl(workspace, repoSlug)}/pull-requests/${id}`;
}

/** Pull request list of a repository; `state` is Bitbucket's filter word (OPEN, MERGED, ...). */
export function buildPullRequestListUrl(workspace: string, repoSlug: string, state?: string): string {
  const query = state === undefined ? '' : `?state=${encodeURIComponent(state)}`;
  return `${buildRepositoryUrl(workspace, repoSlug)}/pull-requests/${query}`;
}

export function buildIssueUrl(workspace: string, repoSlug: string, id: number): string {
  return `${buildRepositoryUrl(workspace, repoSlug)}/issues/${id}`;
}

/** Branch page; slashes in the branch name stay, as in Bitbucket's own links. */
export function buildBranchUrl(workspace: string, repoSlug: string, branch: string): string {
  return `${buildRepositoryUrl(workspace, repoSlug)}/branch/${encodePath(branch)}`;
}

/** Source view of a file or directory at a commit, branch or tag. */
export function buildSourceUrl(workspace: string, repoSlug: string, ref: string, path: string): string {
  return `${buildRepositoryUrl(workspace, repoSlug)}/src/${encodePath(ref)}/${encodePath(path)}`;
}

export function buildSnippetUrl(workspace: string, snippetId: string): string {
  return `${BITBUCKET_WEB_URL}/snippets/${encodeURIComponent(workspace)}/${encodeURIComponent(snippetId)}`;
}

/** Encodes each segment of a slash-separated path, keeping the slashes. */
function encodePath(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}
