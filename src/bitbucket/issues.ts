import type { BitbucketClient } from './client.js';
import type { CollectedPages, PaginationOptions } from './pagination.js';
import { describeRepository, repositoryPath } from './paths.js';
import type { TokenSource } from './token-source.js';
import type { Comment, Issue } from './types.js';

/*
 * Bitbucket Cloud removed Issues, with their API, on 2026-08-20. Every request here is marked as
 * an issue-tracker request, so a 404 or 410 becomes IssueTrackerUnavailableError instead of
 * "repository not found".
 */

/** Fields of an issue body; only `title` is required when creating one. */
export interface IssueFields {
  title?: string;
  content?: { raw: string };
  kind?: string;
  priority?: string;
  state?: string;
  /** null clears the assignee on update. */
  assignee?: { account_id: string } | { uuid: string } | null;
  component?: { id: number } | { name: string } | null;
  milestone?: { id: number } | { name: string } | null;
  version?: { id: number } | { name: string } | null;
  due_on?: string;
}

/** Filters of `GET …/issues`, passed to Bitbucket unchanged. */
export interface IssueListFilter {
  /** BBQL query, e.g. `state = "open"`. */
  q?: string;
  /** One field, `-` for descending, e.g. `-updated_on`. */
  sort?: string;
}

/** Reads one issue. A 404 is an IssueTrackerUnavailableError too, because the client cannot tell the cases apart by status. */
export async function getIssue(
  client: BitbucketClient,
  tokens: TokenSource,
  workspace: string,
  repoSlug: string,
  issueId: number,
): Promise<Issue> {
  return client.requestJson<Issue>(tokens, {
    method: 'GET',
    path: repositoryPath(workspace, repoSlug, 'issues', issueId),
    resource: describeRepository(workspace, repoSlug),
    issueTracker: true,
  });
}

/** Lists issues of a repository, page after page up to `pagination.maxPages`. */
export async function listIssues(
  client: BitbucketClient,
  tokens: TokenSource,
  workspace: string,
  repoSlug: string,
  filter: IssueListFilter = {},
  pagination: PaginationOptions = {},
): Promise<CollectedPages<Issue>> {
  return client.paginate<Issue>(
    tokens,
    {
      method: 'GET',
      path: repositoryPath(workspace, repoSlug, 'issues'),
      query: { q: filter.q, sort: filter.sort },
      resource: describeRepository(workspace, repoSlug),
      issueTracker: true,
    },
    pagination,
  );
}

/** Creates an issue. */
export async function createIssue(
  client: BitbucketClient,
  tokens: TokenSource,
  workspace: string,
  repoSlug: string,
  fields: IssueFields & { title: string },
): Promise<Issue> {
  return client.requestJson<Issue>(tokens, {
    method: 'POST',
    path: repositoryPath(workspace, repoSlug, 'issues'),
    json: fields,
    resource: describeRepository(workspace, repoSlug),
    issueTracker: true,
  });
}

/** Changes an issue with a partial PUT: omitted fields keep their values and null clears one. */
export async function updateIssue(
  client: BitbucketClient,
  tokens: TokenSource,
  workspace: string,
  repoSlug: string,
  issueId: number,
  fields: IssueFields,
): Promise<Issue> {
  return client.requestJson<Issue>(tokens, {
    method: 'PUT',
    path: repositoryPath(workspace, repoSlug, 'issues', issueId),
    json: fields,
    resource: describeRepository(workspace, repoSlug),
    issueTracker: true,
  });
}

/** Deletes an issue; Bitbucket requires write access to the repository. */
export async function deleteIssue(
  client: BitbucketClient,
  tokens: TokenSource,
  workspace: string,
  repoSlug: string,
  issueId: number,
): Promise<void> {
  await client.requestJson<undefined>(tokens, {
    method: 'DELETE',
    path: repositoryPath(workspace, repoSlug, 'issues', issueId),
    resource: describeRepository(workspace, repoSlug),
    issueTracker: true,
  });
}

/** Adds a comment to an issue. */
export async function createIssueComment(
  client: BitbucketClient,
  tokens: TokenSource,
  workspace: string,
  repoSlug: string,
  issueId: number,
  raw: string,
): Promise<Comment> {
  return client.requestJson<Comment>(tokens, {
    method: 'POST',
    path: repositoryPath(workspace, repoSlug, 'issues', issueId, 'comments'),
    json: { content: { raw } },
    resource: describeRepository(workspace, repoSlug),
    issueTracker: true,
  });
}
