import { randomBytes } from 'node:crypto';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import { StorageUnavailableError } from '../../src/connections/errors.js';
import type { ConnectFailureReason } from '../../src/connections/oauth-flow-types.js';
import { RedisStore } from '../../src/connections/redis-store.js';
import type { Store } from '../../src/connections/store.js';
import {
  connectThroughBrowser,
  openAuthorizeUrl,
  openCallback,
  postConfirm,
  startConnectionsTestApp,
  type ConnectionsTestApp,
} from '../support/connections-test-app.js';
import { startFakeBitbucket, type FakeBitbucket, type FakeUser } from '../support/fake-bitbucket/index.js';
import { startTestRedisServer, type TestRedisServer } from '../support/redis-server.js';
import { createCapturingLogger } from '../support/test-logger.js';

const TWO_HOURS_MS = 2 * 60 * 60_000;

async function waitUntilUp(store: RedisStore): Promise<void> {
  await expect
    .poll(() => store.ping().then(() => 'up', () => 'down'), { timeout: 5_000, interval: 100 })
    .toBe('up');
}

describe('connection service during a Redis outage', () => {
  const { logger } = createCapturingLogger();
  const slackUser = { teamId: 'T0ALPHA', userId: 'U0ALICE' };
  let clockOffsetMs = 0;
  const now = () => Date.now() + clockOffsetMs;

  let bb: FakeBitbucket;
  let alice: FakeUser;
  let redis: TestRedisServer;
  let store: RedisStore;
  let app: ConnectionsTestApp;
  let failures: Array<{ userId: string; reason: ConnectFailureReason }>;

  async function startApp(appStore: Store): Promise<ConnectionsTestApp> {
    return startConnectionsTestApp({
      store: appStore,
      logger,
      oauthUrl: bb.oauthUrl,
      apiUrl: bb.apiUrl,
      clientId: 'client-1',
      clientSecret: 'secret-1',
      encryptionKey: randomBytes(32),
      hooks: { onConnectFailed: (event) => void failures.push({ userId: event.slackUser.userId, reason: event.reason }) },
      now,
    });
  }

  beforeAll(async () => {
    bb = await startFakeBitbucket({ now });
    alice = bb.addUser({ display_name: 'Alice Liddell', nickname: 'alice' });
    bb.registerOAuthClient({ clientId: 'client-1', clientSecret: 'secret-1', callbackUrl: 'http://127.0.0.1' });
    bb.setAuthorizingUser(alice);
    redis = await startTestRedisServer();
  });

  afterAll(async () => {
    await redis.stop();
    await bb.close();
  });

  beforeEach(async () => {
    clockOffsetMs = 0;
    failures = [];
    store = new RedisStore({ url: redis.url, logger, namespace: 'outage', connectTimeoutMs: 300, operationTimeoutMs: 500 });
    app = await startApp(store);
    await connectThroughBrowser(app, slackUser);
  });

  afterEach(async () => {
    redis.resume();
    await redis.start();
    await app.close();
    await store.close();
  });

  it('stopped Redis fails calls, never refreshes', async () => {
    const source = await app.service.getTokenSource(slackUser);
    const refreshesBefore = bb.stats.refreshes;

    await redis.stop();
    clockOffsetMs = TWO_HOURS_MS;

    await expect(app.service.getTokenSource(slackUser)).rejects.toThrow(StorageUnavailableError);
    await expect(app.service.getConnection(slackUser)).rejects.toThrow(StorageUnavailableError);
    await expect(app.service.disconnect(slackUser)).rejects.toThrow(StorageUnavailableError);
    await expect(app.service.startAuthorization(slackUser)).rejects.toThrow(StorageUnavailableError);
    await expect(app.service.ping()).rejects.toThrow(StorageUnavailableError);
    await expect(source.tokens.getAccessToken()).rejects.toThrow(StorageUnavailableError);
    expect(bb.stats.refreshes).toBe(refreshesBefore);

    const page = await openCallback(`${app.callbackUrl}?code=abc&state=def`);
    expect(page.status).toBe(503);
    expect(page.html).toContain('/bitbucket connect');

    await redis.start();
    await waitUntilUp(store);
    clockOffsetMs = 0;

    // The restarted server is empty, so the user connects again, and everything works.
    await connectThroughBrowser(app, slackUser);
    const fresh = await app.service.getTokenSource(slackUser);
    clockOffsetMs = TWO_HOURS_MS;
    const token = await fresh.tokens.getAccessToken();
    expect(bb.stats.refreshes).toBe(refreshesBefore + 1);
    expect(bb.state.accessTokens.get(token)?.user.uuid).toBe(alice.uuid);
  });

  it('hung Redis times out, then recovers', async () => {
    const source = await app.service.getTokenSource(slackUser);
    const refreshesBefore = bb.stats.refreshes;

    redis.pause();
    clockOffsetMs = TWO_HOURS_MS;
    await expect(source.tokens.getAccessToken()).rejects.toThrow(StorageUnavailableError);
    await expect(app.service.getTokenSource(slackUser)).rejects.toThrow(StorageUnavailableError);
    expect(bb.stats.refreshes).toBe(refreshesBefore);

    redis.resume();
    await waitUntilUp(store);

    // The data survived the pause; the lock request that timed out must not block this refresh.
    const token = await source.tokens.getAccessToken();
    expect(bb.stats.refreshes).toBe(refreshesBefore + 1);
    expect(bb.state.accessTokens.get(token)?.user.uuid).toBe(alice.uuid);
    expect((await app.service.getConnection(slackUser))?.accessTokenExpiresAt).toBeGreaterThan(now());
  });

  it('Redis stopped after code exchange tells user', async () => {
    const bobSlack = { teamId: 'T0ALPHA', userId: 'U0BOB' };
    const { url } = await app.service.startAuthorization(bobSlack);
    const userReadsBefore = bb.requests.filter((request) => request.path === '/2.0/user').length;
    bb.inject({ kind: 'delay', ms: 200, method: 'GET', path: '/user' });

    const opening = openAuthorizeUrl(url);
    // The state is claimed and the code exchanged once the app reads the account.
    await vi.waitFor(() => expect(bb.requests.filter((request) => request.path === '/2.0/user')).toHaveLength(userReadsBefore + 1));
    await redis.stop();
    const page = await opening;
    await app.service.flow.whenHooksSettled();

    expect(page.status).toBe(503);
    expect(failures).toEqual([{ userId: 'U0BOB', reason: 'storage_unavailable' }]);
  });

  it('Redis stopped at confirm tells user', async () => {
    // Redis stops right after the confirm request took the state, before the connection is stored.
    const stoppingStore: Store = Object.assign(Object.create(store) as Store, {
      take: async <T>(key: string) => {
        const value = await store.take<T>(key);
        if ((value as { phase?: string } | undefined)?.phase === 'confirming') await redis.stop();
        return value;
      },
    });
    await app.close();
    app = await startApp(stoppingStore);
    const bobSlack = { teamId: 'T0ALPHA', userId: 'U0BOB' };
    const page = await openAuthorizeUrl((await app.service.startAuthorization(bobSlack)).url);

    const confirmed = await postConfirm(app.url, { state: page.form!.state, csrf_token: page.form!.csrfToken });
    await app.service.flow.whenHooksSettled();

    expect(confirmed.status).toBe(503);
    expect(confirmed.html).toContain('/bitbucket connect');
    expect(failures).toEqual([{ userId: 'U0BOB', reason: 'storage_unavailable' }]);
  });
});
