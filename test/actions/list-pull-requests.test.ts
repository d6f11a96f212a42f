import { afterEach, describe, expect, it } from 'vitest';

import { executeAction } from '../../src/actions/registry.js';
import type { FakeRepository } from '../support/fake-bitbucket/index.js';
import { startActionHarness, type ActionHarness } from '../support/action-harness.js';

const SLUG = 'BITBUCKET_LIST_PULL_REQUESTS';
const STATES = ['OPEN', 'MERGED', 'DECLINED', 'SUPERSEDED'] as const;

let harness: ActionHarness;
let repository: FakeRepository;

afterEach(async () => {
  harness.bb.assertRequestsValid();
  await harness.close();
});

async function start(options: { pagelen?: number; openCount?: number } = {}): Promise<void> {
  harness = await startActionHarness({ pagelen: options.pagelen });
  repository = harness.bb.addRepository(harness.acme, { slug: 'api', files: { 'README.md': '# API' } });
  harness.bb.addCommit(harness.acme, repository, { branch: 'work', files: { 'a.txt': 'a' } });
  for (const state of STATES) {
    harness.bb.addPullRequest(harness.acme, repository, { title: `${state} one`, source: 'work', author: harness.alice, state });
  }
  for (let index = 1; index < (options.openCount ?? 1); index += 1) {
    harness.bb.addPullRequest(harness.acme, repository, { title: `open ${index}`, source: 'work', author: harness.alice });
  }
}

type PullRequestList = { values: Array<{ state: string; title: string }>; count: number; truncated?: boolean; next_page?: number | null };

describe('BITBUCKET_LIST_PULL_REQUESTS', () => {
  it('lists open pull requests by default', async () => {
    await start();

    const result = await harness.run(SLUG, { workspace: 'acme', repo_slug: 'api' });

    const data = result.data as PullRequestList;
    expect(result.successful).toBe(true);
    expect(data.values.map((pullRequest) => pullRequest.state)).toEqual(['OPEN']);
    expect(data.truncated).toBe(false);
    expect(harness.bb.requests[0]?.query['state']).toBeUndefined();
    expect(harness.bb.requests[0]?.query['pagelen']).toEqual(['50']);
  });

  it('accepts a state in any case', async () => {
    await start();

    const result = await harness.run(SLUG, { workspace: 'acme', repo_slug: 'api', state: 'Merged' });

    expect((result.data as PullRequestList).values.map((pullRequest) => pullRequest.state)).toEqual(['MERGED']);
    expect(harness.bb.requests[0]?.query['state']).toEqual(['MERGED']);
  });

  it('sends repeated state parameters for all', async () => {
    await start();

    const result = await harness.run(SLUG, { workspace: 'acme', repo_slug: 'api', state: 'ALL' });

    expect((result.data as PullRequestList).count).toBe(4);
    expect(harness.bb.requests[0]?.query['state']).toEqual([...STATES]);
  });

  it('accepts an array of states', async () => {
    await start();

    const result = await harness.run(SLUG, { workspace: 'acme', repo_slug: 'api', state: ['open', 'DECLINED'] });

    expect((result.data as PullRequestList).values.map((pullRequest) => pullRequest.state).sort()).toEqual(['DECLINED', 'OPEN']);
    expect(harness.bb.requests[0]?.query['state']).toEqual(['OPEN', 'DECLINED']);
  });

  it('returns one page when page is given', async () => {
    await start({ openCount: 7 });

    const result = await harness.run(SLUG, { workspace: 'acme', repo_slug: 'api', page: 2, pagelen: 3 });

    const data = result.data as PullRequestList & { page: number; pagelen: number };
    expect(data.count).toBe(3);
    expect(data.page).toBe(2);
    expect(data.pagelen).toBe(3);
    expect(data.next_page).toBe(3);
    expect(harness.bb.requests).toHaveLength(1);
    expect(harness.bb.requests[0]?.query).toMatchObject({ page: ['2'], pagelen: ['3'] });
  });

  it('reads every page when page is left out', async () => {
    await start({ pagelen: 5, openCount: 12 });

    const result = await harness.run(SLUG, { workspace: 'acme', repo_slug: 'api' });

    expect((result.data as PullRequestList).count).toBe(12);
    expect(harness.bb.requests).toHaveLength(3);
  });

  it('stops at the connection page limit', async () => {
    await start({ pagelen: 1, openCount: 3 });

    const connection = { client: harness.client, tokens: harness.tokens, maxPages: 2 };
    const result = await executeAction(SLUG, { workspace: 'acme', repo_slug: 'api' }, connection);

    expect((result.data as PullRequestList).count).toBe(2);
    expect((result.data as PullRequestList).truncated).toBe(true);
    expect(harness.bb.requests).toHaveLength(2);
  });

  it('rejects pagelen over 50 before any request', async () => {
    await start();

    const result = await harness.run(SLUG, { workspace: 'acme', repo_slug: 'api', pagelen: 100 });

    expect(result.error).toBe('pagelen: expected a page size from 1 to 50, got 100');
    expect(harness.bb.requests).toHaveLength(0);
  });

  it('rejects an unknown state before any request', async () => {
    await start();

    const result = await harness.run(SLUG, { workspace: 'acme', repo_slug: 'api', state: 'closed' });

    expect(result.error).toBe('state: expected a pull request state: open, merged, declined, superseded, all (any case), got "closed"');
    expect(harness.bb.requests).toHaveLength(0);
  });

  it('succeeds after 429 then 200', async () => {
    await start();
    harness.bb.inject({ kind: 'status', status: 429, method: 'GET', path: '/repositories/acme/api/pullrequests' });

    const result = await harness.run(SLUG, { workspace: 'acme', repo_slug: 'api' });

    expect(result.successful).toBe(true);
    expect(harness.bb.requests.map((request) => request.status)).toEqual([429, 200]);
    expect(harness.logs.lines.some((line) => line['level'] === 'warn' && line['status'] === 429)).toBe(true);
  });

  it('reports a missing repository by name', async () => {
    await start();

    const result = await harness.run(SLUG, { workspace: 'acme', repo_slug: 'nope' });

    expect(result.error).toMatch(/^Repository acme\/nope was not found on Bitbucket/);
  });
});
