import type { Links } from '../../bitbucket/types.js';
import { buildIssueUrl, buildRepositoryUrl, pickHtmlUrl } from './bitbucket-links.js';
import { formatLink } from './mrkdwn.js';

/** Formats "acme/api" linked to the repository. */
export function formatRepositoryLink(target: { workspace: string; repoSlug: string }): string {
  return formatLink(buildRepositoryUrl(target.workspace, target.repoSlug), `${target.workspace}/${target.repoSlug}`);
}

/** Formats "#7 Title" in bold, linked to the issue. */
export function formatIssueLink(target: { workspace: string; repoSlug: string }, issue: { id: number; title?: string; links?: Links }): string {
  const url = pickHtmlUrl(issue.links, buildIssueUrl(target.workspace, target.repoSlug, issue.id));
  const label = issue.title === undefined ? `#${issue.id}` : `#${issue.id} ${issue.title}`;
  return `*${formatLink(url, label)}*`;
}
