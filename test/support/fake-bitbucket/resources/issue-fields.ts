/** Reading issue fields from request bodies and rendering issues and their comments. */
import { findUser } from '../access.js';
import { FakeHttpError, type FakeEnvironment } from '../http-types.js';
import type { FakeComment, FakeIssue, FakeRepository, FakeState, FakeUser, IssueFieldKind } from '../model.js';
import {
  link,
  renderAccount,
  renderRepositoryReference,
  repositoryApiUrl,
  repositoryHtmlUrl,
  toIsoDate,
} from '../representations.js';

/** Builds Bitbucket's validation 400 for one field. */
export function issueFieldError(field: string, problem: string): FakeHttpError {
  return new FakeHttpError(400, `${field}: ${problem}`, { fields: { [field]: [problem] } });
}

/** Reads `content.raw`, or returns undefined when `content` is absent. */
export function readContent(value: unknown, field = 'content'): { raw: string; markup: string } | undefined {
  if (value === undefined) return undefined;
  const raw = (value as { raw?: unknown } | null)?.raw;
  if (typeof raw !== 'string') throw issueFieldError(field, 'content.raw must be a string.');
  const markup = (value as { markup?: unknown }).markup;
  return { raw, markup: typeof markup === 'string' ? markup : 'markdown' };
}

/** Reads an assignee given as `{account_id}` or `{uuid}`; null clears it. */
export function readAssignee(state: FakeState, value: unknown): FakeUser | null {
  if (value === null) return null;
  const account = (value ?? {}) as { account_id?: unknown; uuid?: unknown };
  const key = typeof account.account_id === 'string' ? account.account_id : account.uuid;
  const user = typeof key === 'string' ? findUser(state, key) : undefined;
  if (user === undefined) throw issueFieldError('assignee', 'User not found; send {"account_id": …} of a known user.');
  return user;
}

/** Reads a component, milestone or version given as `{name}` or `{id}`; null clears it. */
export function readIssueField(repository: FakeRepository, kind: IssueFieldKind, value: unknown): string | null {
  if (value === null) return null;
  const names = repository.issueFields[kind];
  const given = (value ?? {}) as { name?: unknown; id?: unknown };

  if (typeof given.name === 'string' && names.includes(given.name)) return given.name;
  if (typeof given.id === 'number' && names[given.id - 1] !== undefined) return names[given.id - 1] ?? null;
  throw issueFieldError(kind, `Invalid ${kind} ${JSON.stringify(value)}; it must name one of: ${names.join(', ') || '(none)'}.`);
}

/** Renders a component, milestone or version by name, with its id. */
export function renderIssueField(
  repository: FakeRepository,
  kind: IssueFieldKind,
  name: string,
  env: FakeEnvironment,
): Record<string, unknown> {
  const id = repository.issueFields[kind].indexOf(name) + 1;
  return { type: kind, id, name, links: { self: link(`${repositoryApiUrl(repository, env)}/${kind}s/${id}`) } };
}

export function renderIssue(repository: FakeRepository, issue: FakeIssue, env: FakeEnvironment): Record<string, unknown> {
  const apiUrl = `${repositoryApiUrl(repository, env)}/issues/${issue.id}`;
  const field = (kind: IssueFieldKind, name: string | null) =>
    name === null ? null : renderIssueField(repository, kind, name, env);

  return {
    type: 'issue',
    id: issue.id,
    title: issue.title,
    content: { type: 'rendered', raw: issue.content.raw, markup: issue.content.markup, html: '' },
    kind: issue.kind,
    priority: issue.priority,
    state: issue.state,
    reporter: renderAccount(issue.reporter, env),
    assignee: issue.assignee === null ? null : renderAccount(issue.assignee, env),
    component: field('component', issue.component),
    milestone: field('milestone', issue.milestone),
    version: field('version', issue.version),
    votes: 0,
    watches: 1,
    created_on: toIsoDate(issue.createdAt),
    updated_on: toIsoDate(issue.updatedAt),
    edited_on: null,
    repository: renderRepositoryReference(repository, env),
    links: {
      self: link(apiUrl),
      html: link(`${repositoryHtmlUrl(repository, env)}/issues/${issue.id}`),
      comments: link(`${apiUrl}/comments`),
    },
  };
}

export function renderIssueComment(
  repository: FakeRepository,
  issue: FakeIssue,
  comment: FakeComment,
  env: FakeEnvironment,
): Record<string, unknown> {
  const apiUrl = `${repositoryApiUrl(repository, env)}/issues/${issue.id}/comments/${comment.id}`;
  return {
    type: 'issue_comment',
    id: comment.id,
    content: { type: 'rendered', raw: comment.raw, markup: 'markdown', html: '' },
    user: renderAccount(comment.user, env),
    created_on: toIsoDate(comment.createdAt),
    updated_on: null,
    issue: {
      type: 'issue',
      id: issue.id,
      title: issue.title,
      repository: renderRepositoryReference(repository, env),
      links: { self: link(`${repositoryApiUrl(repository, env)}/issues/${issue.id}`) },
    },
    links: {
      self: link(apiUrl),
      html: link(`${repositoryHtmlUrl(repository, env)}/issues/${issue.id}#comment-${comment.id}`),
    },
  };
}
