import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { readMessageText, startTestApp, TEST_USER_ID, type TestApp } from '../support/app-harness.js';
import { expectValidMessage } from '../support/block-kit-schema.js';
import { seedAcme, type AcmeWorld } from '../support/command-fixtures.js';
import { RESPONSE_URL_METHOD, type FakeReply, type RecordedSlackCall } from '../support/fake-slack.js';

/** How long the app waits for a hung response_url (its Slack request timeout), plus a margin. */
const HUNG_REPLY_WAIT_MS = 15_000;

describe('reply delivery when the response_url fails', () => {
  let testApp: TestApp;
  let world: AcmeWorld;

  beforeEach(async () => {
    testApp = await startTestApp();
    world = seedAcme(testApp.bitbucket);
    testApp.bitbucket.addPullRequest(world.acme, world.api, { title: 'Add login', source: 'feature/login', author: world.ada });
    await testApp.connect(world.ada);
  });

  afterEach(async () => {
    // A hung response_url would otherwise keep the fake Slack's server from closing.
    testApp.slack.clearOverrides();
    await testApp.stop();
    testApp.bitbucket.assertRequestsValid();
  });

  /** Sends a command whose response_url fails with `failure`, and returns the direct message the user gets. */
  async function runWithFailingResponseUrl(text: string, failure: FakeReply, timeoutMs = 5_000): Promise<RecordedSlackCall> {
    testApp.slack.respondWith(RESPONSE_URL_METHOD, failure);
    const { status } = await testApp.command(text);
    expect(status).toBe(200);

    const message = await testApp.slack.waitFor('chat.postMessage', timeoutMs);
    expectValidMessage(message.body);
    expect(message.body.channel).toBe(TEST_USER_ID);
    return message;
  }

  /** Returns the log lines at warn level or above. */
  function readProblemLogs(): Array<Record<string, unknown>> {
    return testApp.logs.filter((line) => line.level === 'warn' || line.level === 'error');
  }

  it.each([
    ['404', { status: 404, body: { ok: false, error: 'expired_url' } }],
    ['500', { status: 500, body: { ok: false, error: 'internal_error' } }],
  ] as const)('sends the reply as a direct message after a %s', async (_status, failure) => {
    const message = await runWithFailingResponseUrl('prs acme/api', failure);

    const text = readMessageText(message.body);
    expect(text).toContain('Add login');
    expect(text).toContain('`/bitbucket prs acme/api`');
    expect(readProblemLogs().map((line) => line.msg)).toEqual(['posting the reply to the response_url failed, so it goes out as a direct message']);
  });

  it('sends the reply as a direct message after a hang', { timeout: HUNG_REPLY_WAIT_MS + 10_000 }, async () => {
    const message = await runWithFailingResponseUrl('prs acme/api', { hang: true }, HUNG_REPLY_WAIT_MS);

    expect(readMessageText(message.body)).toContain('Add login');
    expect(testApp.slack.callsTo(RESPONSE_URL_METHOD).length).toBeGreaterThanOrEqual(1);
  });

  it('sends an error reply as a direct message', async () => {
    const message = await runWithFailingResponseUrl('prs acme/nope', { status: 404, body: { ok: false, error: 'expired_url' } });

    expect(readMessageText(message.body)).toContain('Bitbucket found no repository acme/nope');
    expect(readProblemLogs().some((line) => line.referenceId !== undefined)).toBe(false);
  });

  it('logs one error when the direct message fails too', async () => {
    testApp.slack.failWith('chat.postMessage', 'cannot_dm_bot', Infinity);

    await runWithFailingResponseUrl('prs acme/api', { status: 404, body: { ok: false, error: 'expired_url' } });
    const failure = await waitForLog(testApp, (line) => line.level === 'error');

    expect(failure.msg).toBe('could not deliver the reply to a /bitbucket command');
    expect(failure.slackUserId).toBe(TEST_USER_ID);
    expect(readProblemLogs().filter((line) => line.level === 'error')).toHaveLength(1);
    expect(readProblemLogs().some((line) => line.referenceId !== undefined)).toBe(false);
  });
});

async function waitForLog(testApp: TestApp, predicate: (line: Record<string, unknown>) => boolean, timeoutMs = 5_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = testApp.logs.find(predicate);
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`no matching log line within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
