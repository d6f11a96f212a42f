import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { startActionHarness, type ActionHarness } from '../support/action-harness.js';

const SLUG = 'BITBUCKET_LIST_WORKSPACE_MEMBERS';

let harness: ActionHarness;

beforeEach(async () => {
  harness = await startActionHarness();
  harness.bb.addMember(harness.acme, harness.bb.addUser({ display_name: 'Bob Builder' }));
});

afterEach(async () => {
  harness.bb.assertRequestsValid();
  await harness.close();
});

type MemberList = { values: Array<{ user: { display_name: string; uuid: string } }>; count: number };

describe('BITBUCKET_LIST_WORKSPACE_MEMBERS', () => {
  it('lists members with their uuids', async () => {
    const result = await harness.run(SLUG, { workspace: 'acme' });

    expect(result.successful).toBe(true);
    const data = result.data as MemberList;
    expect(data.values.map((member) => member.user.display_name).sort()).toEqual(['Alice Example', 'Bob Builder']);
    expect(data.values.every((member) => /^\{[0-9a-f-]{36}\}$/.test(member.user.uuid))).toBe(true);
    expect(data.count).toBe(2);
  });

  it('accepts the workspace as its {uuid}', async () => {
    const result = await harness.run(SLUG, { workspace: harness.acme.uuid });

    expect(result.successful).toBe(true);
    expect(harness.bb.requests[0]?.rawPath).toBe(`/2.0/workspaces/${encodeURIComponent(harness.acme.uuid)}/members`);
  });

  it('reports a workspace the user is not in', async () => {
    harness.bb.addWorkspace({ slug: 'private-ws' });

    const result = await harness.run(SLUG, { workspace: 'private-ws' });

    expect(result.successful).toBe(false);
    expect(result.error).toContain('Bitbucket denied access to workspace private-ws');
  });
});
