import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { startActionHarness, type ActionHarness } from '../support/action-harness.js';

const SLUG = 'BITBUCKET_DELETE_REPOSITORY';

let harness: ActionHarness;

beforeEach(async () => {
  harness = await startActionHarness();
});

afterEach(async () => {
  harness.bb.assertRequestsValid();
  await harness.close();
});

describe('BITBUCKET_DELETE_REPOSITORY', () => {
  it('deletes the repository', async () => {
    harness.bb.addRepository(harness.acme, { slug: 'old' });

    const result = await harness.run(SLUG, { workspace: 'acme', repo_slug: 'old' });

    expect(result).toEqual({ successful: true, data: { deleted: true, workspace: 'acme', repo_slug: 'old' }, error: null });
    expect(harness.acme.repositories.has('old')).toBe(false);
    expect(harness.requestLines()).toEqual(['DELETE /repositories/acme/old']);
  });

  it('reports a missing repository by name', async () => {
    const result = await harness.run(SLUG, { workspace: 'acme', repo_slug: 'gone' });

    expect(result.successful).toBe(false);
    expect(result.error).toMatch(/^Repository acme\/gone was not found on Bitbucket/);
  });

  it('never repeats a DELETE after 503', async () => {
    harness.bb.addRepository(harness.acme, { slug: 'kept' });
    harness.bb.inject({ kind: 'status', status: 503, method: 'DELETE', path: '/repositories/acme/kept' });

    const result = await harness.run(SLUG, { workspace: 'acme', repo_slug: 'kept' });

    expect(result.successful).toBe(false);
    expect(result.error).toContain('outcome is unknown');
    expect(harness.bb.requests).toHaveLength(1);
  });
});
