import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { StorageUnavailableError } from '../../src/connections/errors.js';
import { createStore } from '../../src/connections/create-store.js';
import { RedisStore } from '../../src/connections/redis-store.js';
import type { Store } from '../../src/connections/store.js';
import { startTestRedisServer, type TestRedisServer } from '../support/redis-server.js';
import { createCapturingLogger } from '../support/test-logger.js';

/** Every store call, so the outage checks cover all of them. */
const CALLS: Array<[string, (store: Store) => Promise<unknown>]> = [
  ['get', (store) => store.get('connection:T1:U1')],
  ['set', (store) => store.set('connection:T1:U1', { v: 2 })],
  ['delete', (store) => store.delete('connection:T1:U1')],
  ['take', (store) => store.take('oauth-state:s')],
  ['acquireLock', (store) => store.acquireLock('lock:refresh:T1:U1', 1_000, 500)],
  ['ping', (store) => store.ping()],
];

async function expectUnavailable(call: () => Promise<unknown>): Promise<number> {
  const started = Date.now();
  const error = await call().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StorageUnavailableError);
  return Date.now() - started;
}

const PASSWORD = 'outage-test-pw-41f9';

describe('redis store outage', () => {
  let redis: TestRedisServer;
  let store: RedisStore;
  const { logger, text } = createCapturingLogger();

  beforeAll(async () => {
    redis = await startTestRedisServer({ password: PASSWORD });
    store = createStore({ redisUrl: redis.url, dataDir: '/nonexistent', logger, namespace: 'outage' }) as RedisStore;
  });

  afterAll(async () => {
    await store.close();
    await redis.stop();
  });

  it('fails fast while Redis is down, then recovers', async () => {
    await store.set('connection:T1:U1', { v: 1 });
    expect(await store.get('connection:T1:U1')).toEqual({ v: 1 });

    await redis.stop();
    await sleep(100);

    for (const [name, call] of CALLS) {
      const elapsed = await expectUnavailable(() => call(store));
      // Within the 3 s operation limit: the call must fail, not wait for Redis to return.
      expect(elapsed, name).toBeLessThan(2_500);
    }

    await redis.start();
    await expect.poll(() => store.ping().then(() => 'up', () => 'down'), { timeout: 5_000, interval: 100 }).toBe('up');

    // The restarted server is empty: a miss now is a real miss, not an outage.
    expect(await store.get('connection:T1:U1')).toBeUndefined();
    await store.set('connection:T1:U1', { v: 3 });
    expect(await store.get('connection:T1:U1')).toEqual({ v: 3 });
    expect(await store.acquireLock('lock:refresh:T1:U1', 1_000, 0)).not.toBeNull();
  });

  it('fails fast when Redis is down at start-up', async () => {
    await redis.stop();
    const coldStore = new RedisStore({ url: redis.url, logger, namespace: 'outage-cold', connectTimeoutMs: 300 });
    try {
      for (const [name, call] of CALLS) {
        const elapsed = await expectUnavailable(() => call(coldStore));
        expect(elapsed, name).toBeLessThan(2_500);
      }

      await redis.start();
      await expect.poll(() => coldStore.ping().then(() => 'up', () => 'down'), { timeout: 5_000, interval: 100 }).toBe('up');
      await coldStore.set('cache:x', 1);
      expect(await coldStore.get('cache:x')).toBe(1);
    } finally {
      await coldStore.close();
    }
  });

  it('logs the store kind without the password', () => {
    expect(text()).toContain('using Redis');
    expect(text()).not.toContain(PASSWORD);
  });
});
