import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { BitbucketOAuthClient } from '../../src/connections/bitbucket-oauth-client.js';
import { ConnectionLock } from '../../src/connections/connection-lock.js';
import { ConnectionRepository } from '../../src/connections/connection-repository.js';
import { OAuthFlow } from '../../src/connections/oauth-flow.js';
import type { ConnectFailureReason } from '../../src/connections/oauth-flow-types.js';
import { RedisStore } from '../../src/connections/redis-store.js';
import { createTokenCipher } from '../../src/connections/token-cipher.js';
import { startFakeBitbucket, type FakeBitbucket } from '../support/fake-bitbucket/index.js';
import { createTestNamespace, deleteTestNamespaces, SHARED_REDIS_URL } from '../support/redis-test-namespace.js';
import { createCapturingLogger } from '../support/test-logger.js';

/** Short enough to pass in real time, because the store expires keys by the real clock. */
const VALIDITY_MS = 300;
const REDIRECT_URI = 'http://127.0.0.1/bitbucket/oauth/callback';

describe('oauth flow after real expiry', () => {
  const { logger } = createCapturingLogger();
  const namespace = createTestNamespace('oauth-expiry');
  const slackUser = { teamId: 'T0ALPHA', userId: 'U0ALICE' };
  let bb: FakeBitbucket;
  let store: RedisStore;
  let flow: OAuthFlow;
  let failures: ConnectFailureReason[];

  beforeAll(async () => {
    bb = await startFakeBitbucket();
    bb.setAuthorizingUser(bb.addUser({ display_name: 'Alice Liddell', nickname: 'alice' }));
    bb.registerOAuthClient({ clientId: 'client-1', clientSecret: 'secret-1', callbackUrl: REDIRECT_URI });
    store = new RedisStore({ url: SHARED_REDIS_URL, logger, namespace });
  });

  afterAll(async () => {
    await store.close();
    await bb.close();
    await deleteTestNamespaces([namespace]);
  });

  beforeEach(() => {
    failures = [];
    const cipher = createTokenCipher(randomBytes(32));
    flow = new OAuthFlow({
      store,
      repository: new ConnectionRepository(store, cipher),
      lock: new ConnectionLock(store, logger, 5_000),
      cipher,
      oauthClient: new BitbucketOAuthClient({
        oauthUrl: bb.oauthUrl,
        apiUrl: bb.apiUrl,
        clientId: 'client-1',
        clientSecret: 'secret-1',
        redirectUri: REDIRECT_URI,
        timeoutMs: 5_000,
        logger,
      }),
      logger,
      now: Date.now,
      stateTtlMs: VALIDITY_MS,
      confirmTtlMs: VALIDITY_MS,
      hooks: { onConnectFailed: (event) => void failures.push(event.reason) },
    });
  });

  /** Plays the browser through Bitbucket's authorize step and returns the callback's query parameters. */
  async function authorize(): Promise<{ code: string; state: string }> {
    const { url } = await flow.startAuthorization(slackUser);
    const location = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!);
    return { code: location.searchParams.get('code')!, state: location.searchParams.get('state')! };
  }

  it('late callback notifies the user', async () => {
    const params = await authorize();
    await sleep(VALIDITY_MS + 100);

    const outcome = await flow.handleCallback(params);
    await flow.whenHooksSettled();

    expect(outcome).toMatchObject({ kind: 'failed', reason: 'state_expired' });
    expect(failures).toEqual(['state_expired']);
  });

  it('late confirm notifies the user', async () => {
    const outcome = await flow.handleCallback(await authorize());
    if (outcome.kind !== 'confirm') throw new Error(`expected the confirm page, got ${outcome.reason}`);
    await sleep(VALIDITY_MS + 100);

    const confirmed = await flow.confirm({ state: outcome.state, csrfToken: outcome.csrfToken });
    await flow.whenHooksSettled();

    expect(confirmed).toMatchObject({ kind: 'failed', reason: 'state_expired' });
    expect(failures).toEqual(['state_expired']);
  });
});
