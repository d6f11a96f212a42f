import { afterEach, describe, expect, it } from 'vitest';

import { readMessageText, startTestApp, type TestApp } from '../support/app-harness.js';
import { expectValidMessage } from '../support/block-kit-schema.js';
import { seedAcme, type AcmeWorld } from '../support/command-fixtures.js';
import { startTestRedisServer, type TestRedisServer } from '../support/redis-server.js';

const STORAGE_UNAVAILABLE = "The app's storage is unavailable, so nothing was read or changed.";

describe('Redis outage during a command', () => {
  let testApp: TestApp | undefined;
  let redis: TestRedisServer | undefined;

  afterEach(async () => {
    // The app closes its Redis connection on stop, so the server must respond again first.
    redis?.resume();
    await redis?.start().catch(() => undefined);
    await testApp?.stop();
    await redis?.stop();
    testApp = undefined;
    redis = undefined;
  });

  /** Starts the app on a Redis server of its own, with Ada connected. */
  async function startOnOwnRedis(): Promise<{ app: TestApp; server: TestRedisServer; world: AcmeWorld }> {
    const server = await startTestRedisServer();
    redis = server;
    const app = await startTestApp({ env: { REDIS_URL: server.url } });
    testApp = app;
    const world = seedAcme(app.bitbucket);
    await app.connect(world.ada);
    return { app, server, world };
  }

  async function readReply(app: TestApp, responseUrlId: string): Promise<string> {
    const reply = await app.replyTo(responseUrlId, 0, 10_000);
    expectValidMessage(reply.body);
    return readMessageText(reply.body);
  }

  it('reports a Redis that stops responding', async () => {
    const { app, server } = await startOnOwnRedis();
    server.pause();

    const { status, responseUrlId } = await app.command('prs acme/api');

    expect(status).toBe(200);
    const text = await readReply(app, responseUrlId);
    expect(text).toContain(STORAGE_UNAVAILABLE);
    expect(text).toContain('REDIS_URL');
  });

  it('reports a Redis that dies before a token refresh', async () => {
    const { app, server, world } = await startOnOwnRedis();
    app.bitbucket.expireAccessTokens(world.ada);
    app.bitbucket.inject({ kind: 'delay', ms: 500, path: '/repositories/acme/api/pullrequests' });

    const { status, responseUrlId } = await app.command('prs acme/api');
    await server.stop();

    expect(status).toBe(200);
    const text = await readReply(app, responseUrlId);
    expect(text).toContain(STORAGE_UNAVAILABLE);
  });
});
