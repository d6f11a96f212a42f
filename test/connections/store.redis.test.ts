import { afterAll, describe, expect, it } from 'vitest';

import {
  connectionKey,
  issueDeleteLockKey,
  oauthStateKey,
  refreshLockKey,
  STORE_NAMESPACE,
  submissionLockKey,
  submittedViewKey,
  toRedisKey,
} from '../../src/connections/keys.js';
import { RedisStore } from '../../src/connections/redis-store.js';
import type { Store } from '../../src/connections/store.js';
import {
  createTestNamespace,
  deleteTestNamespaces,
  openRawRedisClient,
  SHARED_REDIS_URL,
} from '../support/redis-test-namespace.js';
import { createCapturingLogger } from '../support/test-logger.js';
import { describeStoreContract } from './store-contract.js';

const namespaces: string[] = [];
const { logger } = createCapturingLogger();
let currentNamespace = '';

function openStore(namespace: string): Store {
  return new RedisStore({ url: SHARED_REDIS_URL, logger, namespace });
}

describeStoreContract('redis', {
  async openFresh() {
    currentNamespace = createTestNamespace('contract');
    namespaces.push(currentNamespace);
    return openStore(currentNamespace);
  },
  async openPeer() {
    return openStore(currentNamespace);
  },
  async reopen(store) {
    await store.close();
    return openStore(currentNamespace);
  },
});

describe('redis key names', () => {
  const user = { teamId: `T${Date.now()}`, userId: 'UKEYNAMES' };

  afterAll(async () => {
    const client = await openRawRedisClient();
    await client.del([
      `bbslack::bbslack:connection:${user.teamId}:UKEYNAMES`,
      `bbslack::bbslack:lock:refresh:${user.teamId}:UKEYNAMES`,
    ]);
    client.destroy();
  });

  it('connection key as Redis shows it', async () => {
    const store = new RedisStore({ url: SHARED_REDIS_URL, logger });
    const client = await openRawRedisClient();
    try {
      await store.set(connectionKey(user), { userId: user.userId }, 60_000);

      const raw = await client.get(`bbslack::bbslack:connection:${user.teamId}:UKEYNAMES`);
      expect(raw).not.toBeNull();
      expect(JSON.parse(raw!)).toMatchObject({ value: { userId: 'UKEYNAMES' } });
      const ttl = await client.pTTL(`bbslack::bbslack:connection:${user.teamId}:UKEYNAMES`);
      expect(ttl).toBeGreaterThan(50_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
    } finally {
      await store.close();
      client.destroy();
    }
  });

  it('lock key as Redis shows it', async () => {
    const store = new RedisStore({ url: SHARED_REDIS_URL, logger });
    const client = await openRawRedisClient();
    try {
      const release = await store.acquireLock(refreshLockKey(user), 10_000, 0);
      expect(await client.exists(`bbslack::bbslack:lock:refresh:${user.teamId}:UKEYNAMES`)).toBe(1);
      await release!();
      expect(await client.exists(`bbslack::bbslack:lock:refresh:${user.teamId}:UKEYNAMES`)).toBe(0);
    } finally {
      await store.close();
      client.destroy();
    }
  });

  it('key builders give the documented names', () => {
    expect(STORE_NAMESPACE).toBe('bbslack');
    expect(connectionKey({ teamId: 'T1', userId: 'U1' })).toBe('connection:T1:U1');
    expect(connectionKey({ teamId: 'T1', userId: 'U1', enterpriseId: 'E1' })).toBe('connection:E1:U1');
    expect(oauthStateKey('abc')).toBe('oauth-state:abc');
    expect(refreshLockKey({ teamId: 'T1', userId: 'U1' })).toBe('lock:refresh:T1:U1');
    expect(submissionLockKey('V1')).toBe('lock:submission:V1');
    expect(submittedViewKey('V1')).toBe('submitted-view:V1');
    expect(issueDeleteLockKey('acme', 'api', 7)).toBe('lock:issue-delete:acme/api#7');
    expect(toRedisKey('bbslack', 'connection:T1:U1')).toBe('bbslack::bbslack:connection:T1:U1');
  });
});

afterAll(async () => {
  await deleteTestNamespaces(namespaces);
});
