import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { RedisStore } from '../../src/connections/redis-store.js';
import { postConfirm, openCallback, startConnectionsTestApp, type ConnectionsTestApp } from '../support/connections-test-app.js';
import type { WorkerReply, WorkerRequest } from '../support/connections-worker.js';
import { startFakeBitbucket, type FakeBitbucket, type FakeUser } from '../support/fake-bitbucket/index.js';
import { createTestNamespace, deleteTestNamespaces, SHARED_REDIS_URL } from '../support/redis-test-namespace.js';
import { createCapturingLogger } from '../support/test-logger.js';

const WORKER = path.resolve('dist/test/support/connections-worker.js');
const TWO_HOURS_MS = 2 * 60 * 60_000;

/** The worker process and a promise-based call over its IPC channel. */
interface Worker {
  url: string;
  call(request: Omit<WorkerRequest, 'id'>): Promise<unknown>;
  stop(): Promise<void>;
}

async function startWorker(env: Record<string, string>): Promise<Worker> {
  const child: ChildProcess = fork(WORKER, [], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;

  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the worker exited with code ${code} before it was ready`)));
    child.on('message', (reply: WorkerReply) => {
      if ('ready' in reply) {
        resolve(reply.url);
        return;
      }
      const pending = waiting.get(reply.id);
      waiting.delete(reply.id);
      if ('error' in reply) pending?.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }));
      else pending?.resolve(reply.result);
    });
  });

  return {
    url,
    call(request) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        child.send({ ...request, id });
      });
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      await exited;
    },
  };
}

describe('two app processes on one Redis', () => {
  const { logger } = createCapturingLogger();
  const encryptionKey = randomBytes(32);
  const namespace = createTestNamespace('two-processes');
  let clockOffsetMs = 0;
  const now = () => Date.now() + clockOffsetMs;

  let bb: FakeBitbucket;
  let alice: FakeUser;
  let store: RedisStore;
  let local: ConnectionsTestApp;
  let worker: Worker;

  beforeAll(async () => {
    if (!existsSync(WORKER)) {
      throw new Error(`${WORKER} is missing; run \`npm run build\` before this test.`);
    }
    bb = await startFakeBitbucket({ now });
    alice = bb.addUser({ display_name: 'Alice Liddell', nickname: 'alice' });
    bb.registerOAuthClient({ clientId: 'client-1', clientSecret: 'secret-1', callbackUrl: 'http://127.0.0.1' });
    bb.setAuthorizingUser(alice);

    store = new RedisStore({ url: SHARED_REDIS_URL, logger, namespace });
    local = await startConnectionsTestApp({
      store,
      logger,
      oauthUrl: bb.oauthUrl,
      apiUrl: bb.apiUrl,
      clientId: 'client-1',
      clientSecret: 'secret-1',
      encryptionKey,
      now,
    });
    worker = await startWorker({
      REDIS_URL: SHARED_REDIS_URL,
      STORE_NAMESPACE: namespace,
      BITBUCKET_OAUTH_URL: bb.oauthUrl,
      BITBUCKET_API_URL: bb.apiUrl,
      BITBUCKET_CLIENT_ID: 'client-1',
      BITBUCKET_CLIENT_SECRET: 'secret-1',
      TOKEN_ENCRYPTION_KEY: encryptionKey.toString('base64'),
      // Both processes send the same redirect_uri, as they would behind one load balancer.
      BITBUCKET_OAUTH_REDIRECT_URI: local.callbackUrl,
    });
  });

  afterAll(async () => {
    await worker?.stop();
    await local?.close();
    await store?.close();
    await bb?.close();
    await deleteTestNamespaces([namespace]);
  });

  it('flow started on one finishes on the other', async () => {
    const slackUser = { teamId: 'T0ALPHA', userId: 'U0ALICE' };
    const { url } = (await worker.call({ op: 'startAuthorization', slackUser })) as { url: string };

    // Bitbucket sends the browser to the shared redirect URI, served here by the other process.
    const location = (await fetch(url, { redirect: 'manual' })).headers.get('location')!;
    expect(location.startsWith(local.callbackUrl)).toBe(true);
    const page = await openCallback(location);
    expect(page.status).toBe(200);
    expect(page.html).toContain('U0ALICE');

    const confirmed = await postConfirm(worker.url, { state: page.form!.state, csrf_token: page.form!.csrfToken });
    expect(confirmed.status).toBe(200);
    expect((await local.service.getConnection(slackUser))?.account.uuid).toBe(alice.uuid);
    const token = (await worker.call({ op: 'getAccessToken', slackUser })) as string;
    expect(bb.state.accessTokens.get(token)?.user.uuid).toBe(alice.uuid);
  });

  it('expired token refreshes once across processes', async () => {
    const slackUser = { teamId: 'T0ALPHA', userId: 'U0ALICE2' };
    const { url } = await local.service.startAuthorization(slackUser);
    const page = await openCallback((await fetch(url, { redirect: 'manual' })).headers.get('location')!);
    await postConfirm(local.url, { state: page.form!.state, csrf_token: page.form!.csrfToken });
    const refreshesBefore = bb.statsFor(alice).refreshes;
    const rejectedBefore = bb.stats.rejectedRefreshes;

    clockOffsetMs = TWO_HOURS_MS + 60_000;
    await worker.call({ op: 'setClockOffset', offsetMs: clockOffsetMs });
    const localSource = await local.service.getTokenSource(slackUser);
    const tokens = await Promise.all([
      worker.call({ op: 'getAccessToken', slackUser }) as Promise<string>,
      localSource.tokens.getAccessToken(),
      worker.call({ op: 'getAccessToken', slackUser }) as Promise<string>,
      local.service.getTokenSource(slackUser).then((source) => source.tokens.getAccessToken()),
    ]);

    expect(bb.statsFor(alice).refreshes - refreshesBefore).toBe(1);
    expect(bb.stats.rejectedRefreshes).toBe(rejectedBefore);
    expect(new Set(tokens).size).toBe(1);
    expect(bb.state.accessTokens.get(tokens[0]!)?.expired).toBe(false);
  });
});
