import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createStore } from '../../src/connections/create-store.js';
import type { Store } from '../../src/connections/store.js';
import { startTestRedisServer, type TestRedisServer } from '../support/redis-server.js';
import { createCapturingLogger } from '../support/test-logger.js';

async function findFreePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

describe('redis+sentinel:// store', () => {
  const { logger } = createCapturingLogger();
  let master: TestRedisServer;
  let sentinel: ChildProcess;
  let sentinelPort: number;
  let directory: string;
  let store: Store;

  beforeAll(async () => {
    master = await startTestRedisServer();
    sentinelPort = await findFreePort();
    directory = mkdtempSync(path.join(tmpdir(), 'bbslack-sentinel-'));
    const configFile = path.join(directory, 'sentinel.conf');
    writeFileSync(
      configFile,
      [`port ${sentinelPort}`, 'bind 127.0.0.1', `dir ${directory}`, `sentinel monitor mymaster 127.0.0.1 ${master.port} 1`, ''].join('\n'),
    );
    sentinel = spawn('redis-server', [configFile, '--sentinel'], { stdio: 'ignore' });
    await sleep(300);
    store = createStore({
      redisUrl: `redis+sentinel://127.0.0.1:${sentinelPort}/mymaster`,
      dataDir: '/nonexistent',
      logger,
      namespace: 'sentinel',
    });
  });

  afterAll(async () => {
    await store?.close();
    sentinel?.kill('SIGKILL');
    await master?.stop();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it('stores, takes and locks through the master', async () => {
    await expect.poll(() => store.ping().then(() => 'up', () => 'down'), { timeout: 5_000, interval: 100 }).toBe('up');

    await store.set('connection:T1:U1', { v: 1 }, 60_000);
    expect(await store.get('connection:T1:U1')).toEqual({ v: 1 });
    await store.set('oauth-state:s1', 'x', 60_000);
    expect(await store.take('oauth-state:s1')).toBe('x');
    expect(await store.take('oauth-state:s1')).toBeUndefined();

    const release = await store.acquireLock('lock:refresh:T1:U1', 5_000, 0);
    expect(release).not.toBeNull();
    expect(await store.acquireLock('lock:refresh:T1:U1', 5_000, 0)).toBeNull();
    await release!();
  });
});
