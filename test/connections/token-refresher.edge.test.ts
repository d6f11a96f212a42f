import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { BitbucketConfig } from '../../src/config/config.js';
import { ConnectionRepository } from '../../src/connections/connection-repository.js';
import { createConnectionService } from '../../src/connections/create-connection-service.js';
import { refreshLockKey, toRedisKey } from '../../src/connections/keys.js';
import { RedisStore } from '../../src/connections/redis-store.js';
import { createTokenCipher } from '../../src/connections/token-cipher.js';
import { startFakeBitbucket, type FakeBitbucket } from '../support/fake-bitbucket/index.js';
import { createTestNamespace, deleteTestNamespaces, openRawRedisClient, SHARED_REDIS_URL } from '../support/redis-test-namespace.js';
import { createCapturingLogger } from '../support/test-logger.js';

const slackUser = { teamId: 'T0EDGE', userId: 'U0EDGE' };

describe('refresh lock lifetime', () => {
  const { logger } = createCapturingLogger();
  let bb: FakeBitbucket;
  let store: RedisStore;
  let namespace: string;

  beforeEach(async () => {
    bb = await startFakeBitbucket();
    namespace = createTestNamespace('refresh-lock');
    store = new RedisStore({ url: SHARED_REDIS_URL, logger, namespace });
  });

  afterEach(async () => {
    await bb.close();
    await store.close();
    await deleteTestNamespaces([namespace]);
  });

  it('outlasts a slow token request', async () => {
    const requestTimeoutMs = 90_000;
    const encryptionKey = randomBytes(32);
    const bitbucket: BitbucketConfig = {
      apiUrl: bb.apiUrl,
      oauthUrl: bb.oauthUrl,
      clientId: 'client-1',
      clientSecret: 'secret-1',
      redirectUri: 'http://127.0.0.1/bitbucket/oauth/callback',
      scopes: [],
      requestTimeoutMs,
    };
    const service = createConnectionService({
      store,
      storeConfig: { dataDir: '/nonexistent', tokenEncryptionKey: encryptionKey },
      bitbucket,
      logger,
    });

    const expired = Date.now() - 1_000;
    await new ConnectionRepository(store, createTokenCipher(encryptionKey)).save({
      slackUser,
      account: { uuid: '{00000000-0000-4000-8000-00000000ed9e}', displayName: 'Edge Case' },
      tokens: { accessToken: 'old-access', refreshToken: 'old-refresh', expiresAt: expired },
      scopes: [],
      accessTokenExpiresAt: expired,
      createdAt: expired,
      updatedAt: expired,
    });
    bb.inject({ kind: 'hang', path: '/site/oauth2/access_token' });

    const source = await service.getTokenSource(slackUser);
    const refreshing = source.tokens.getAccessToken().catch((error: unknown) => error);

    const redis = await openRawRedisClient();
    let lockTtlMs = -2;
    try {
      const lockKey = toRedisKey(namespace, refreshLockKey(slackUser));
      for (let tries = 0; tries < 100 && lockTtlMs < 0; tries += 1) {
        lockTtlMs = await redis.pTTL(lockKey);
        if (lockTtlMs < 0) await sleep(20);
      }
    } finally {
      redis.destroy();
    }
    await bb.close();
    await refreshing;

    // The lock must still be held when the token request times out, or a second process would
    // refresh with the same refresh token and could get invalid_grant back.
    expect(lockTtlMs).toBeGreaterThan(requestTimeoutMs);
  });
});
