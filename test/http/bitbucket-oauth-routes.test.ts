import { randomBytes } from 'node:crypto';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import { ConnectDisabledError } from '../../src/connections/errors.js';
import { connectionKey, toRedisKey } from '../../src/connections/keys.js';
import type { OAuthFlowHooks } from '../../src/connections/oauth-flow-types.js';
import { RedisStore } from '../../src/connections/redis-store.js';
import type { Store } from '../../src/connections/store.js';
import {
  openAuthorizeUrl,
  openCallback,
  postConfirm,
  startConnectionsTestApp,
  type ConnectionsTestApp,
  type ConnectionsTestAppOptions,
} from '../support/connections-test-app.js';
import { startFakeBitbucket, type FakeBitbucket, type FakeUser } from '../support/fake-bitbucket/index.js';
import {
  createTestNamespace,
  deleteTestNamespaces,
  openRawRedisClient,
  SHARED_REDIS_URL,
} from '../support/redis-test-namespace.js';
import { createCapturingLogger } from '../support/test-logger.js';

type HookEvent = { hook: 'connected' | 'failed'; event: Record<string, unknown> };

describe('bitbucket oauth routes', () => {
  const { logger, text: logText } = createCapturingLogger();
  const namespaces: string[] = [];
  const encryptionKey = randomBytes(32);
  let clockOffsetMs = 0;
  const now = () => Date.now() + clockOffsetMs;

  let bb: FakeBitbucket;
  let alice: FakeUser;
  let store: RedisStore;
  let namespace: string;
  let app: ConnectionsTestApp;
  let hookEvents: HookEvent[];

  const slackUser = { teamId: 'T0ALPHA', userId: 'U0ALICE' };
  const pending = { command: '/bitbucket prs acme/api', channelId: 'C1', userName: 'Alice <Slack>' };

  beforeAll(async () => {
    bb = await startFakeBitbucket({ now });
    alice = bb.addUser({ display_name: 'Alice Liddell', nickname: 'alice' });
    bb.registerOAuthClient({ clientId: 'client-1', clientSecret: 'secret-1', callbackUrl: 'http://127.0.0.1' });
  });

  afterAll(async () => {
    bb.assertRequestsValid();
    await bb.close();
    await deleteTestNamespaces(namespaces);
  });

  /** Starts the routes on `store` with hooks that record into `hookEvents`, unless `overrides` replaces them. */
  async function startApp(overrides: Partial<ConnectionsTestAppOptions> = {}): Promise<ConnectionsTestApp> {
    const hooks: OAuthFlowHooks = {
      onConnected: (event) => {
        hookEvents.push({ hook: 'connected', event });
      },
      onConnectFailed: (event) => {
        hookEvents.push({ hook: 'failed', event });
      },
    };
    return startConnectionsTestApp({
      store,
      logger,
      oauthUrl: bb.oauthUrl,
      apiUrl: bb.apiUrl,
      clientId: 'client-1',
      clientSecret: 'secret-1',
      encryptionKey,
      hooks,
      now,
      ...overrides,
    });
  }

  beforeEach(async () => {
    clockOffsetMs = 0;
    hookEvents = [];
    bb.setAuthorizingUser(alice);
    namespace = createTestNamespace('oauth-routes');
    namespaces.push(namespace);
    store = new RedisStore({ url: SHARED_REDIS_URL, logger, namespace });
    app = await startApp();
  });

  afterEach(async () => {
    await app.close();
    await store.close();
  });

  it('full flow stores an encrypted connection', async () => {
    const { url } = await app.service.startAuthorization(slackUser, pending);
    const authorizeUrl = new URL(url);
    expect(authorizeUrl.origin + authorizeUrl.pathname).toBe(`${bb.oauthUrl}/authorize`);
    expect(authorizeUrl.searchParams.get('client_id')).toBe('client-1');
    expect(authorizeUrl.searchParams.get('response_type')).toBe('code');
    expect(Buffer.from(authorizeUrl.searchParams.get('state')!, 'base64url').length).toBeGreaterThanOrEqual(16);

    const page = await openAuthorizeUrl(url);
    expect(page.status).toBe(200);
    expect(page.html).toContain('U0ALICE');
    expect(page.html).toContain('T0ALPHA');
    expect(page.html).toContain('Alice &lt;Slack&gt;');
    expect(page.html).toContain('Alice Liddell');
    expect(page.html).toContain('@alice');
    expect(page.form).toBeDefined();
    expect(await app.service.getConnection(slackUser)).toBeUndefined();

    const confirmed = await postConfirm(app.url, { state: page.form!.state, csrf_token: page.form!.csrfToken });
    expect(confirmed.status).toBe(200);
    expect(confirmed.html).toContain('Bitbucket connected');

    const connection = await app.service.getConnection(slackUser);
    expect(connection?.account).toEqual({ uuid: alice.uuid, accountId: alice.account_id, displayName: 'Alice Liddell', nickname: 'alice' });
    expect(connection?.scopes.length).toBeGreaterThan(0);
    expect(connection?.accessTokenExpiresAt).toBeGreaterThan(now());

    const source = await app.service.getTokenSource(slackUser);
    expect(source.via).toBe('user');
    const accessToken = await source.tokens.getAccessToken();
    expect(bb.state.accessTokens.get(accessToken)?.user.uuid).toBe(alice.uuid);
    const refreshToken = [...bb.state.refreshTokens.values()].find((token) => token.user.uuid === alice.uuid && !token.used)!.token;

    const redis = await openRawRedisClient();
    try {
      const raw = await redis.get(toRedisKey(namespace, connectionKey(slackUser)));
      expect(raw).not.toBeNull();
      expect(raw).not.toContain(accessToken);
      expect(raw).not.toContain(refreshToken);
      expect(raw).toContain('"accessTokenEncrypted":"v1:');
    } finally {
      redis.destroy();
    }

    await app.service.flow.whenHooksSettled();
    expect(hookEvents).toEqual([
      { hook: 'connected', event: { slackUser, account: connection!.account, pending } },
    ]);
    expect(logText()).not.toContain(accessToken);
    expect(logText()).not.toContain(refreshToken);
  });

  it('forwarded link stores nothing without the POST', async () => {
    const { url } = await app.service.startAuthorization(slackUser, pending);
    // Someone else opens the forwarded link while signed in to their own Bitbucket account.
    const mallory = bb.addUser({ display_name: 'Mallory', nickname: 'mallory' });
    bb.setAuthorizingUser(mallory);

    const page = await openAuthorizeUrl(url);
    expect(page.status).toBe(200);
    expect(page.html).toContain('U0ALICE');
    expect(page.html).toContain('Mallory');
    expect(await app.service.getConnection(slackUser)).toBeUndefined();

    const forged = await postConfirm(app.url, { state: page.form!.state, csrf_token: 'not-the-token' });
    expect(forged.status).toBe(403);
    expect(forged.html).toContain('/bitbucket connect');
    expect(await app.service.getConnection(slackUser)).toBeUndefined();

    const missing = await postConfirm(app.url, { state: page.form!.state });
    expect(missing.status).toBe(400);
    expect(await app.service.getConnection(slackUser)).toBeUndefined();

    await app.service.flow.whenHooksSettled();
    expect(hookEvents.map((entry) => entry.hook)).toEqual(['failed']);
    expect(hookEvents[0]!.event).toMatchObject({ slackUser, reason: 'csrf_invalid', pending });
  });

  it('reused state is rejected', async () => {
    const { url } = await app.service.startAuthorization(slackUser);
    const authorize = await fetch(url, { redirect: 'manual' });
    const callbackUrl = authorize.headers.get('location')!;

    const first = await openCallback(callbackUrl);
    expect(first.status).toBe(200);
    const second = await openCallback(callbackUrl);
    expect(second.status).toBe(409);
    expect(second.html).toContain('already used');
    expect(second.form).toBeUndefined();

    const confirmed = await postConfirm(app.url, { state: first.form!.state, csrf_token: first.form!.csrfToken });
    expect(confirmed.status).toBe(200);
    const again = await postConfirm(app.url, { state: first.form!.state, csrf_token: first.form!.csrfToken });
    expect(again.status).toBe(400);
    expect(again.html).toContain('/bitbucket connect');

    // The reloaded callback did not spoil the flow that was still open in the first tab.
    await app.service.flow.whenHooksSettled();
    expect(hookEvents.map((entry) => entry.hook)).toEqual(['connected']);
  });

  it('double-clicked confirm connects once', async () => {
    // Both confirm requests read the state before either takes it, as with a double-click.
    let racing = false;
    let stateReads = 0;
    const racingStore: Store = Object.assign(Object.create(store) as Store, {
      get: async <T>(key: string) => {
        const value = await store.get<T>(key);
        if (racing && key.startsWith('oauth-state:')) stateReads += 1;
        return value;
      },
      take: async <T>(key: string) => {
        if (racing) await vi.waitFor(() => expect(stateReads).toBeGreaterThanOrEqual(2));
        return store.take<T>(key);
      },
    });
    await app.close();
    app = await startApp({ store: racingStore });
    const page = await openAuthorizeUrl((await app.service.startAuthorization(slackUser, pending)).url);
    const fields = { state: page.form!.state, csrf_token: page.form!.csrfToken };

    racing = true;
    const responses = await Promise.all([postConfirm(app.url, fields), postConfirm(app.url, fields)]);
    expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
    expect((await app.service.getConnection(slackUser))?.account.uuid).toBe(alice.uuid);

    await app.service.flow.whenHooksSettled();
    expect(hookEvents.map((entry) => entry.hook)).toEqual(['connected']);
  });

  it('concurrent callbacks exchange the code once', async () => {
    const { url } = await app.service.startAuthorization(slackUser);
    const callbackUrl = (await fetch(url, { redirect: 'manual' })).headers.get('location')!;
    const tokenRequests = () => bb.requests.filter((request) => request.path === '/site/oauth2/access_token').length;
    const requestsBefore = tokenRequests();

    const pages = await Promise.all(Array.from({ length: 5 }, () => openCallback(callbackUrl)));
    expect(pages.filter((page) => page.status === 200)).toHaveLength(1);
    expect(pages.filter((page) => page.form !== undefined)).toHaveLength(1);
    expect(pages.filter((page) => page.status === 502)).toHaveLength(0);
    expect(tokenRequests() - requestsBefore).toBe(1);
  });

  it('expired state is rejected', async () => {
    const { url } = await app.service.startAuthorization(slackUser, pending);
    const callbackUrl = (await fetch(url, { redirect: 'manual' })).headers.get('location')!;
    const exchangesBefore = bb.stats.codeExchanges;

    clockOffsetMs = 11 * 60_000;
    const page = await openCallback(callbackUrl);
    expect(page.status).toBe(400);
    expect(page.html).toContain('expired');
    expect(page.html).toContain('/bitbucket connect');
    expect(bb.stats.codeExchanges).toBe(exchangesBefore);

    await app.service.flow.whenHooksSettled();
    expect(hookEvents).toEqual([{ hook: 'failed', event: { slackUser, reason: 'state_expired', pending } }]);
  });

  it('expired confirm page is rejected', async () => {
    const { url } = await app.service.startAuthorization(slackUser);
    const page = await openAuthorizeUrl(url);

    clockOffsetMs = 11 * 60_000;
    const confirmed = await postConfirm(app.url, { state: page.form!.state, csrf_token: page.form!.csrfToken });
    expect(confirmed.status).toBe(400);
    expect(confirmed.html).toContain('expired');
    expect(await app.service.getConnection(slackUser)).toBeUndefined();
  });

  it('denied consent shows a page', async () => {
    bb.setAuthorizingUser(null);
    const { url } = await app.service.startAuthorization(slackUser, pending);

    const page = await openAuthorizeUrl(url);
    expect(page.status).toBe(403);
    expect(page.html).toContain('declined');
    expect(page.html).toContain('/bitbucket connect');
    expect(await app.service.getConnection(slackUser)).toBeUndefined();

    await app.service.flow.whenHooksSettled();
    expect(hookEvents).toEqual([{ hook: 'failed', event: { slackUser, reason: 'access_denied', pending } }]);
  });

  it('denial in another tab keeps confirm', async () => {
    const page = await openAuthorizeUrl((await app.service.startAuthorization(slackUser, pending)).url);

    // The same authorize link, opened again in a second tab, where the person declines.
    const denied = await openCallback(`${app.callbackUrl}?error=access_denied&state=${encodeURIComponent(page.form!.state)}`);
    expect(denied.status).toBe(409);
    expect(denied.html).toContain('already used');

    const confirmed = await postConfirm(app.url, { state: page.form!.state, csrf_token: page.form!.csrfToken });
    expect(confirmed.status).toBe(200);
    expect((await app.service.getConnection(slackUser))?.account.uuid).toBe(alice.uuid);
    await app.service.flow.whenHooksSettled();
    expect(hookEvents.map((entry) => entry.hook)).toEqual(['connected']);
  });

  it('failed code exchange shows a page', async () => {
    const { url } = await app.service.startAuthorization(slackUser, pending);
    const callbackUrl = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!);
    callbackUrl.searchParams.set('code', 'forged-code');

    const page = await openCallback(callbackUrl.toString());
    expect(page.status).toBe(502);
    expect(page.html).toContain('invalid_grant');
    expect(page.html).toContain('/bitbucket connect');
    expect(page.form).toBeUndefined();

    await app.service.flow.whenHooksSettled();
    expect(hookEvents).toEqual([{ hook: 'failed', event: { slackUser, reason: 'exchange_failed', pending } }]);
  });

  it('callback without parameters shows a page', async () => {
    const bare = await openCallback(app.callbackUrl);
    expect(bare.status).toBe(400);
    expect(bare.html).toContain('missing');

    const unknown = await openCallback(`${app.callbackUrl}?code=abc&state=never-issued`);
    expect(unknown.status).toBe(400);
    expect(unknown.html).toContain('expired or was already used');
    expect(hookEvents).toEqual([]);
  });

  it('repeated callback parameters are rejected', async () => {
    const { url } = await app.service.startAuthorization(slackUser, pending);
    const callbackUrl = (await fetch(url, { redirect: 'manual' })).headers.get('location')!;
    const redirect = new URL(callbackUrl).searchParams;
    const code = encodeURIComponent(redirect.get('code')!);
    const state = encodeURIComponent(redirect.get('state')!);
    const exchangesBefore = bb.stats.codeExchanges;

    const queries = [
      `code=${code}&code=forged-code&state=${state}`,
      `code=forged-code&code=${code}&state=${state}`,
      `code=${code}&state=${state}&state=${state}`,
      `error=access_denied&error=server_error&state=${state}`,
    ];
    for (const query of queries) {
      const page = await openCallback(`${app.callbackUrl}?${query}`);
      expect(page.status, query).toBe(400);
      expect(page.html, query).toContain('repeated');
      expect(page.form, query).toBeUndefined();
    }
    expect(bb.stats.codeExchanges).toBe(exchangesBefore);

    // The state was left alone, so Bitbucket's own redirect still works.
    const page = await openCallback(callbackUrl);
    expect(page.status).toBe(200);
    await app.service.flow.whenHooksSettled();
    expect(hookEvents).toEqual([]);
  });

  it('repeated confirm fields are rejected', async () => {
    const page = await openAuthorizeUrl((await app.service.startAuthorization(slackUser)).url);
    const state = encodeURIComponent(page.form!.state);
    const csrfToken = encodeURIComponent(page.form!.csrfToken);

    const response = await fetch(`${app.url}/bitbucket/oauth/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `state=${state}&csrf_token=${csrfToken}&csrf_token=other`,
    });
    expect(response.status).toBe(400);
    expect(await app.service.getConnection(slackUser)).toBeUndefined();

    const confirmed = await postConfirm(app.url, { state: page.form!.state, csrf_token: page.form!.csrfToken });
    expect(confirmed.status).toBe(200);
  });

  it('oversized confirm form is rejected', async () => {
    const response = await postConfirm(app.url, { state: 'x', csrf_token: 'y'.repeat(20_000) });
    expect(response.status).toBe(413);
  });

  it('hook failure does not fail the connect', async () => {
    await app.close();
    app = await startApp({
      hooks: {
        onConnected: () => {
          throw new Error('Slack is down');
        },
      },
    });

    const page = await openAuthorizeUrl((await app.service.startAuthorization(slackUser)).url);
    const confirmed = await postConfirm(app.url, { state: page.form!.state, csrf_token: page.form!.csrfToken });
    await app.service.flow.whenHooksSettled();

    expect(confirmed.status).toBe(200);
    expect(await app.service.getConnection(slackUser)).toBeDefined();
    expect(logText()).toContain('Slack is down');
  });

  it('start without consumer is disabled', async () => {
    await app.close();
    app = await startConnectionsTestApp({ store, logger, oauthUrl: bb.oauthUrl, apiUrl: bb.apiUrl, encryptionKey, now });

    await expect(app.service.startAuthorization(slackUser)).rejects.toThrow(ConnectDisabledError);
    const page = await openCallback(`${app.callbackUrl}?code=abc&state=xyz`);
    expect(page.status).toBe(400);
  });
});
