import { randomBytes } from 'node:crypto';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import { BitbucketClient } from '../../src/bitbucket/client.js';
import { getCurrentUser } from '../../src/bitbucket/users.js';
import { BitbucketOAuthClient } from '../../src/connections/bitbucket-oauth-client.js';
import { ConnectionRepository } from '../../src/connections/connection-repository.js';
import {
  ConnectionBrokenError,
  NotConnectedError,
  OAuthInvalidGrantError,
  TokenDecryptionError,
} from '../../src/connections/errors.js';
import { connectionKey } from '../../src/connections/keys.js';
import { RedisStore } from '../../src/connections/redis-store.js';
import type { Store } from '../../src/connections/store.js';
import { createTokenCipher } from '../../src/connections/token-cipher.js';
import { connectThroughBrowser, startConnectionsTestApp, type ConnectionsTestApp } from '../support/connections-test-app.js';
import { startFakeBitbucket, type FakeBitbucket, type FakeUser } from '../support/fake-bitbucket/index.js';
import { createTestNamespace, deleteTestNamespaces, SHARED_REDIS_URL } from '../support/redis-test-namespace.js';
import { createCapturingLogger } from '../support/test-logger.js';

const TWO_HOURS_MS = 2 * 60 * 60_000;

describe('connection service', () => {
  const { logger, lines, text: logText } = createCapturingLogger();
  const namespaces: string[] = [];
  const encryptionKey = randomBytes(32);
  let clockOffsetMs = 0;
  const now = () => Date.now() + clockOffsetMs;

  let bb: FakeBitbucket;
  let alice: FakeUser;
  let bob: FakeUser;
  let namespace: string;
  const stores: Store[] = [];
  const apps: ConnectionsTestApp[] = [];

  const aliceSlack = { teamId: 'T0ALPHA', userId: 'U0ALICE' };
  const bobSlack = { teamId: 'T0ALPHA', userId: 'U0BOB' };

  async function startApp(options: { store?: Store; sharedAccessToken?: string } = {}): Promise<ConnectionsTestApp> {
    const store = options.store ?? openStore();
    const app = await startConnectionsTestApp({
      store,
      logger,
      oauthUrl: bb.oauthUrl,
      apiUrl: bb.apiUrl,
      clientId: 'client-1',
      clientSecret: 'secret-1',
      encryptionKey,
      sharedAccessToken: options.sharedAccessToken,
      now,
    });
    apps.push(app);
    return app;
  }

  function openStore(): Store {
    const store = new RedisStore({ url: SHARED_REDIS_URL, logger, namespace });
    stores.push(store);
    return store;
  }

  async function connect(app: ConnectionsTestApp, slackUser: typeof aliceSlack, bitbucketUser: FakeUser): Promise<void> {
    bb.setAuthorizingUser(bitbucketUser);
    await connectThroughBrowser(app, slackUser);
  }

  function countTokenRequests(): number {
    return bb.requests.filter((request) => request.path === '/site/oauth2/access_token').length;
  }

  /**
   * Starts a refresh of `slackUser`'s expired token that Bitbucket responds to only after `delayMs`.
   * The promise is wrapped, so awaiting this function does not wait for the refresh.
   */
  async function startSlowRefresh(
    app: ConnectionsTestApp,
    slackUser: typeof aliceSlack,
    delayMs: number,
  ): Promise<{ refreshing: Promise<string> }> {
    const source = await app.service.getTokenSource(slackUser);
    clockOffsetMs = TWO_HOURS_MS;
    const requestsBefore = countTokenRequests();
    bb.inject({ kind: 'delay', ms: delayMs, method: 'POST', path: '/site/oauth2/access_token' });

    const refreshing = source.tokens.getAccessToken();
    // Once the token request arrives, the refresh has read the connection and holds its lock.
    await vi.waitFor(() => expect(countTokenRequests()).toBe(requestsBefore + 1));
    return { refreshing };
  }

  async function readUser(token: string): Promise<number> {
    const response = await fetch(`${bb.apiUrl}/user`, { headers: { authorization: `Bearer ${token}` } });
    return response.status;
  }

  beforeAll(async () => {
    bb = await startFakeBitbucket({ now });
    alice = bb.addUser({ display_name: 'Alice Liddell', nickname: 'alice' });
    bob = bb.addUser({ display_name: 'Bob Builder', nickname: 'bob' });
    bb.registerOAuthClient({ clientId: 'client-1', clientSecret: 'secret-1', callbackUrl: 'http://127.0.0.1' });
  });

  afterAll(async () => {
    bb.assertRequestsValid();
    await bb.close();
    await deleteTestNamespaces(namespaces);
  });

  beforeEach(() => {
    clockOffsetMs = 0;
    namespace = createTestNamespace('service');
    namespaces.push(namespace);
  });

  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    for (const store of stores.splice(0)) await store.close();
  });

  it('fresh token is used without refresh', async () => {
    const app = await startApp();
    await connect(app, aliceSlack, alice);
    const refreshesBefore = bb.statsFor(alice).refreshes;

    const source = await app.service.getTokenSource(aliceSlack);
    const token = await source.tokens.getAccessToken();

    expect(source.via).toBe('user');
    expect(source.connection?.account.nickname).toBe('alice');
    expect(source.tokens.description).toContain('alice');
    expect(await readUser(token)).toBe(200);
    expect(bb.statsFor(alice).refreshes).toBe(refreshesBefore);
  });

  it('expiry refreshes and rotates tokens', async () => {
    const store = openStore();
    const events: string[] = [];
    const recordingStore: Store = Object.assign(Object.create(store) as Store, {
      set: async (key: string, value: unknown, ttlMs?: number) => {
        await store.set(key, value, ttlMs);
        if (key === connectionKey(aliceSlack)) events.push('stored');
      },
    });
    const app = await startApp({ store: recordingStore });
    await connect(app, aliceSlack, alice);
    const repository = new ConnectionRepository(store, createTokenCipher(encryptionKey));
    const before = (await repository.get(aliceSlack))!.tokens!;
    const source = await app.service.getTokenSource(aliceSlack);
    events.length = 0;

    // Within the 5-minute margin of the 2-hour lifetime: refresh ahead of expiry.
    clockOffsetMs = TWO_HOURS_MS - 4 * 60_000;
    const token = await source.tokens.getAccessToken();
    events.push('returned');

    expect(token).not.toBe(before.accessToken);
    expect(bb.statsFor(alice).refreshes).toBe(1);
    expect(events).toEqual(['stored', 'returned']);
    expect(await readUser(token)).toBe(200);

    const after = (await repository.get(aliceSlack))!.tokens!;
    expect(after.accessToken).toBe(token);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.expiresAt).toBeGreaterThan(now() + TWO_HOURS_MS - 60_000);
    expect(bb.state.refreshTokens.get(before.refreshToken)?.used).toBe(true);
    expect(bb.state.refreshTokens.get(after.refreshToken)?.used).toBe(false);

    const oauthClient = new BitbucketOAuthClient({
      oauthUrl: bb.oauthUrl,
      apiUrl: bb.apiUrl,
      clientId: 'client-1',
      clientSecret: 'secret-1',
      timeoutMs: 5_000,
      logger,
    });
    await expect(oauthClient.refresh(before.refreshToken)).rejects.toThrow(OAuthInvalidGrantError);

    const refreshLog = lines.find((line) => line.msg === 'refreshed the Bitbucket access token');
    expect(refreshLog).toMatchObject({ slackUserId: 'U0ALICE', slackTeamId: 'T0ALPHA' });
    expect(logText()).not.toContain(token);
    expect(logText()).not.toContain(after.refreshToken);
  });

  it('401 refreshes once and retries', async () => {
    const app = await startApp();
    await connect(app, aliceSlack, alice);
    const source = await app.service.getTokenSource(aliceSlack);
    const stale = await source.tokens.getAccessToken();
    const refreshesBefore = bb.statsFor(alice).refreshes;

    bb.expireAccessTokens(alice);
    expect(await readUser(stale)).toBe(401);

    const fresh = await source.tokens.refreshAfterUnauthorized!(stale);
    expect(fresh).not.toBeNull();
    expect(fresh).not.toBe(stale);
    expect(await readUser(fresh!)).toBe(200);
    expect(bb.statsFor(alice).refreshes).toBe(refreshesBefore + 1);

    // A second 401 for the same stale token, from a caller that had not seen the refresh.
    const other = await app.service.getTokenSource(aliceSlack);
    expect(await other.tokens.refreshAfterUnauthorized!(stale)).toBe(fresh);
    expect(bb.statsFor(alice).refreshes).toBe(refreshesBefore + 1);
  });

  it('Bitbucket client recovers from 401', async () => {
    const app = await startApp();
    await connect(app, aliceSlack, alice);
    const source = await app.service.getTokenSource(aliceSlack);
    const refreshesBefore = bb.statsFor(alice).refreshes;
    bb.expireAccessTokens(alice);

    const client = new BitbucketClient({ baseUrl: bb.apiUrl, timeoutMs: 5_000, logger });
    const account = await getCurrentUser(client, source.tokens);

    expect(account.uuid).toBe(alice.uuid);
    expect(bb.statsFor(alice).refreshes).toBe(refreshesBefore + 1);
  });

  it('invalid_grant breaks only that user', async () => {
    const app = await startApp();
    await connect(app, aliceSlack, alice);
    await connect(app, bobSlack, bob);

    // Something outside the app spends Alice's refresh token, so Bitbucket rejects the stored one.
    const repository = new ConnectionRepository(stores[0]!, createTokenCipher(encryptionKey));
    const stored = (await repository.get(aliceSlack))!.tokens!;
    bb.state.refreshTokens.get(stored.refreshToken)!.used = true;

    const aliceSource = await app.service.getTokenSource(aliceSlack);
    const bobSource = await app.service.getTokenSource(bobSlack);
    clockOffsetMs = TWO_HOURS_MS;

    await expect(aliceSource.tokens.getAccessToken()).rejects.toThrow(ConnectionBrokenError);
    await expect(aliceSource.tokens.getAccessToken()).rejects.toThrow(/\/bitbucket connect/);
    await expect(app.service.getTokenSource(aliceSlack)).rejects.toThrow(ConnectionBrokenError);
    const broken = await app.service.getConnection(aliceSlack);
    expect(broken?.broken?.at).toBeGreaterThanOrEqual(Date.now() + TWO_HOURS_MS - 60_000);
    expect(broken?.broken?.reason).toContain('invalid_grant');
    expect(broken?.account.nickname).toBe('alice');
    expect(lines.some((line) => line.msg?.toString().includes('marking the connection broken') && line.slackUserId === 'U0ALICE')).toBe(true);

    const bobToken = await bobSource.tokens.getAccessToken();
    expect(await readUser(bobToken)).toBe(200);
    expect((await app.service.getConnection(bobSlack))?.broken).toBeUndefined();

    // Connecting again repairs the connection.
    await connect(app, aliceSlack, alice);
    const repaired = await app.service.getTokenSource(aliceSlack);
    expect(await readUser(await repaired.tokens.getAccessToken())).toBe(200);
    expect((await app.service.getConnection(aliceSlack))?.broken).toBeUndefined();
  });

  it('two instances refresh once together', async () => {
    const first = await startApp();
    const second = await startApp();
    await connect(first, aliceSlack, alice);
    const refreshesBefore = bb.statsFor(alice).refreshes;
    const rejectedBefore = bb.stats.rejectedRefreshes;

    const sources = await Promise.all([
      first.service.getTokenSource(aliceSlack),
      first.service.getTokenSource(aliceSlack),
      second.service.getTokenSource(aliceSlack),
      second.service.getTokenSource(aliceSlack),
    ]);
    clockOffsetMs = TWO_HOURS_MS + 60_000;

    const tokens = await Promise.all(sources.map((source) => source.tokens.getAccessToken()));
    expect(bb.statsFor(alice).refreshes - refreshesBefore).toBe(1);
    expect(bb.stats.rejectedRefreshes).toBe(rejectedBefore);
    expect(new Set(tokens).size).toBe(1);
    expect(await readUser(tokens[0]!)).toBe(200);
  });

  it('shared token serves unconnected users', async () => {
    const app = await startApp({ sharedAccessToken: 'shared-token-1' });
    await connect(app, aliceSlack, alice);

    const shared = await app.service.getTokenSource(bobSlack);
    expect(shared.via).toBe('shared');
    expect(shared.connection).toBeUndefined();
    expect(await shared.tokens.getAccessToken()).toBe('shared-token-1');
    expect(shared.tokens.description).toBe('shared access token');
    expect(app.service.sharedAccessEnabled).toBe(true);

    const own = await app.service.getTokenSource(aliceSlack);
    expect(own.via).toBe('user');
  });

  it('no connection and no shared token', async () => {
    const app = await startApp();
    await expect(app.service.getTokenSource(bobSlack)).rejects.toThrow(NotConnectedError);
    await expect(app.service.getTokenSource(bobSlack)).rejects.toThrow(/\/bitbucket connect/);
    expect(await app.service.getConnection(bobSlack)).toBeUndefined();
    expect(app.service.sharedAccessEnabled).toBe(false);
  });

  it('disconnect deletes only that user', async () => {
    const app = await startApp();
    await connect(app, aliceSlack, alice);
    await connect(app, bobSlack, bob);

    expect(await app.service.disconnect(aliceSlack)).toBe(true);
    expect(await app.service.getConnection(aliceSlack)).toBeUndefined();
    await expect(app.service.getTokenSource(aliceSlack)).rejects.toThrow(NotConnectedError);
    expect(await app.service.getConnection(bobSlack)).toBeDefined();
    expect(await app.service.disconnect(aliceSlack)).toBe(false);
  });

  it('disconnect during refresh stays deleted', async () => {
    const app = await startApp();
    await connect(app, aliceSlack, alice);

    const { refreshing } = await startSlowRefresh(app, aliceSlack, 300);
    expect(await app.service.disconnect(aliceSlack)).toBe(true);
    await refreshing;

    expect(await app.service.getConnection(aliceSlack)).toBeUndefined();
    await expect(app.service.getTokenSource(aliceSlack)).rejects.toThrow(NotConnectedError);
  });

  it('reconnect during refresh keeps new account', async () => {
    const app = await startApp();
    await connect(app, aliceSlack, alice);

    const { refreshing } = await startSlowRefresh(app, aliceSlack, 300);
    await connect(app, aliceSlack, bob);
    await refreshing;

    expect((await app.service.getConnection(aliceSlack))?.account.uuid).toBe(bob.uuid);
    const token = await (await app.service.getTokenSource(aliceSlack)).tokens.getAccessToken();
    expect(bb.state.accessTokens.get(token)?.user.uuid).toBe(bob.uuid);
  });

  it('enterprise users share one connection', async () => {
    const app = await startApp();
    await connect(app, { ...aliceSlack, enterpriseId: 'E0ORG' } as typeof aliceSlack, alice);

    const otherWorkspace = { teamId: 'T0BETA', userId: 'U0ALICE', enterpriseId: 'E0ORG' };
    expect((await app.service.getConnection(otherWorkspace))?.account.nickname).toBe('alice');
    expect(await app.service.getConnection(aliceSlack)).toBeUndefined();
  });

  it('changed encryption key fails clearly', async () => {
    const app = await startApp();
    await connect(app, aliceSlack, alice);

    const otherKeyRepository = new ConnectionRepository(stores[0]!, createTokenCipher(randomBytes(32)));
    await expect(otherKeyRepository.get(aliceSlack)).rejects.toThrow(TokenDecryptionError);
    await expect(otherKeyRepository.get(aliceSlack)).rejects.toThrow(/TOKEN_ENCRYPTION_KEY/);
  });
});
