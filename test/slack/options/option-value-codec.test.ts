import { afterAll, describe, expect, it } from 'vitest';

import { toRedisKey } from '../../../src/connections/keys.js';
import { RedisStore } from '../../../src/connections/redis-store.js';
import { decodeOptionValue, encodeOptionValue, HINT_OPTION_VALUE } from '../../../src/slack/options/option-value-codec.js';
import { createTestNamespace, deleteTestNamespaces, openRawRedisClient, SHARED_REDIS_URL } from '../../support/redis-test-namespace.js';
import { createCapturingLogger } from '../../support/test-logger.js';

const namespace = createTestNamespace('option-values');
const store = new RedisStore({ url: SHARED_REDIS_URL, logger: createCapturingLogger().logger, namespace });

afterAll(async () => {
  await store.close();
  await deleteTestNamespaces([namespace]);
});

describe('option value codec', () => {
  it('keeps a value that fits', async () => {
    const encoded = await encodeOptionValue(store, 'feature/login-page');

    expect(encoded).toBe('feature/login-page');
    expect(await decodeOptionValue(store, encoded)).toEqual({ kind: 'value', value: 'feature/login-page' });
  });

  it('maps a long value to a short key and back', async () => {
    const branch = `feature/${'x'.repeat(120)}`;

    const encoded = await encodeOptionValue(store, branch);

    expect(encoded.length).toBeLessThanOrEqual(75);
    expect(encoded).toBe(await encodeOptionValue(store, branch));
    expect(await decodeOptionValue(store, encoded)).toEqual({ kind: 'value', value: branch });
  });

  it('stores the long value under cache: with a day\'s TTL', async () => {
    const encoded = await encodeOptionValue(store, `release/${'y'.repeat(100)}`);

    const redis = await openRawRedisClient();
    try {
      const ttl = await redis.pTTL(toRedisKey(namespace, `cache:option-value:${encoded}`));
      expect(ttl).toBeGreaterThan(23 * 60 * 60 * 1000);
      expect(ttl).toBeLessThanOrEqual(24 * 60 * 60 * 1000);
    } finally {
      redis.destroy();
    }
  });

  it('keys a value that starts with ~', async () => {
    const encoded = await encodeOptionValue(store, '~hint');

    expect(encoded).not.toBe(HINT_OPTION_VALUE);
    expect(await decodeOptionValue(store, encoded)).toEqual({ kind: 'value', value: '~hint' });
  });

  it('recognizes the hint option', async () => {
    expect(await decodeOptionValue(store, HINT_OPTION_VALUE)).toEqual({ kind: 'hint' });
  });

  it('reports a short key that is gone', async () => {
    expect(await decodeOptionValue(store, '~v:AAAAAAAAAAAAAAAAAAAAAA')).toEqual({ kind: 'expired' });
  });
});
