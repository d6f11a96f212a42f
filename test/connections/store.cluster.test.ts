import { setTimeout as sleep } from 'node:timers/promises';

import { createClient } from '@keyv/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createStore } from '../../src/connections/create-store.js';
import { StorageUnavailableError } from '../../src/connections/errors.js';
import type { Store } from '../../src/connections/store.js';
import { startTestRedisServer, type TestRedisServer } from '../support/redis-server.js';
import { createCapturingLogger } from '../support/test-logger.js';

/** Gives every hash slot to the single node, so it forms a working one-node cluster. */
async function assignAllSlots(port: number): Promise<void> {
  const client = createClient({ url: `redis://127.0.0.1:${port}` });
  await client.connect();
  try {
    await client.sendCommand(['CLUSTER', 'ADDSLOTSRANGE', '0', '16383']);
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const info = await client.sendCommand(['CLUSTER', 'INFO']);
      if (String(info).includes('cluster_state:ok')) return;
      await sleep(50);
    }
    throw new Error('the one-node cluster did not reach cluster_state:ok');
  } finally {
    client.destroy();
  }
}

describe('redis+cluster:// store', () => {
  const { logger, text } = createCapturingLogger();
  let redis: TestRedisServer;
  let store: Store;

  beforeAll(async () => {
    redis = await startTestRedisServer({ cluster: true });
    await assignAllSlots(redis.port);
    store = createStore({ redisUrl: `redis+cluster://127.0.0.1:${redis.port}`, dataDir: '/nonexistent', logger, namespace: 'cluster' });
  });

  afterAll(async () => {
    await store?.close();
    await redis?.stop();
  });

  it('stores, takes and locks through a cluster client', async () => {
    expect(store.kind).toBe('redis');
    await store.ping();

    await store.set('connection:T1:U1', { text: 'x'.repeat(3_100) }, 60_000);
    expect(await store.get('connection:T1:U1')).toEqual({ text: 'x'.repeat(3_100) });

    await store.set('oauth-state:s1', { user: 'U1' }, 60_000);
    const taken = await Promise.all([store.take('oauth-state:s1'), store.take('oauth-state:s1')]);
    expect(taken.filter((value) => value !== undefined)).toHaveLength(1);

    const release = await store.acquireLock('lock:refresh:T1:U1', 5_000, 0);
    expect(release).not.toBeNull();
    expect(await store.acquireLock('lock:refresh:T1:U1', 5_000, 0)).toBeNull();
    await release!();
    expect(await store.acquireLock('lock:refresh:T1:U1', 5_000, 0)).not.toBeNull();

    expect(await store.delete('connection:T1:U1')).toBe(true);
    expect(text()).toContain('redis+cluster://127.0.0.1');
  });

  it('stopped node gives StorageUnavailableError', async () => {
    await store.set('cache:x', 1);
    await redis.stop();

    const started = Date.now();
    await expect(store.get('cache:x')).rejects.toThrow(StorageUnavailableError);
    await expect(store.set('cache:x', 2)).rejects.toThrow(StorageUnavailableError);
    await expect(store.acquireLock('lock:x', 1_000, 0)).rejects.toThrow(StorageUnavailableError);
    // Each call ends within the 3 s operation limit instead of waiting for the node.
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
