import { afterEach, describe, expect, it } from 'vitest';

import { startActionHarness, type ActionHarness } from '../support/action-harness.js';

const SLUG = 'BITBUCKET_LIST_REPOSITORIES_IN_WORKSPACE';

let harness: ActionHarness;

afterEach(async () => {
  harness.bb.assertRequestsValid();
  await harness.close();
});

function addRepositories(count: number): void {
  for (let index = 1; index <= count; index += 1) {
    harness.bb.addRepository(harness.acme, { slug: `repo-${String(index).padStart(2, '0')}` });
  }
}

describe('BITBUCKET_LIST_REPOSITORIES_IN_WORKSPACE', () => {
  it('reads 37 repositories over 4 pages', async () => {
    harness = await startActionHarness({ pagelen: 10 });
    addRepositories(37);

    const result = await harness.run(SLUG, { workspace: 'acme' });

    expect(result.successful).toBe(true);
    const data = result.data as { values: Array<{ slug: string }>; count: number; truncated: boolean };
    expect(data.count).toBe(37);
    expect(new Set(data.values.map((repository) => repository.slug)).size).toBe(37);
    expect(data.truncated).toBe(false);
    expect(harness.bb.requests).toHaveLength(4);
    expect(harness.bb.requests.every((request) => request.path === '/2.0/repositories/acme')).toBe(true);
  });

  it('asks for 100 per page by default', async () => {
    harness = await startActionHarness();
    addRepositories(37);

    const result = await harness.run(SLUG, { workspace: 'acme' });

    expect((result.data as { count: number }).count).toBe(37);
    expect(harness.bb.requests).toHaveLength(1);
    expect(harness.bb.requests[0]?.query['pagelen']).toEqual(['100']);
  });

  it('stops at 20 pages and says the list is truncated', async () => {
    harness = await startActionHarness({ pagelen: 1 });
    addRepositories(23);

    const result = await harness.run(SLUG, { workspace: 'acme' });

    const data = result.data as { count: number; truncated: boolean };
    expect(result.successful).toBe(true);
    expect(data.count).toBe(20);
    expect(data.truncated).toBe(true);
    expect(harness.bb.requests).toHaveLength(20);
  });

  it('accepts the workspace as its {uuid}', async () => {
    harness = await startActionHarness();
    addRepositories(2);

    const result = await harness.run(SLUG, { workspace: harness.acme.uuid });

    expect(result.successful).toBe(true);
    expect((result.data as { count: number }).count).toBe(2);
    expect(harness.bb.requests[0]?.rawPath).toBe(`/2.0/repositories/${encodeURIComponent(harness.acme.uuid)}`);
  });

  it('passes q, role and sort to Bitbucket', async () => {
    harness = await startActionHarness();
    harness.bb.addRepository(harness.acme, { slug: 'api' });
    harness.bb.addRepository(harness.acme, { slug: 'api-gateway' });
    harness.bb.addRepository(harness.acme, { slug: 'web' });

    const result = await harness.run(SLUG, { workspace: 'acme', q: 'name ~ "api"', role: 'admin', sort: '-slug' });

    const data = result.data as { values: Array<{ slug: string }> };
    expect(data.values.map((repository) => repository.slug)).toEqual(['api-gateway', 'api']);
    expect(harness.bb.requests[0]?.query).toMatchObject({ q: ['name ~ "api"'], role: ['admin'], sort: ['-slug'] });
  });

  it('reports a missing workspace', async () => {
    harness = await startActionHarness();

    const result = await harness.run(SLUG, { workspace: 'nope' });

    expect(result.successful).toBe(false);
    expect(result.error).toContain('Workspace nope was not found on Bitbucket');
  });
});
