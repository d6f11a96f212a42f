import { randomUUID } from 'node:crypto';

import { createClient } from '@keyv/redis';

/** The shared Redis that tests use; never flushed, so each test writes under its own namespace. */
export const SHARED_REDIS_URL = 'redis://127.0.0.1:6379';

/** Returns a namespace no other test uses. */
export function createTestNamespace(label: string): string {
  return `bbslack-test-${label}-${randomUUID().slice(0, 8)}`;
}

/** Deletes every key under the given namespaces (SCAN + DEL, never FLUSHDB). */
export async function deleteTestNamespaces(namespaces: string[], url = SHARED_REDIS_URL): Promise<void> {
  if (namespaces.length === 0) return;
  const client = createClient({ url });
  await client.connect();
  try {
    for (const namespace of namespaces) {
      for await (const keys of client.scanIterator({ MATCH: `${namespace}::*`, COUNT: 500 })) {
        if (keys.length > 0) await client.del(keys);
      }
    }
  } finally {
    client.destroy();
  }
}

/** Opens a plain client on the shared Redis to inspect raw keys. Call `destroy()` when done. */
export async function openRawRedisClient(url = SHARED_REDIS_URL) {
  const client = createClient({ url });
  await client.connect();
  return client;
}
