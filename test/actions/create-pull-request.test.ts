import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { FakeRepository, FakeUser } from '../support/fake-bitbucket/index.js';
import { startActionHarness, type ActionHarness } from '../support/action-harness.js';

const SLUG = 'BITBUCKET_CREATE_PULL_REQUEST';

let harness: ActionHarness;
let repository: FakeRepository;
let bob: FakeUser;

beforeEach(async () => {
  harness = await startActionHarness();
  repository = harness.bb.addRepository(harness.acme, { slug: 'api', files: { 'README.md': '# API' } });
  harness.bb.addCommit(harness.acme, repository, { branch: 'feature/login', files: { 'login.ts': 'export {};' } });
  bob = harness.bb.addUser({ display_name: 'Bob Reviewer' });
  harness.bb.addMember(harness.acme, bob);
});

afterEach(async () => {
  harness.bb.assertRequestsValid();
  await harness.close();
});

const base = { workspace: 'acme', repo_slug: 'api', title: 'Add login', source_branch: 'feature/login' };

describe('BITBUCKET_CREATE_PULL_REQUEST', () => {
  it('opens a pull request into the main branch', async () => {
    const result = await harness.run(SLUG, base);

    expect(result.successful).toBe(true);
    expect(result.data).toMatchObject({ title: 'Add login', state: 'OPEN', destination: { branch: { name: 'main' } } });
    expect(harness.bb.requests[0]?.body).toEqual({ title: 'Add login', source: { branch: { name: 'feature/login' } } });
    expect(repository.pullRequests.size).toBe(1);
  });

  it('sends reviewers as {uuid} objects', async () => {
    const bare = bob.uuid.replace(/[{}]/g, '').toUpperCase();

    const result = await harness.run(SLUG, {
      ...base,
      destination_branch: 'main',
      description: 'Adds the login page.',
      reviewers: [bare],
      close_source_branch: true,
    });

    expect(result.successful).toBe(true);
    expect(harness.bb.requests[0]?.body).toEqual({
      title: 'Add login',
      source: { branch: { name: 'feature/login' } },
      destination: { branch: { name: 'main' } },
      description: 'Adds the login page.',
      reviewers: [{ uuid: bob.uuid }],
      close_source_branch: true,
    });
    expect([...repository.pullRequests.values()][0]?.reviewers.map((user) => user.uuid)).toEqual([bob.uuid]);
  });

  it('rejects a username as reviewer before any request', async () => {
    const result = await harness.run(SLUG, { ...base, reviewers: ['bob'] });

    expect(result.successful).toBe(false);
    expect(result.error).toMatch(/^reviewers\[0\]: expected a user UUID/);
    expect(harness.bb.requests).toHaveLength(0);
  });

  it('reports a missing source branch', async () => {
    const result = await harness.run(SLUG, { ...base, source_branch: 'nope' });

    expect(result.successful).toBe(false);
    expect(result.error).toMatch(/^Bitbucket rejected the request: .*source/);
    expect(repository.pullRequests.size).toBe(0);
  });

  it('leaves one pull request after 503 on POST', async () => {
    harness.bb.inject({ kind: 'status-after-commit', status: 503, method: 'POST', path: '/repositories/acme/api/pullrequests' });

    const outcome = await harness.runTyped(SLUG, base);

    expect(outcome.ok).toBe(false);
    const error = outcome.ok ? undefined : outcome.error;
    expect(error?.code).toBe('bitbucket_upstream');
    expect(error?.message).toContain('the outcome is unknown');
    expect(error?.message).toContain('Check Bitbucket before trying again');
    expect(harness.bb.requests).toHaveLength(1);
    expect(repository.pullRequests.size).toBe(1);
  });

  it('leaves one pull request after a dropped connection', async () => {
    harness.bb.inject({ kind: 'drop-after-commit', method: 'POST', path: '/repositories/acme/api/pullrequests' });

    const result = await harness.run(SLUG, base);

    expect(result.successful).toBe(false);
    expect(result.error).toContain('the outcome is unknown');
    expect(harness.bb.requests).toHaveLength(1);
    expect(repository.pullRequests.size).toBe(1);
  });

  it('repeats the POST once with a refreshed token', async () => {
    harness.bb.expireAccessTokens(harness.alice);

    const result = await harness.run(SLUG, base);

    expect(result.successful).toBe(true);
    expect(harness.tokens.refreshes).toBe(1);
    expect(harness.bb.requests.map((request) => request.status)).toEqual([401, 201]);
    expect(repository.pullRequests.size).toBe(1);
  });
});
