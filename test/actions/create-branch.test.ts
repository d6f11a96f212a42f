import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { FakeRepository } from '../support/fake-bitbucket/index.js';
import { startActionHarness, type ActionHarness } from '../support/action-harness.js';

const SLUG = 'BITBUCKET_CREATE_BRANCH';

let harness: ActionHarness;
let repository: FakeRepository;
let mainHash: string;

beforeEach(async () => {
  harness = await startActionHarness();
  repository = harness.bb.addRepository(harness.acme, { slug: 'api', files: { 'README.md': '# API' } });
  mainHash = repository.branches.get('main')!;
});

afterEach(async () => {
  harness.bb.assertRequestsValid();
  await harness.close();
});

describe('BITBUCKET_CREATE_BRANCH', () => {
  it('creates feature/ä-x at a commit', async () => {
    const result = await harness.run(SLUG, { workspace: 'acme', repo_slug: 'api', name: 'feature/ä-x', target_hash: mainHash });

    expect(result.successful).toBe(true);
    expect(result.data).toMatchObject({ name: 'feature/ä-x', target: { hash: mainHash } });
    expect(repository.branches.get('feature/ä-x')).toBe(mainHash);
    expect(harness.bb.requests[0]?.rawPath).toBe('/2.0/repositories/acme/api/refs/branches');
    expect(harness.bb.requests[0]?.body).toEqual({ name: 'feature/ä-x', target: { hash: mainHash } });
  });

  it('accepts an upper-case hash and sends it in lower case', async () => {
    const result = await harness.run(SLUG, { workspace: 'acme', repo_slug: 'api', name: 'upper', target_hash: mainHash.toUpperCase() });

    expect(result.successful).toBe(true);
    expect(harness.bb.requests[0]?.body).toMatchObject({ target: { hash: mainHash } });
  });

  it.each([
    ['abc1234', 'target_hash: expected a full 40-character commit hash, got "abc1234"'],
    ['main', 'target_hash: expected a full 40-character commit hash, got "main"'],
  ])('rejects target_hash %j before any request', async (targetHash, message) => {
    const result = await harness.run(SLUG, { workspace: 'acme', repo_slug: 'api', name: 'x', target_hash: targetHash });

    expect(result.successful).toBe(false);
    expect(result.error).toBe(message);
    expect(harness.bb.requests).toHaveLength(0);
  });

  it.each(['refs/heads/x', 'a..b', 'with space', 'trailing/', ''])('rejects the branch name %j', async (name) => {
    const result = await harness.run(SLUG, { workspace: 'acme', repo_slug: 'api', name, target_hash: mainHash });

    expect(result.successful).toBe(false);
    expect(result.error).toMatch(/^name: expected a branch name such as "feature\/login"/);
    expect(harness.bb.requests).toHaveLength(0);
  });

  it('reports a commit Bitbucket does not know', async () => {
    const result = await harness.run(SLUG, { workspace: 'acme', repo_slug: 'api', name: 'x', target_hash: 'f'.repeat(40) });

    expect(result.successful).toBe(false);
    expect(result.error).toMatch(/^Bitbucket rejected the request|was not found on Bitbucket/);
    expect(repository.branches.has('x')).toBe(false);
  });

  it('creates one branch despite 503 after the commit', async () => {
    harness.bb.inject({ kind: 'status-after-commit', status: 503, method: 'POST', path: '/repositories/acme/api/refs/branches' });

    const result = await harness.run(SLUG, { workspace: 'acme', repo_slug: 'api', name: 'once', target_hash: mainHash });

    expect(result.successful).toBe(false);
    expect(result.error).toContain('Check Bitbucket before trying again');
    expect(harness.bb.requests).toHaveLength(1);
    expect(repository.branches.get('once')).toBe(mainHash);
  });
});
