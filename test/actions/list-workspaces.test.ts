import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { executeAction } from '../../src/actions/registry.js';
import { BitbucketClient } from '../../src/bitbucket/client.js';
import { startActionHarness, type ActionHarness } from '../support/action-harness.js';

const SLUG = 'BITBUCKET_LIST_WORKSPACES';

let harness: ActionHarness;

beforeEach(async () => {
  harness = await startActionHarness();
  for (const [slug, name, administrator] of [
    ['zeta', 'Zeta Team', false],
    ['acme-labs', 'Labs', false],
  ] as const) {
    const workspace = harness.bb.addWorkspace({ slug, name });
    harness.bb.addMember(workspace, harness.alice, { administrator });
  }
  harness.bb.addWorkspace({ slug: 'other', name: 'Not a member' });
});

afterEach(async () => {
  harness.bb.assertRequestsValid();
  await harness.close();
});

type WorkspaceList = { values: Array<{ administrator: boolean; workspace: { slug: string } }>; count: number; truncated: boolean };

function slugsOf(data: unknown): string[] {
  return (data as WorkspaceList).values.map((entry) => entry.workspace.slug);
}

describe('BITBUCKET_LIST_WORKSPACES', () => {
  it('lists the user workspaces through /user/workspaces', async () => {
    const result = await harness.run(SLUG, {});

    expect(result.successful).toBe(true);
    expect(slugsOf(result.data).sort()).toEqual(['acme', 'acme-labs', 'zeta']);
    expect((result.data as WorkspaceList).truncated).toBe(false);
    expect(harness.requestLines()).toEqual(['GET /user/workspaces']);
  });

  it('filters by plain text locally', async () => {
    const result = await harness.run(SLUG, { q: 'LABS' });

    expect(slugsOf(result.data)).toEqual(['acme-labs']);
    expect(harness.bb.requests[0]?.query['q']).toBeUndefined();
  });

  it('filters by a query locally', async () => {
    const result = await harness.run(SLUG, { q: 'slug ~ "acme" AND administrator = false' });

    expect(slugsOf(result.data)).toEqual(['acme-labs']);
  });

  it('sorts by slug through Bitbucket and locally', async () => {
    const result = await harness.run(SLUG, { sort: '-slug' });

    expect(slugsOf(result.data)).toEqual(['zeta', 'acme-labs', 'acme']);
    expect(harness.bb.requests[0]?.query['sort']).toEqual(['-slug']);
  });

  it('sorts by another field locally only', async () => {
    const result = await harness.run(SLUG, { sort: '-administrator' });

    expect(slugsOf(result.data)[0]).toBe('acme');
    expect(harness.bb.requests[0]?.query['sort']).toBeUndefined();
  });

  it('stops at the connection page limit', async () => {
    const client = new BitbucketClient({ baseUrl: harness.bb.apiUrl, timeoutMs: 2_000, logger: harness.logs.logger, pagelen: 1 });

    const result = await executeAction(SLUG, {}, { client, tokens: harness.tokens, maxPages: 2 });

    expect((result.data as WorkspaceList).count).toBe(2);
    expect((result.data as WorkspaceList).truncated).toBe(true);
    expect(harness.bb.requests).toHaveLength(2);
  });

  it('rejects an unreadable query before any request', async () => {
    const result = await harness.run(SLUG, { q: 'slug = ' });

    expect(result.successful).toBe(false);
    expect(result.error).toMatch(/^q: expected a query/);
    expect(harness.bb.requests).toHaveLength(0);
  });
});
