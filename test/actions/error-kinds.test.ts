import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { ActionOutcome } from '../../src/actions/registry.js';
import {
  BitbucketError,
  BitbucketForbiddenError,
  BitbucketNotFoundError,
  BitbucketRateLimitedError,
  BitbucketTimeoutError,
  BitbucketUnauthorizedError,
  BitbucketUpstreamError,
  BitbucketValidationError,
  IssueTrackerUnavailableError,
} from '../../src/bitbucket/errors.js';
import { fixedTokens, startActionHarness, type ActionHarness } from '../support/action-harness.js';

/** Request timeout of the hang test; the other tests keep the harness default. */
const TIMEOUT_MS = 600;

/**
 * One action with valid parameters for a seeded fake, and the request the faults target. `params`
 * runs after the seeding, so it can read hashes and ids from the fake.
 */
interface ActionCase {
  slug: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The decoded path of the action's first request, relative to `/2.0`. */
  path: string;
  issueTracker?: boolean;
  params(harness: ActionHarness): Record<string, unknown>;
  /** A copy of the parameters that fails the input schema. */
  invalid: Record<string, unknown>;
}

function seed(harness: ActionHarness): { mainHash: string; issueId: number; snippetId: string } {
  const repository = harness.bb.addRepository(harness.acme, { slug: 'api', has_issues: true, files: { 'README.md': '# API\n' } });
  harness.bb.addCommit(harness.acme, repository, { branch: 'feature/login', files: { 'login.ts': 'export {};' } });
  harness.bb.addRepository(harness.acme, { slug: 'old' });
  harness.bb.setIssuesRemoved(false);
  const issueId = harness.bb.addIssue(harness.acme, repository, { title: 'Existing issue' });
  const snippetId = harness.bb.addSnippet(harness.acme, { encoded_id: 'kypj', title: 'Snippet', owner: harness.alice, files: { 'a.txt': 'a' } });
  return { mainHash: repository.branches.get('main')!, issueId, snippetId };
}

const where = { workspace: 'acme', repo_slug: 'api' };

const CASES: ActionCase[] = [
  {
    slug: 'BITBUCKET_CREATE_BRANCH',
    method: 'POST',
    path: '/repositories/acme/api/refs/branches',
    params: (harness) => ({ ...where, name: 'feature/new', target_hash: harness.acme.repositories.get('api')!.branches.get('main') }),
    invalid: { ...where, name: 'x', target_hash: 'abc' },
  },
  {
    slug: 'BITBUCKET_CREATE_ISSUE',
    method: 'POST',
    path: '/repositories/acme/api/issues',
    issueTracker: true,
    params: () => ({ ...where, title: 'Bug', content: 'Broken' }),
    invalid: { ...where, title: '', content: 'Broken' },
  },
  {
    slug: 'BITBUCKET_CREATE_ISSUE_COMMENT',
    method: 'POST',
    path: '/repositories/acme/api/issues/1/comments',
    issueTracker: true,
    params: () => ({ ...where, issue_id: 1, content: 'Me too' }),
    invalid: { ...where, issue_id: 0, content: 'Me too' },
  },
  {
    slug: 'BITBUCKET_UPDATE_ISSUE',
    method: 'PUT',
    path: '/repositories/acme/api/issues/1',
    issueTracker: true,
    params: () => ({ ...where, issue_id: 1, state: 'resolved' }),
    invalid: { ...where, issue_id: 1, state: 'done' },
  },
  {
    slug: 'BITBUCKET_DELETE_ISSUE',
    method: 'DELETE',
    path: '/repositories/acme/api/issues/1',
    issueTracker: true,
    params: () => ({ ...where, issue_id: 1 }),
    invalid: { ...where, issue_id: -1 },
  },
  {
    slug: 'BITBUCKET_CREATE_PULL_REQUEST',
    method: 'POST',
    path: '/repositories/acme/api/pullrequests',
    params: () => ({ ...where, title: 'Add login', source_branch: 'feature/login' }),
    invalid: { ...where, title: 'Add login', source_branch: 'feature/login', reviewers: 'bob' },
  },
  {
    slug: 'BITBUCKET_LIST_PULL_REQUESTS',
    method: 'GET',
    path: '/repositories/acme/api/pullrequests',
    params: () => ({ ...where, state: 'all' }),
    invalid: { ...where, pagelen: 51 },
  },
  {
    slug: 'BITBUCKET_CREATE_REPOSITORY',
    method: 'POST',
    path: '/repositories/acme/fresh',
    params: () => ({ workspace: 'acme', repo_slug: 'fresh' }),
    invalid: { workspace: 'acme', repo_slug: 'fresh', fork_policy: 'sometimes' },
  },
  {
    slug: 'BITBUCKET_DELETE_REPOSITORY',
    method: 'DELETE',
    path: '/repositories/acme/old',
    params: () => ({ workspace: 'acme', repo_slug: 'old' }),
    invalid: { workspace: '..', repo_slug: 'old' },
  },
  {
    slug: 'BITBUCKET_GET_CURRENT_USER',
    method: 'GET',
    path: '/user',
    params: () => ({}),
    invalid: { extra: true },
  },
  {
    slug: 'BITBUCKET_GET_FILE_FROM_REPOSITORY',
    method: 'GET',
    path: '/repositories/acme/api/src/main/README.md',
    params: () => ({ ...where, commit: 'main', path: 'README.md' }),
    invalid: { ...where, commit: '', path: 'README.md' },
  },
  {
    slug: 'BITBUCKET_GET_SNIPPET',
    method: 'GET',
    path: '/snippets/acme/kypj',
    params: () => ({ workspace: 'acme', encoded_id: 'kypj' }),
    invalid: { workspace: 'acme', encoded_id: 'a/b' },
  },
  {
    slug: 'BITBUCKET_CREATE_SNIPPET_COMMENT',
    method: 'POST',
    path: '/snippets/acme/kypj/comments',
    params: () => ({ workspace: 'acme', encoded_id: 'kypj', content: 'Nice' }),
    invalid: { workspace: 'acme', encoded_id: 'kypj', content: 'Nice', parent_id: 'first' },
  },
  {
    slug: 'BITBUCKET_LIST_REPOSITORIES_IN_WORKSPACE',
    method: 'GET',
    path: '/repositories/acme',
    params: () => ({ workspace: 'acme' }),
    invalid: { workspace: 'acme', role: 'reader' },
  },
  {
    slug: 'BITBUCKET_LIST_WORKSPACES',
    method: 'GET',
    path: '/user/workspaces',
    params: () => ({}),
    invalid: { sort: 'slug; DROP' },
  },
  {
    slug: 'BITBUCKET_LIST_WORKSPACE_MEMBERS',
    method: 'GET',
    path: '/workspaces/acme/members',
    params: () => ({ workspace: 'acme' }),
    invalid: { workspace: '' },
  },
];

let harness: ActionHarness;

beforeEach(async () => {
  harness = await startActionHarness();
  seed(harness);
});

afterEach(async () => {
  harness.bb.assertRequestsValid();
  await harness.close();
});

function errorOf(outcome: ActionOutcome): BitbucketError {
  expect(outcome.ok).toBe(false);
  if (outcome.ok) throw new Error('the action succeeded');
  expect(outcome.error).toBeInstanceOf(BitbucketError);
  return outcome.error as BitbucketError;
}

function errorBody(message: string, extra: Record<string, unknown> = {}) {
  return { type: 'error', error: { message, ...extra } };
}

const isWrite = (actionCase: ActionCase) => actionCase.method !== 'GET';

describe.each(CASES)('$slug', (actionCase) => {
  const fault = { method: actionCase.method, path: actionCase.path };

  it('succeeds on the happy path', async () => {
    const result = await harness.run(actionCase.slug, actionCase.params(harness));

    expect(result.error).toBeNull();
    expect(result.successful).toBe(true);
  });

  it('reports a rejected token (401)', async () => {
    const outcome = await harness.runTyped(actionCase.slug, actionCase.params(harness), fixedTokens('unknown-token'));

    const error = errorOf(outcome);
    expect(error).toBeInstanceOf(BitbucketUnauthorizedError);
    expect((error as BitbucketUnauthorizedError).tokenExpired).toBe(false);
    expect(error.message).toContain('Bitbucket rejected the fixed test token');
    expect(harness.bb.requests).toHaveLength(1);
  });

  it('refreshes an expired token once (401)', async () => {
    harness.bb.expireAccessTokens(harness.alice);

    const result = await harness.run(actionCase.slug, actionCase.params(harness));

    expect(result.error).toBeNull();
    expect(harness.tokens.refreshes).toBe(1);
    expect(harness.bb.requests[0]?.status).toBe(401);
    expect(harness.bb.requests[1]?.status).toBeLessThan(300);
  });

  it('names the missing scope (403)', async () => {
    const limited = harness.bb.issueToken(harness.alice, { scopes: ['email'] }).access_token;

    const error = errorOf(await harness.runTyped(actionCase.slug, actionCase.params(harness), fixedTokens(limited)));

    expect(error).toBeInstanceOf(BitbucketForbiddenError);
    const required = (error as BitbucketForbiddenError).requiredScopes;
    expect(required.length).toBeGreaterThan(0);
    expect((error as BitbucketForbiddenError).grantedScopes).toEqual(['email']);
    expect(error.message).toContain(required[0]);
  });

  it('reports not found (404)', async () => {
    harness.bb.inject({ ...fault, kind: 'status', status: 404, body: errorBody('Resource not found') });

    const error = errorOf(await harness.runTyped(actionCase.slug, actionCase.params(harness)));

    if (actionCase.issueTracker) {
      expect(error).toBeInstanceOf(IssueTrackerUnavailableError);
      expect((error as IssueTrackerUnavailableError).reason).toBe('removed');
    } else {
      expect(error).toBeInstanceOf(BitbucketNotFoundError);
      expect(error.message).toContain('was not found on Bitbucket');
    }
    expect(error.context.status).toBe(404);
  });

  it('reports field errors (400)', async () => {
    const body = errorBody('title: This field is required.', { fields: { title: ['This field is required.'] } });
    harness.bb.inject({ ...fault, kind: 'status', status: 400, body });

    const error = errorOf(await harness.runTyped(actionCase.slug, actionCase.params(harness)));

    expect(error).toBeInstanceOf(BitbucketValidationError);
    expect((error as BitbucketValidationError).fields).toEqual({ title: ['This field is required.'] });
    expect(error.message).toBe('Bitbucket rejected the request: title: This field is required.');
  });

  it.runIf(actionCase.issueTracker)('explains the removed tracker (410)', async () => {
    harness.bb.setIssuesRemoved(true);

    const error = errorOf(await harness.runTyped(actionCase.slug, actionCase.params(harness)));

    expect(error).toBeInstanceOf(IssueTrackerUnavailableError);
    expect((error as IssueTrackerUnavailableError).reason).toBe('removed');
    expect(error.context.status).toBe(410);
    expect(error.message).not.toContain('not found');
  });

  it.runIf(actionCase.issueTracker)('explains a missing issue tracker (404)', async () => {
    harness.bb.inject({ ...fault, kind: 'status', status: 404, body: errorBody('Repository has no issue tracker.') });

    const error = errorOf(await harness.runTyped(actionCase.slug, actionCase.params(harness)));

    expect(error).toBeInstanceOf(IssueTrackerUnavailableError);
    expect((error as IssueTrackerUnavailableError).reason).toBe('no_tracker');
    expect(error.message).toContain('has no issue tracker');
  });

  it('reports the rate limit with Retry-After (429)', async () => {
    harness.bb.inject({ ...fault, kind: 'status', status: 429, headers: { 'retry-after': '2' }, times: 3 });

    const error = errorOf(await harness.runTyped(actionCase.slug, actionCase.params(harness)));

    expect(error).toBeInstanceOf(BitbucketRateLimitedError);
    expect((error as BitbucketRateLimitedError).retryAfterSeconds).toBe(2);
    expect(error.message).toContain('Try again in 2 seconds');
    expect(harness.bb.requests).toHaveLength(isWrite(actionCase) ? 1 : 3);
    expect(harness.waits).toEqual(isWrite(actionCase) ? [] : [2000, 2000]);
  });

  it('reports the rate limit without Retry-After (429)', async () => {
    harness.bb.inject({ ...fault, kind: 'status', status: 429, times: 3 });

    const error = errorOf(await harness.runTyped(actionCase.slug, actionCase.params(harness)));

    expect(error).toBeInstanceOf(BitbucketRateLimitedError);
    expect((error as BitbucketRateLimitedError).retryAfterSeconds).toBeUndefined();
    expect(harness.bb.requests).toHaveLength(isWrite(actionCase) ? 1 : 3);
  });

  it('reports a server error (5xx)', async () => {
    harness.bb.inject({ ...fault, kind: 'status', status: 503, times: 3 });

    const error = errorOf(await harness.runTyped(actionCase.slug, actionCase.params(harness)));

    expect(error).toBeInstanceOf(BitbucketUpstreamError);
    expect(error.outcomeUnknown).toBe(isWrite(actionCase));
    expect(error.message).toContain(isWrite(actionCase) ? 'Check Bitbucket before trying again' : 'Try again later');
    expect(harness.bb.requests).toHaveLength(isWrite(actionCase) ? 1 : 3);
  });

  it('times out on a hung server', async () => {
    await harness.close();
    harness = await startActionHarness({ timeoutMs: TIMEOUT_MS });
    seed(harness);
    harness.bb.inject({ ...fault, kind: 'hang' });
    const started = Date.now();

    const error = errorOf(await harness.runTyped(actionCase.slug, actionCase.params(harness)));

    expect(error).toBeInstanceOf(BitbucketTimeoutError);
    expect(error.message).toContain(`within ${TIMEOUT_MS} ms`);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 2_000);
    expect(harness.bb.requests).toHaveLength(1);
  });

  it('sends nothing for invalid input', async () => {
    const result = await harness.run(actionCase.slug, actionCase.invalid);

    expect(result.successful).toBe(false);
    expect(result.error).toMatch(/expected|unknown parameter/);
    expect(harness.bb.requests).toHaveLength(0);
  });
});
