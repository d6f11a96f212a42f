import { describe, expect, it } from 'vitest';

import { describeRedisUrl, parseRedisUrl } from '../../src/connections/redis-client.js';

describe('parseRedisUrl', () => {
  it('keeps redis:// and rediss:// whole', () => {
    expect(parseRedisUrl('redis://:pw@127.0.0.1:6379/2')).toEqual({ kind: 'standalone', url: 'redis://:pw@127.0.0.1:6379/2' });
    expect(parseRedisUrl('rediss://cache.internal:6380')).toEqual({ kind: 'standalone', url: 'rediss://cache.internal:6380' });
  });

  it('splits a cluster URL into nodes', () => {
    expect(parseRedisUrl('redis+cluster://app:p%40ss@10.0.0.1:7000,10.0.0.2:7001,node-3')).toEqual({
      kind: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
        { host: 'node-3', port: 6379 },
      ],
      username: 'app',
      password: 'p@ss',
    });
  });

  it('reads sentinels and the master name', () => {
    expect(parseRedisUrl('redis+sentinel://:secret@s1:26379,[::1]/mymaster')).toEqual({
      kind: 'sentinel',
      nodes: [
        { host: 's1', port: 26379 },
        { host: '::1', port: 26379 },
      ],
      masterName: 'mymaster',
      username: undefined,
      password: 'secret',
    });
  });

  it('rejects a sentinel URL without master name', () => {
    expect(() => parseRedisUrl('redis+sentinel://s1:26379')).toThrow(/master name/);
  });

  it('rejects an unknown scheme without echoing it', () => {
    expect(() => parseRedisUrl('memcached://user:hunter2@host')).toThrow(/REDIS_URL is invalid/);
    expect(() => parseRedisUrl('memcached://user:hunter2@host')).not.toThrow(/hunter2/);
  });
});

describe('describeRedisUrl', () => {
  it('hides the password', () => {
    expect(describeRedisUrl('redis://app:hunter2@127.0.0.1:6379')).toBe('redis://app:***@127.0.0.1:6379');
    expect(describeRedisUrl('redis+cluster://:hunter2@a:1,b:2')).toBe('redis+cluster://***@a:1,b:2');
    expect(describeRedisUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });
});
