import type { BitbucketClient } from './client.js';
import { requestPage, type CollectedPages } from './pagination.js';
import { describeRepository, repositoryPath } from './paths.js';
import type { TokenSource } from './token-source.js';
import type { Page, PullRequest, PullRequestState } from './types.js';

/** Bitbucket's largest page size for pull request lists; it rejects 100 with 400 "Invalid pagelen". */
export const PULL_REQUEST_MAX_PAGELEN = 50;

/** The body of `POST …/pullrequests`. */
export interface PullRequestCreation {
  title: string;
  source: { branch: { name: string } };
  /** Without it Bitbucket uses the repository's main branch. */
  destination?: { branch: { name: string } };
  description?: string;
  /** Reviewers by `{uuid}`: Bitbucket rejects usernames with "Malformed reviewers list". */
  reviewers?: Array<{ uuid: string }>;
  close_source_branch?: boolean;
}

export interface PullRequestListOptions {
  /** Sent as repeated `state` parameters; Bitbucket lists only OPEN ones without it. */
  states: PullRequestState[];
  pagelen?: number;
  /** Maximum number of pages listPullRequests reads; DEFAULT_MAX_PAGES (20) when unset. */
  maxPages?: number;
}

/** Opens a pull request. */
export async function createPullRequest(
  client: BitbucketClient,
  tokens: TokenSource,
  workspace: string,
  repoSlug: string,
  body: PullRequestCreation,
): Promise<PullRequest> {
  return client.requestJson<PullRequest>(tokens, {
    method: 'POST',
    path: repositoryPath(workspace, repoSlug, 'pullrequests'),
    json: body,
    resource: describeRepository(workspace, repoSlug),
  });
}

/** Reads one page of pull requests, as Bitbucket numbers them from 1. */
export async function getPullRequestPage(
  client: BitbucketClient,
  tokens: TokenSource,
  workspace: string,
  repoSlug: string,
  options: PullRequestListOptions & { page: number },
): Promise<Page<PullRequest>> {
  return requestPage<PullRequest>(client, tokens, {
    method: 'GET',
    path: repositoryPath(workspace, repoSlug, 'pullrequests'),
    query: {
      state: options.states,
      page: options.page,
      pagelen: Math.min(options.pagelen ?? PULL_REQUEST_MAX_PAGELEN, PULL_REQUEST_MAX_PAGELEN),
    },
    resource: describeRepository(workspace, repoSlug),
  });
}

/** Reads pull requests page after page, up to `options.maxPages`. */
export async function listPullRequests(
  client: BitbucketClient,
  tokens: TokenSource,
  workspace: string,
  repoSlug: string,
  options: PullRequestListOptions,
): Promise<CollectedPages<PullRequest>> {
  return client.paginate<PullRequest>(
    tokens,
    {
      method: 'GET',
      path: repositoryPath(workspace, repoSlug, 'pullrequests'),
      query: { state: options.states },
      resource: describeRepository(workspace, repoSlug),
    },
    { pagelen: options.pagelen, maxPagelen: PULL_REQUEST_MAX_PAGELEN, maxPages: options.maxPages },
  );
}
