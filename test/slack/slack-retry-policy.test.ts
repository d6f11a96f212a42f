import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createSlackRetryPolicy } from '../../src/slack/slack-retry-policy.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';

describe('createSlackRetryPolicy', () => {
  let slack: FakeSlack;

  beforeEach(async () => {
    slack = await startFakeSlack();
  });

  afterEach(async () => {
    slack.clearOverrides();
    await slack.close();
  });

  function createClient(): WebClient {
    return new WebClient('xoxb-retry-test', { slackApiUrl: slack.apiUrl, retryConfig: createSlackRetryPolicy(), timeout: 300 });
  }

  it('retries an HTTP 500', async () => {
    slack.respondWith('chat.postMessage', { status: 500, body: { ok: false, error: 'internal_error' } }, 2);

    const result = await createClient().chat.postMessage({ channel: 'C1', text: 'hello' });

    expect(result.ok).toBe(true);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(3);
  });

  it('gives up after two retries', async () => {
    slack.respondWith('chat.postMessage', { status: 500, body: { ok: false, error: 'internal_error' } });

    await expect(createClient().chat.postMessage({ channel: 'C1', text: 'hello' })).rejects.toMatchObject({
      code: 'slack_webapi_http_error',
    });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(3);
  });

  it('does not repeat a call that timed out', async () => {
    slack.hang('chat.postMessage');

    await expect(createClient().chat.postMessage({ channel: 'C1', text: 'hello' })).rejects.toMatchObject({
      code: 'slack_webapi_request_error',
    });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
  });
});
