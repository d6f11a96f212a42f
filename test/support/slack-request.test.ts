import { App, HTTPReceiver, isValidSlackRequest, LogLevel, verifySlackRequest } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startFakeSlack, type FakeSlack } from './fake-slack.js';
import {
  buildBlockActions,
  buildMessageAction,
  buildShortcut,
  buildSlashCommand,
  buildViewSubmission,
  loadSlackPayload,
  postInteraction,
  postSlashCommand,
  signSlackRequest,
  UNSET_RESPONSE_URL,
} from './slack-request.js';

const signingSecret = 'test-signing-secret';

function toVerifyOptions(body: string, headers: ReturnType<typeof signSlackRequest>) {
  return {
    signingSecret,
    body,
    headers: {
      'x-slack-signature': headers['x-slack-signature'],
      'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']),
    },
  };
}

describe('signSlackRequest', () => {
  const body = loadSlackPayload('slash_command.form.txt');

  it("passes Bolt's verification", () => {
    const headers = signSlackRequest({ signingSecret, body });

    expect(() => verifySlackRequest(toVerifyOptions(body, headers))).not.toThrow();
  });

  it('fails when stale', () => {
    const headers = signSlackRequest({ signingSecret, body, timestampSeconds: Math.floor(Date.now() / 1000) - 6 * 60 });

    expect(isValidSlackRequest(toVerifyOptions(body, headers))).toBe(false);
  });

  it('fails for another body', () => {
    const headers = signSlackRequest({ signingSecret, body });

    expect(isValidSlackRequest(toVerifyOptions(`${body}&x=1`, headers))).toBe(false);
  });

  it('fails with another secret', () => {
    const headers = signSlackRequest({ signingSecret: 'other', body });

    expect(isValidSlackRequest(toVerifyOptions(body, headers))).toBe(false);
  });
});

describe('payload builders', () => {
  it('applies slash command overrides', () => {
    const fields = buildSlashCommand({ text: 'whoami' });

    expect(fields.text).toBe('whoami');
    expect(fields.command).toBe('/bitbucket');
    expect(fields.response_url).toBe(UNSET_RESPONSE_URL);
  });

  it('merges nested overrides', () => {
    const payload = buildBlockActions({ user: { id: 'U999' }, actions: [{ action_id: 'x', type: 'button' }] });

    expect(payload['user']).toMatchObject({ id: 'U999', username: 'example.user' });
    expect(payload['actions']).toEqual([{ action_id: 'x', type: 'button' }]);
  });

  it('never keeps a hooks.slack.com URL', () => {
    const payloads = [buildBlockActions(), buildViewSubmission(), buildMessageAction(), buildMessageAction({}, { threadReply: true }), buildShortcut()];

    for (const payload of payloads) {
      expect(JSON.stringify(payload)).not.toContain('hooks.slack.com');
    }
  });

  it('loads the thread reply shortcut', () => {
    const message = buildMessageAction({}, { threadReply: true })['message'] as { thread_ts?: string };

    expect(message.thread_ts).toBeTruthy();
  });
});

describe('signed requests to a Bolt app', () => {
  let fake: FakeSlack;
  let receiver: HTTPReceiver;
  let baseUrl: string;
  const commands: string[] = [];
  const actions: string[] = [];

  beforeAll(async () => {
    fake = await startFakeSlack();
    receiver = new HTTPReceiver({ signingSecret, logLevel: LogLevel.ERROR });
    const app = new App({
      receiver,
      logLevel: LogLevel.ERROR,
      authorize: async () => ({ botToken: 'xoxb-test', botId: 'B04B7KQ7E6S', botUserId: 'U04B7KQ9G8V' }),
      clientOptions: { slackApiUrl: fake.apiUrl },
    });
    app.command('/bitbucket', async ({ ack, command, respond }) => {
      await ack();
      commands.push(command.text);
      await respond({ text: `got ${command.text}` });
    });
    app.action('pr_approve', async ({ ack, body }) => {
      await ack();
      actions.push(body.type);
    });

    const server = await receiver.start(0);
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('the receiver has no TCP address');
    baseUrl = `http://127.0.0.1:${address.port}`;
  });

  afterAll(async () => {
    await receiver.stop();
    await fake.close();
  });

  it('runs a signed slash command', async () => {
    const response = await postSlashCommand(baseUrl, signingSecret, { text: 'whoami', response_url: fake.responseUrl('cmd-1') });
    const reply = await fake.waitFor((call) => call.responseUrlId === 'cmd-1');

    expect(response.status).toBe(200);
    expect(commands).toContain('whoami');
    expect(reply.body['text']).toBe('got whoami');
  });

  it('rejects a stale slash command', async () => {
    const response = await postSlashCommand(baseUrl, signingSecret, { text: 'stale' }, { stale: true });

    expect(response.status).toBe(401);
    expect(commands).not.toContain('stale');
  });

  it('rejects a tampered slash command', async () => {
    const response = await postSlashCommand(baseUrl, signingSecret, { text: 'tampered' }, { tamper: true });

    expect(response.status).toBe(401);
    expect(commands).not.toContain('tampered');
  });

  it('rejects a wrong signing secret', async () => {
    const response = await postSlashCommand(baseUrl, 'not-the-secret', { text: 'forged' });

    expect(response.status).toBe(401);
  });

  it('delivers a signed interaction', async () => {
    const response = await postInteraction(baseUrl, signingSecret, buildBlockActions());

    expect(response.status).toBe(200);
    expect(actions).toEqual(['block_actions']);
  });

  it('refuses a non-loopback URL', async () => {
    await expect(postSlashCommand('https://example.com', signingSecret)).rejects.toThrow('only to loopback addresses');
  });
});
