import { ErrorCode, WebClient, type WebAPIPlatformError, type WebAPIRateLimitedError } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { startFakeSlack, type FakeSlack } from './fake-slack.js';

let fake: FakeSlack;

/** Creates a WebClient aimed at the fake that fails at once instead of retrying. */
function createClient(options: { timeout?: number } = {}): WebClient {
  return new WebClient('xoxb-test-token', {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    ...options,
  });
}

beforeEach(async () => {
  fake = await startFakeSlack();
});

afterEach(async () => {
  await fake.close();
});

describe('startFakeSlack', () => {
  it('listens on loopback', () => {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(fake.apiUrl).toBe(`${fake.url}/api/`);
  });

  it('answers auth.test', async () => {
    const result = await createClient().auth.test();

    expect(result.ok).toBe(true);
    expect(result.team_id).toBe('T04B7KQ2X1M');
    expect(result.user_id).toBe('U04B7KQ9G8V');
  });

  it('records a posted message', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }];
    const first = await createClient().chat.postMessage({ channel: 'C1', text: 'hello', blocks });
    const second = await createClient().chat.postMessage({ channel: 'C1', text: 'again' });
    const [call] = fake.callsTo('chat.postMessage');

    expect(call?.token).toBe('xoxb-test-token');
    expect(call?.body['channel']).toBe('C1');
    expect(call?.body['blocks']).toEqual(blocks);
    expect(first.ts).toMatch(/^\d+\.\d{6}$/);
    expect(second.ts).not.toBe(first.ts);
    expect(first.channel).toBe('C1');
  });

  it('opens a view with id and hash', async () => {
    const view = { type: 'modal' as const, callback_id: 'issue', title: { type: 'plain_text' as const, text: 'Issue' }, blocks: [] };
    const result = await createClient().views.open({ trigger_id: '123.456', view });

    expect(result.view?.id).toMatch(/^V\d+$/);
    expect(result.view?.hash).toBeTruthy();
    expect(result.view?.callback_id).toBe('issue');
    expect(fake.callsTo('views.open')[0]?.body['view']).toEqual(view);
  });

  it('answers the other methods', async () => {
    const client = createClient();

    expect((await client.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'psst' })).message_ts).toBeTruthy();
    expect((await client.chat.update({ channel: 'C1', ts: '1.2', text: 'edited' })).ts).toBe('1.2');
    expect((await client.chat.getPermalink({ channel: 'C1', message_ts: '1767225600.000001' })).permalink).toBe(
      `${fake.url}/archives/C1/p1767225600000001`,
    );
    expect((await client.views.update({ view_id: 'V1', view: { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] } })).view?.id).toBe('V1');
    expect((await client.views.push({ trigger_id: 't', view: { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] } })).ok).toBe(true);
    expect((await client.users.info({ user: 'U9' })).user?.id).toBe('U9');
    expect((await client.conversations.info({ channel: 'C9' })).channel?.id).toBe('C9');
  });

  it('rejects an unknown method', async () => {
    await expect(createClient().apiCall('pins.add', { channel: 'C1' })).rejects.toMatchObject({
      code: ErrorCode.PlatformError,
      data: { error: 'unknown_method' },
    });
  });

  it('sends a 429 with Retry-After', async () => {
    fake.rateLimit('chat.postMessage', 7);
    const client = createClient();

    const error = (await client.chat.postMessage({ channel: 'C1', text: 'x' }).catch((caught: unknown) => caught)) as WebAPIRateLimitedError;
    const retried = await client.chat.postMessage({ channel: 'C1', text: 'x' });

    expect(error.code).toBe(ErrorCode.RateLimitedError);
    expect(error.retryAfter).toBe(7);
    expect(retried.ok).toBe(true);
  });

  it('sends an ok:false error', async () => {
    fake.failWith('views.open', 'trigger_expired');

    const error = (await createClient()
      .views.open({ trigger_id: 't', view: { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] } })
      .catch((caught: unknown) => caught)) as WebAPIPlatformError;

    expect(error.code).toBe(ErrorCode.PlatformError);
    expect(error.data.error).toBe('trigger_expired');
  });

  it('sends a scripted answer', async () => {
    fake.respondWith('users.info', (call) => ({ body: { ok: true, user: { id: call.body['user'], name: 'grace' } } }), 1);
    const client = createClient();

    expect((await client.users.info({ user: 'U7' })).user?.name).toBe('grace');
    expect((await client.users.info({ user: 'U7' })).user?.name).toBe('example.user');
  });

  it('delays past a client timeout', async () => {
    fake.delay('chat.postMessage', 1000);

    await expect(createClient({ timeout: 100 }).chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({
      code: ErrorCode.RequestError,
    });
  });

  it('ends a hanging call on close', async () => {
    fake.hang('chat.update');
    const pending = createClient().chat.update({ channel: 'C1', ts: '1.2', text: 'x' });
    await fake.waitFor('chat.update');

    await fake.close();

    await expect(pending).rejects.toMatchObject({ code: ErrorCode.RequestError });
    fake = await startFakeSlack();
  });

  it('records response_url calls', async () => {
    const response = await fetch(fake.responseUrl('command-1'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', text: 'done' }),
    });
    const call = await fake.waitFor((recorded) => recorded.responseUrlId === 'command-1');

    expect(response.status).toBe(200);
    expect(call.method).toBe('response_url');
    expect(call.body).toEqual({ response_type: 'ephemeral', text: 'done' });
  });

  it('waits for a later call', async () => {
    const waiting = fake.waitFor('chat.postEphemeral');
    await createClient().chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'later' });

    expect((await waiting).body['text']).toBe('later');
  });

  it('names the calls it saw on timeout', async () => {
    await createClient().auth.test();

    await expect(fake.waitFor('chat.postMessage', 50)).rejects.toThrow('No matching Slack call within 50 ms. Calls received: auth.test');
  });

  it('rejects an unparseable JSON body', async () => {
    const response = await fetch(fake.responseUrl('x'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });

    expect(response.status).toBe(400);
  });
});
