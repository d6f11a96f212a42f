import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { startActionHarness, type ActionHarness } from '../support/action-harness.js';

const SLUG = 'BITBUCKET_GET_CURRENT_USER';

let harness: ActionHarness;

beforeEach(async () => {
  harness = await startActionHarness();
});

afterEach(async () => {
  harness.bb.assertRequestsValid();
  await harness.close();
});

describe('BITBUCKET_GET_CURRENT_USER', () => {
  it('returns the token owner', async () => {
    const result = await harness.run(SLUG, {});

    expect(result).toMatchObject({ successful: true, error: null });
    expect(result.data).toMatchObject({ uuid: harness.alice.uuid, display_name: 'Alice Example' });
    expect(harness.requestLines()).toEqual(['GET /user']);
  });

  it('accepts missing parameters', async () => {
    const result = await harness.run(SLUG, undefined);

    expect(result.successful).toBe(true);
  });

  it('rejects an unknown parameter before any request', async () => {
    const result = await harness.run(SLUG, { workspace: 'acme' });

    expect(result.successful).toBe(false);
    expect(result.error).toBe('unknown parameter "workspace"; this action takes no parameters');
    expect(harness.bb.requests).toHaveLength(0);
  });
});
