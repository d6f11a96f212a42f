import { afterEach, describe, expect, it } from 'vitest';

import { readMessageText, startTestApp, type TestApp } from '../support/app-harness.js';
import { expectValidMessage } from '../support/block-kit-schema.js';
import { seedAcme } from '../support/command-fixtures.js';

/** Delay of the fake Bitbucket's pull request list, far beyond Slack's 3-second limit. */
const BITBUCKET_DELAY_MS = 10_000;

describe('slow Bitbucket', () => {
  let testApp: TestApp | undefined;

  afterEach(async () => {
    await testApp?.stop();
    testApp?.bitbucket.assertRequestsValid();
    testApp = undefined;
  });

  it('acks at once and replies when Bitbucket answers', { timeout: 30_000 }, async () => {
    // The harness's 3-second Bitbucket timeout would end the request before the delay does.
    testApp = await startTestApp({ env: { BITBUCKET_TIMEOUT_MS: '20000' } });
    const world = seedAcme(testApp.bitbucket);
    testApp.bitbucket.addPullRequest(world.acme, world.api, { title: 'Add login', source: 'feature/login', author: world.ada });
    await testApp.connect(world.ada);
    testApp.bitbucket.inject({ kind: 'delay', ms: BITBUCKET_DELAY_MS, path: '/repositories/acme/api/pullrequests' });

    const sentAt = Date.now();
    const { status, body, responseUrlId } = await testApp.command('prs acme/api');
    const ackedAfterMs = Date.now() - sentAt;

    expect(status).toBe(200);
    expect(body).toBe('');
    expect(ackedAfterMs).toBeLessThan(3_000);

    const reply = await testApp.replyTo(responseUrlId, 0, BITBUCKET_DELAY_MS + 10_000);
    expectValidMessage(reply.body);
    expect(reply.receivedAt - sentAt).toBeGreaterThanOrEqual(BITBUCKET_DELAY_MS);
    expect(readMessageText(reply.body)).toContain('Add login');
  });
});
