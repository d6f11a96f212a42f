/**
 * The legacy issue tracker: list, create, get, update and delete issues, list and add comments,
 * and list components, milestones and versions. While issues are removed (the default), the
 * server responds 410 before any of these handlers runs.
 */
import { hasRepositoryPermission } from '../access.js';
import { parseBbql, sortByField } from '../bbql.js';
import { FakeHttpError, jsonResponse, type ApiRoute, type RouteContext } from '../http-types.js';
import type { FakeIssue, FakeRepository, IssueFieldKind } from '../model.js';
import { paginate } from '../pagination.js';
import { repositoryApiUrl } from '../representations.js';
import { createIssue } from '../seed-collaboration.js';
import {
  issueFieldError,
  readAssignee,
  readContent,
  readIssueField,
  renderIssue,
  renderIssueComment,
  renderIssueField,
} from './issue-fields.js';
import { requireRouteRepository } from './refs.js';

const issuesPath = '/repositories/{workspace}/{repo_slug}/issues';
const issueFieldKinds: IssueFieldKind[] = ['component', 'milestone', 'version'];

// The scope chapter of openapi.json lets the plain `issue` scope create issues and comments, but
// the operations' security requires `issue:write`. The fake enforces the operations' scopes.
export const issueRoutes: ApiRoute[] = [
  { method: 'GET', template: issuesPath, scope: 'issue', issueTracker: true, handle: listIssues },
  { method: 'POST', template: issuesPath, scope: 'issue:write', issueTracker: true, handle: createIssueFromRequest },
  {
    method: 'GET',
    template: `${issuesPath}/{issue_id}`,
    scope: 'issue',
    issueTracker: true,
    handle: (context) => {
      const { repository, issue } = requireIssue(context, 'read');
      return jsonResponse(renderIssue(repository, issue, context.env));
    },
  },
  { method: 'PUT', template: `${issuesPath}/{issue_id}`, scope: 'issue:write', issueTracker: true, handle: updateIssue },
  {
    method: 'DELETE',
    template: `${issuesPath}/{issue_id}`,
    scope: 'issue:write',
    issueTracker: true,
    handle: (context) => {
      const { repository, issue } = requireIssue(context, 'write');
      repository.issues.delete(issue.id);
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    template: `${issuesPath}/{issue_id}/comments`,
    scope: 'issue',
    issueTracker: true,
    handle: (context) => {
      const { repository, issue } = requireIssue(context, 'read');
      const comments = issue.comments.map((comment) => renderIssueComment(repository, issue, comment, context.env));
      return jsonResponse(paginate(comments, context.request, context.env, { maxPagelen: 100 }));
    },
  },
  {
    method: 'POST',
    template: `${issuesPath}/{issue_id}/comments`,
    scope: 'issue:write',
    issueTracker: true,
    handle: createIssueComment,
  },
  ...issueFieldKinds.map(
    (kind): ApiRoute => ({
      method: 'GET',
      template: `/repositories/{workspace}/{repo_slug}/${kind}s`,
      scope: 'issue',
      issueTracker: true,
      handle: (context) => {
        const repository = requireIssueTracker(context, 'read');
        const values = repository.issueFields[kind].map((name) => renderIssueField(repository, kind, name, context.env));
        return jsonResponse(paginate(values, context.request, context.env, { maxPagelen: 100 }));
      },
    }),
  ),
];

/** Finds the repository, or throws Bitbucket's 404 "Repository has no issue tracker." when it has none. */
function requireIssueTracker(context: RouteContext, needed: 'read' | 'write'): FakeRepository {
  const repository = requireRouteRepository(context, needed);
  if (!repository.has_issues) throw new FakeHttpError(404, 'Repository has no issue tracker.');
  return repository;
}

function requireIssue(context: RouteContext, needed: 'read' | 'write'): { repository: FakeRepository; issue: FakeIssue } {
  const repository = requireIssueTracker(context, needed);
  const idParam = context.params['issue_id'] ?? '';
  const issue = /^\d+$/.test(idParam) ? repository.issues.get(Number(idParam)) : undefined;
  if (issue === undefined) throw new FakeHttpError(404, `Issue ${idParam} not found in ${repository.workspace.slug}/${repository.slug}`);
  return { repository, issue };
}

function listIssues(context: RouteContext) {
  const { request, env } = context;
  const repository = requireIssueTracker(context, 'read');
  const rendered = [...repository.issues.values()].map((issue) => renderIssue(repository, issue, env));

  const q = request.query.get('q');
  const filtered = q === null ? rendered : rendered.filter(parseBbql(q));
  return jsonResponse(paginate(sortByField(filtered, request.query.get('sort')), request, env, { maxPagelen: 100 }));
}

/** Creates an issue (201). Anyone who can read the repository may file one; only `title` is required. */
function createIssueFromRequest(context: RouteContext) {
  const { state, env, user } = context;
  const repository = requireIssueTracker(context, 'read');
  const body = (context.request.body ?? {}) as Record<string, unknown>;

  const title = typeof body['title'] === 'string' ? body['title'].trim() : '';
  if (title === '') throw issueFieldError('title', 'This field is required.');

  const issue = createIssue(repository, {
    title,
    reporter: user,
    content: readContent(body['content']),
    kind: typeof body['kind'] === 'string' ? body['kind'] : undefined,
    priority: typeof body['priority'] === 'string' ? body['priority'] : undefined,
    state: typeof body['state'] === 'string' ? body['state'] : undefined,
    assignee: body['assignee'] === undefined ? undefined : readAssignee(state, body['assignee']),
    component: body['component'] === undefined ? undefined : readIssueField(repository, 'component', body['component']),
    milestone: body['milestone'] === undefined ? undefined : readIssueField(repository, 'milestone', body['milestone']),
    version: body['version'] === undefined ? undefined : readIssueField(repository, 'version', body['version']),
    now: env.now(),
  });

  return {
    status: 201,
    headers: { location: `${repositoryApiUrl(repository, env)}/issues/${issue.id}` },
    body: renderIssue(repository, issue, env),
  };
}

/**
 * Applies a partial update: omitted fields are kept and `null` clears assignee, component,
 * milestone and version. Only the reporter or a user with write access may update an issue.
 */
function updateIssue(context: RouteContext) {
  const { state, env, user } = context;
  const { repository, issue } = requireIssue(context, 'read');
  if (issue.reporter.uuid !== user.uuid && !hasRepositoryPermission(repository, user, 'write')) {
    throw new FakeHttpError(403, `Access denied: write access to ${repository.workspace.slug}/${repository.slug} is required.`);
  }
  const body = (context.request.body ?? {}) as Record<string, unknown>;

  if ('title' in body) {
    if (typeof body['title'] !== 'string' || body['title'].trim() === '') throw issueFieldError('title', 'This field may not be blank.');
    issue.title = body['title'].trim();
  }
  if ('content' in body) issue.content = readContent(body['content']) ?? issue.content;
  for (const field of ['kind', 'priority', 'state'] as const) {
    const value = body[field];
    if (typeof value === 'string') issue[field] = value;
    else if (field in body) throw issueFieldError(field, 'This field may not be null.');
  }
  if ('assignee' in body) issue.assignee = readAssignee(state, body['assignee']);
  for (const kind of issueFieldKinds) {
    if (kind in body) issue[kind] = readIssueField(repository, kind, body[kind]);
  }

  issue.updatedAt = env.now();
  return jsonResponse(renderIssue(repository, issue, env));
}

function createIssueComment(context: RouteContext) {
  const { env, user } = context;
  const { repository, issue } = requireIssue(context, 'read');
  const body = (context.request.body ?? {}) as Record<string, unknown>;
  const content = readContent(body['content']);
  if (content === undefined || content.raw.trim() === '') throw issueFieldError('content', 'This field is required.');

  const comment = {
    id: issue.comments.reduce((max, existing) => Math.max(max, existing.id), 0) + 1,
    raw: content.raw,
    user,
    parentId: undefined,
    createdAt: env.now(),
  };
  issue.comments.push(comment);

  const rendered = renderIssueComment(repository, issue, comment, env);
  return { status: 201, headers: { location: String((rendered['links'] as { self: { href: string } }).self.href) }, body: rendered };
}
