import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { startTestApp, type TestApp } from '../support/app-harness.js';
import { startTestRedisServer, type TestRedisServer } from '../support/redis-server.js';

interface Readiness {
  status: number;
  body: { status: string; store: string; problems: string[] };
  elapsedMs: number;
}

async function readReadiness(appUrl: string): Promise<Readiness> {
  const startedAt = Date.now();
  const response = await fetch(`${appUrl}/readyz`, { signal: AbortSignal.timeout(10_000) });
  const body = (await response.json()) as Readiness['body'];
  return { status: response.status, body, elapsedMs: Date.now() - startedAt };
}

/** Polls /readyz until it returns `status`; returns the last reading. */
async function waitForReadiness(appUrl: string, status: number, timeoutMs: number): Promise<Readiness> {
  const deadline = Date.now() + timeoutMs;
  let reading = await readReadiness(appUrl);
  while (reading.status !== status && Date.now() < deadline) {
    await sleep(100);
    reading = await readReadiness(appUrl);
  }
  return reading;
}

describe('/readyz', () => {
  let redis: TestRedisServer;
  let testApp: TestApp | undefined;

  beforeAll(async () => {
    redis = await startTestRedisServer();
  });

  afterAll(async () => {
    await redis.stop();
  });

  afterEach(async () => {
    redis.resume();
    await testApp?.stop();
    testApp = undefined;
  });

  it('returns 200 when Redis answers', async () => {
    testApp = await startTestApp({ env: { REDIS_URL: redis.url } });

    const reading = await readReadiness(testApp.url);

    expect(reading.status).toBe(200);
    expect(reading.body).toEqual({ status: 'ready', store: 'redis', problems: [] });
  });

  it('returns 503 while Redis is down, then recovers', async () => {
    testApp = await startTestApp({ env: { REDIS_URL: redis.url } });
    expect((await readReadiness(testApp.url)).status).toBe(200);

    await redis.stop();
    const down = await readReadiness(testApp.url);
    await redis.start();
    const back = await waitForReadiness(testApp.url, 200, 10_000);

    expect(down.status).toBe(503);
    expect(down.body.status).toBe('not ready');
    expect(down.body.problems).toEqual(['the redis store is unreachable']);
    expect(back.status).toBe(200);
  });

  it('logs an outage once however often probed', async () => {
    testApp = await startTestApp({ env: { REDIS_URL: redis.url } });
    const app = testApp;
    const readinessLogs = () => app.logs.filter((line) => String(line.msg).startsWith('readiness check:')).map((line) => line.msg);

    await redis.stop();
    for (let probe = 0; probe < 5; probe += 1) {
      expect((await readReadiness(app.url)).status).toBe(503);
    }
    await redis.start();
    await waitForReadiness(app.url, 200, 10_000);
    await readReadiness(app.url);

    expect(readinessLogs()).toEqual(['readiness check: the store did not respond', 'readiness check: the store responds again']);
  });

  it('returns 503 promptly while Redis hangs', async () => {
    testApp = await startTestApp({ env: { REDIS_URL: redis.url } });
    expect((await readReadiness(testApp.url)).status).toBe(200);

    redis.pause();
    const hung = await readReadiness(testApp.url);
    redis.resume();

    expect(hung.status).toBe(503);
    expect(hung.body.problems).toEqual(['the redis store is unreachable']);
    expect(hung.elapsedMs).toBeLessThan(5_000);
  });

  it('names missing Bitbucket credentials', async () => {
    testApp = await startTestApp({
      env: { REDIS_URL: redis.url, BITBUCKET_CLIENT_ID: undefined, BITBUCKET_CLIENT_SECRET: undefined },
    });

    const reading = await readReadiness(testApp.url);

    expect(reading.status).toBe(503);
    expect(reading.body.problems).toHaveLength(1);
    expect(reading.body.problems[0]).toContain('BITBUCKET_CLIENT_ID');
  });

  it('keeps /healthz at 200 while not ready', async () => {
    testApp = await startTestApp({ env: { REDIS_URL: redis.url } });

    await redis.stop();
    const health = await fetch(`${testApp.url}/healthz`);
    const readiness = await readReadiness(testApp.url);
    await redis.start();

    expect(health.status).toBe(200);
    expect(readiness.status).toBe(503);
  });
});
