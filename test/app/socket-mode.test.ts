import { once } from 'node:events';
import type { AddressInfo } from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';

import { SocketModeStartError } from '../../src/slack/socket-mode-start-error.js';
import { readMessageText, startTestApp, type TestApp } from '../support/app-harness.js';
import { expectValidMessage } from '../support/block-kit-schema.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { buildSlashCommand } from '../support/slack-request.js';

const APP_TOKEN = 'xapp-1-A04B7KQ6D5R-socket-mode-test';

/** A message the app sent over the WebSocket: an envelope acknowledgement. */
interface SocketAck {
  envelope_id: string;
  payload?: unknown;
}

/**
 * Plays Slack's Socket Mode endpoint on loopback: every connection gets `hello`, as Slack sends
 * once it accepts the connection, and the messages the app sends back are collected.
 */
async function startSocketModeServer(): Promise<{
  url: string;
  nextConnection: Promise<WebSocket>;
  acks: SocketAck[];
  close(): Promise<void>;
}> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const acks: SocketAck[] = [];

  const nextConnection = new Promise<WebSocket>((resolve) => {
    server.on('connection', (socket) => {
      socket.on('message', (data) => acks.push(JSON.parse(String(data)) as SocketAck));
      socket.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A04B7KQ6D5R' } }));
      resolve(socket);
    });
  });

  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/link/?ticket=socket-mode-test`,
    nextConnection,
    acks,
    close: async () => {
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function waitFor<T>(read: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not arrive within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('Socket Mode', () => {
  let slack: FakeSlack | undefined;
  let socketServer: Awaited<ReturnType<typeof startSocketModeServer>> | undefined;
  let testApp: TestApp | undefined;

  afterEach(async () => {
    await testApp?.stop();
    await socketServer?.close();
    await slack?.close();
    testApp = undefined;
    socketServer = undefined;
    slack = undefined;
  });

  it('acks a slash command envelope and replies', async () => {
    slack = await startFakeSlack();
    socketServer = await startSocketModeServer();
    const socketUrl = socketServer.url;
    // Slack hands out the WebSocket URL only for the app-level token.
    slack.respondWith('apps.connections.open', (call) =>
      call.token === APP_TOKEN ? { body: { ok: true, url: socketUrl } } : { body: { ok: false, error: 'invalid_auth' } },
    );

    testApp = await startTestApp({ slack, env: { SLACK_APP_TOKEN: APP_TOKEN, SLACK_SIGNING_SECRET: undefined } });
    const socket = await socketServer.nextConnection;
    socket.send(
      JSON.stringify({
        envelope_id: 'envelope-1',
        type: 'slash_commands',
        payload: buildSlashCommand({ text: 'help', response_url: slack.responseUrl('socket-command') }),
        accepts_response_payload: true,
      }),
    );

    const ack = await waitFor(() => socketServer?.acks.find((message) => message.envelope_id === 'envelope-1'), 3_000, 'the ack');
    expect(ack.payload).toEqual({});
    const reply = await testApp.replyTo('socket-command');
    expectValidMessage(reply.body);
    expect(reply.body.response_type).toBe('ephemeral');
    expect(readMessageText(reply.body)).toContain('/bitbucket prs');
    expect(slack.callsTo('apps.connections.open').map((call) => call.token)).toEqual([APP_TOKEN]);
  });

  it('names SLACK_APP_TOKEN when Slack rejects it', async () => {
    slack = await startFakeSlack();
    slack.respondWith('apps.connections.open', { body: { ok: false, error: 'invalid_auth' } });

    const started = startTestApp({ slack, env: { SLACK_APP_TOKEN: 'xapp-1-revoked', SLACK_SIGNING_SECRET: undefined } });

    await expect(started).rejects.toThrow(SocketModeStartError);
    await expect(started).rejects.toThrow('Slack rejected SLACK_APP_TOKEN (invalid_auth); create an app-level token');
  });

  it('serves /healthz on PORT', async () => {
    slack = await startFakeSlack();
    socketServer = await startSocketModeServer();
    const socketUrl = socketServer.url;
    slack.respondWith('apps.connections.open', { body: { ok: true, url: socketUrl } });

    testApp = await startTestApp({ slack, env: { SLACK_APP_TOKEN: APP_TOKEN, SLACK_SIGNING_SECRET: undefined } });
    // Bolt's Socket Mode receiver starts its HTTP server without waiting for it to listen.
    const response = await fetchWhenListening(`${testApp.url}/healthz`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});

/** Fetches `url`, retrying a refused connection for up to 2 s. */
async function fetchWhenListening(url: string): Promise<Response> {
  const deadline = Date.now() + 2_000;
  for (;;) {
    try {
      return await fetch(url);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
