/** GET and POST .../pullrequests and GET .../pullrequests/{pull_request_id}. */
import { findRepository, hasRepositoryPermission, requireWorkspace } from '../access.js';
import { parseBbql, sortByField } from '../bbql.js';
import { FakeHttpError, jsonResponse, type ApiRoute, type FakeEnvironment, type RouteContext } from '../http-types.js';
import type { FakePullRequest, FakeRepository, FakeState, FakeUser, PullRequestState } from '../model.js';
import { paginate } from '../pagination.js';
import {
  link,
  renderAccount,
  renderRepositoryReference,
  repositoryApiUrl,
  repositoryHtmlUrl,
  toIsoDate,
} from '../representations.js';
import { requireRouteRepository } from './refs.js';

const pullRequestsPath = '/repositories/{workspace}/{repo_slug}/pullrequests';
const pullRequestStates: PullRequestState[] = ['OPEN', 'MERGED', 'DECLINED', 'SUPERSEDED'];

export const pullRequestRoutes: ApiRoute[] = [
  { method: 'GET', template: pullRequestsPath, scope: 'pullrequest', handle: listPullRequests },
  { method: 'POST', template: pullRequestsPath, scope: 'pullrequest:write', handle: createPullRequest },
  {
    method: 'GET',
    template: `${pullRequestsPath}/{pull_request_id}`,
    scope: 'pullrequest',
    handle: (context) => {
      const repository = requireRouteRepository(context);
      const id = Number(context.params['pull_request_id']);
      const pullRequest = repository.pullRequests.get(id);
      if (pullRequest === undefined) {
        throw new FakeHttpError(404, `Pull request ${id} not found in ${repository.workspace.slug}/${repository.slug}`);
      }
      return jsonResponse(renderPullRequest(repository, pullRequest, context.env, true));
    },
  },
  {
    method: 'GET',
    template: '/repositories/{workspace}/{repo_slug}/effective-default-reviewers',
    scope: 'pullrequest',
    handle: (context) => {
      requireRouteRepository(context);
      // NOTE: the fake has no default reviewers, so this list is always empty.
      return jsonResponse(paginate([], context.request, context.env, { maxPagelen: 100 }));
    },
  },
];

/**
 * Lists pull requests in the repeated `state` values (default OPEN), newest first unless `sort`
 * is given. `pagelen` is capped at 50 here. As in Bitbucket, list entries include `reviewers`
 * only when `fields` contains `+values.reviewers`. Other `fields` values are ignored.
 */
function listPullRequests(context: RouteContext) {
  const { request, env } = context;
  const repository = requireRouteRepository(context);
  const states = request.query.getAll('state');
  const wanted = new Set(states.length === 0 ? ['OPEN'] : states);
  const withReviewers = (request.query.get('fields') ?? '').split(',').includes('+values.reviewers');

  const rendered = [...repository.pullRequests.values()]
    .filter((pullRequest) => wanted.has(pullRequest.state))
    .sort((left, right) => right.id - left.id)
    .map((pullRequest) => renderPullRequest(repository, pullRequest, env, withReviewers));

  const q = request.query.get('q');
  const filtered = q === null ? rendered : rendered.filter(parseBbql(q));
  return jsonResponse(paginate(sortByField(filtered, request.query.get('sort')), request, env, { maxPagelen: 50 }));
}

interface EndpointBody {
  branch?: { name?: unknown };
  repository?: { full_name?: unknown };
}

/** Creates a pull request and responds 201, with Bitbucket's 400 bodies for the usual mistakes. */
function createPullRequest(context: RouteContext) {
  const { state, env, user } = context;
  const destinationRepository = requireRouteRepository(context);
  const body = (context.request.body ?? {}) as Record<string, unknown>;

  const title = typeof body['title'] === 'string' ? body['title'].trim() : '';
  if (title === '') throw fieldError('title', 'This field is required.');

  const sourceBody = (body['source'] ?? {}) as EndpointBody;
  const sourceRepository = findSourceRepository(state, user, destinationRepository, sourceBody);
  const sourceBranch = typeof sourceBody.branch?.name === 'string' ? sourceBody.branch.name : '';
  const sourceHash = sourceRepository.branches.get(sourceBranch);
  if (sourceHash === undefined) {
    throw fieldError('source', sourceBranch === '' ? 'This field is required.' : 'branch not found');
  }

  const destinationBody = (body['destination'] ?? {}) as EndpointBody;
  const destinationBranch =
    typeof destinationBody.branch?.name === 'string' ? destinationBody.branch.name : destinationRepository.mainbranch;
  const destinationHash = destinationRepository.branches.get(destinationBranch);
  if (destinationHash === undefined) throw fieldError('destination', 'branch not found');
  if (sourceHash === destinationHash) throw new FakeHttpError(400, 'There are no changes to be pulled.');

  const reviewers = readReviewers(state, body['reviewers'], user);
  const now = env.now();
  const pullRequest: FakePullRequest = {
    id: destinationRepository.nextPullRequestId,
    title,
    description: typeof body['description'] === 'string' ? body['description'] : '',
    state: 'OPEN',
    draft: body['draft'] === true,
    author: user,
    source: { branch: sourceBranch, commit: sourceHash, repository: sourceRepository },
    destination: { branch: destinationBranch, commit: destinationHash, repository: destinationRepository },
    reviewers,
    close_source_branch: body['close_source_branch'] === true,
    createdAt: now,
    updatedAt: now,
  };
  destinationRepository.nextPullRequestId += 1;
  destinationRepository.pullRequests.set(pullRequest.id, pullRequest);

  const rendered = renderPullRequest(destinationRepository, pullRequest, env, true);
  return { status: 201, headers: { location: `${repositoryApiUrl(destinationRepository, env)}/pullrequests/${pullRequest.id}` }, body: rendered };
}

/** Finds the source repository: the destination, or a fork named by `source.repository.full_name`. */
function findSourceRepository(
  state: FakeState,
  user: FakeUser,
  destination: FakeRepository,
  source: EndpointBody,
): FakeRepository {
  const fullName = source.repository?.full_name;
  if (typeof fullName !== 'string' || fullName === `${destination.workspace.slug}/${destination.slug}`) return destination;

  const [workspaceSlug = '', repoSlug = ''] = fullName.split('/');
  const workspace = requireWorkspace(state, workspaceSlug);
  const repository = findRepository(workspace, repoSlug);
  if (repository === undefined || !hasRepositoryPermission(repository, user, 'read')) {
    throw fieldError('source', `repository ${fullName} not found`);
  }
  return repository;
}

/**
 * Reads `reviewers`: every entry must be `{uuid}` of a known user, as Bitbucket accepts; usernames
 * or other shapes get "Malformed reviewers list". The author cannot review their own pull request.
 */
function readReviewers(state: FakeState, value: unknown, author: FakeUser): FakeUser[] {
  if (value === undefined) return [];
  const malformed = () => fieldError('reviewers', 'Malformed reviewers list');
  if (!Array.isArray(value)) throw malformed();

  return value.map((entry: unknown) => {
    const uuid = (entry as { uuid?: unknown } | null)?.uuid;
    const reviewer = typeof uuid === 'string' ? state.users.get(uuid) : undefined;
    if (reviewer === undefined) throw malformed();
    if (reviewer.uuid === author.uuid) {
      throw fieldError('reviewers', `${author.display_name} is the author and cannot be included as a reviewer.`);
    }
    return reviewer;
  });
}

/** Renders a pull request; commit hashes in `source` and `destination` are 12 characters, as in Bitbucket. */
export function renderPullRequest(
  repository: FakeRepository,
  pullRequest: FakePullRequest,
  env: FakeEnvironment,
  withReviewers: boolean,
): Record<string, unknown> {
  const apiUrl = `${repositoryApiUrl(repository, env)}/pullrequests/${pullRequest.id}`;
  const endpoint = (side: FakePullRequest['source']) => ({
    branch: { name: side.branch },
    commit: { type: 'commit', hash: side.commit.slice(0, 12) },
    repository: renderRepositoryReference(side.repository, env),
  });

  return {
    type: 'pullrequest',
    id: pullRequest.id,
    title: pullRequest.title,
    description: pullRequest.description,
    summary: { type: 'rendered', raw: pullRequest.description, markup: 'markdown', html: '' },
    state: pullRequest.state,
    draft: pullRequest.draft,
    author: renderAccount(pullRequest.author, env),
    source: endpoint(pullRequest.source),
    destination: endpoint(pullRequest.destination),
    ...(withReviewers ? { reviewers: pullRequest.reviewers.map((reviewer) => renderAccount(reviewer, env)) } : {}),
    close_source_branch: pullRequest.close_source_branch,
    merge_commit: null,
    closed_by: null,
    reason: '',
    comment_count: 0,
    task_count: 0,
    created_on: toIsoDate(pullRequest.createdAt),
    updated_on: toIsoDate(pullRequest.updatedAt),
    links: {
      self: link(apiUrl),
      html: link(`${repositoryHtmlUrl(repository, env)}/pull-requests/${pullRequest.id}`),
      commits: link(`${apiUrl}/commits`),
      comments: link(`${apiUrl}/comments`),
    },
  };
}

/** Builds Bitbucket's validation 400: `message` is "field: problem" and `fields` lists the problem. */
function fieldError(field: string, problem: string): FakeHttpError {
  return new FakeHttpError(400, `${field}: ${problem}`, { fields: { [field]: [problem] } });
}

/** Returns true for a valid pull request state. */
export function isPullRequestState(value: string): value is PullRequestState {
  return (pullRequestStates as string[]).includes(value);
}
