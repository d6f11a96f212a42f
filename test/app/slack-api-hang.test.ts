import { afterEach, describe, expect, it } from 'vitest';

import { findButtonUrl, startTestApp, TEST_USER_ID, type TestApp } from '../support/app-harness.js';
import { expectValidMessage } from '../support/block-kit-schema.js';
import { openAuthorizeUrl, postConfirm } from '../support/connections-test-app.js';
import { RESPONSE_URL_METHOD } from '../support/fake-slack.js';

describe('hanging Slack Web API', () => {
  let testApp: TestApp | undefined;

  afterEach(async () => {
    // Hung requests would otherwise keep the fake Slack's server from closing.
    testApp?.slack.clearOverrides();
    await testApp?.stop();
    testApp = undefined;
  });

  it('gives up on a hung direct message within seconds', { timeout: 20_000 }, async () => {
    testApp = await startTestApp();
    const ada = testApp.bitbucket.addUser({ display_name: 'Ada Lovelace' });
    testApp.bitbucket.setAuthorizingUser(ada);

    const { responseUrlId } = await testApp.command('connect');
    const prompt = await testApp.replyTo(responseUrlId);
    expectValidMessage(prompt.body);
    const page = await openAuthorizeUrl(findButtonUrl(prompt.body)!);
    // The "connected" notice cannot use the response_url, so it falls back to a direct message,
    // and Slack never responds to that call.
    testApp.slack.respondWith(RESPONSE_URL_METHOD, { status: 404, body: { ok: false, error: 'expired_url' } });
    testApp.slack.hang('chat.postMessage');

    const confirmedAt = Date.now();
    const confirmed = await postConfirm(testApp.url, { state: page.form!.state, csrf_token: page.form!.csrfToken });
    expect(confirmed.status).toBe(200);
    const failure = await waitForLog(testApp, (line) => line.msg === 'the onConnected hook failed', 15_000);

    expect(Date.now() - confirmedAt).toBeLessThan(15_000);
    expect(failure.level).toBe('error');
    const directMessages = testApp.slack.callsTo('chat.postMessage');
    expect(directMessages).toHaveLength(1);
    expect(directMessages[0]?.body.channel).toBe(TEST_USER_ID);
  });
});

async function waitForLog(
  testApp: TestApp,
  predicate: (line: Record<string, unknown>) => boolean,
  timeoutMs: number,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = testApp.logs.find(predicate);
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`no matching log line within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
