import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { readMessageText } from '../support/app-harness.js';
import { buildAppEnvironment, PROCESS_SIGNING_SECRET, reservePort, startAppProcess, type AppProcess } from '../support/app-process.js';
import { startFakeBitbucket, type FakeBitbucket, type FakeUser } from '../support/fake-bitbucket/index.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { createTestNamespace, deleteTestNamespaces, SHARED_REDIS_URL } from '../support/redis-test-namespace.js';
import { createSlackDriver, type SlackDriver } from '../support/slack-driver.js';

const ADA = { teamId: 'T0SHUTDOWN1', userId: 'U0SHUTDOWN1' };
const BITBUCKET_DELAY_MS = 1_500;

describe('SIGTERM on the built app', () => {
  const namespaces: string[] = [];
  let slack: FakeSlack;
  let bitbucket: FakeBitbucket;
  let driver: SlackDriver;
  let ada: FakeUser;
  let app: AppProcess;

  beforeAll(async () => {
    slack = await startFakeSlack();
    bitbucket = await startFakeBitbucket();
    driver = createSlackDriver({ slack, bitbucket, signingSecret: PROCESS_SIGNING_SECRET });

    ada = bitbucket.addUser({ display_name: 'Ada Lovelace', nickname: 'ada' });
    const workspace = bitbucket.addWorkspace({ slug: 'acme' });
    bitbucket.addMember(workspace, ada);
    bitbucket.addRepository(workspace, { slug: 'api', files: { 'README.md': 'hello' } });
    bitbucket.addCommit(workspace, 'api', { branch: 'feature/login', files: { 'login.ts': 'export {}' } });
    bitbucket.addPullRequest(workspace, 'api', { title: 'Add login', source: 'feature/login', author: ada });
  });

  afterAll(async () => {
    await slack.close();
    await bitbucket.close();
    await deleteTestNamespaces(namespaces);
  });

  beforeEach(async () => {
    const { port, url } = await reservePort();
    const namespace = createTestNamespace('shutdown');
    namespaces.push(namespace);
    const client = { clientId: `shutdown-${port}`, clientSecret: 'shutdown-consumer-secret' };
    bitbucket.registerOAuthClient({ ...client, callbackUrl: `${url}/bitbucket/oauth/callback` });

    app = await startAppProcess({
      env: buildAppEnvironment({
        port,
        slackApiUrl: slack.apiUrl,
        bitbucketApiUrl: bitbucket.apiUrl,
        bitbucketOAuthUrl: bitbucket.oauthUrl,
        bitbucketClient: client,
        redisUrl: SHARED_REDIS_URL,
        storeNamespace: namespace,
      }),
    });
    await driver.connect(app.url, ADA, ada);
  });

  afterEach(async () => {
    bitbucket.clearFaults();
    await app.stop();
  });

  it('finishes an acknowledged command, then exits 0', async () => {
    bitbucket.inject({ kind: 'delay', ms: BITBUCKET_DELAY_MS, method: 'GET', path: '/repositories/acme/api/pullrequests' });

    const sentAt = Date.now();
    const command = await driver.command(app.url, ADA, 'prs acme/api');
    const ackMs = Date.now() - sentAt;
    app.kill('SIGTERM');

    expect(command.status).toBe(200);
    expect(ackMs).toBeLessThan(BITBUCKET_DELAY_MS);
    const reply = await driver.replyTo(command.responseUrlId, 0, 10_000);
    expect(readMessageText(reply.body)).toContain('Add login');
    const exit = await app.exited;
    expect(exit).toEqual({ code: 0, signal: null });
  });

  it('rejects new requests while draining', async () => {
    bitbucket.inject({ kind: 'delay', ms: BITBUCKET_DELAY_MS, method: 'GET', path: '/repositories/acme/api/pullrequests' });
    const inFlight = await driver.command(app.url, ADA, 'prs acme/api');

    app.kill('SIGTERM');
    await app.waitForLog((record) => String(record.msg).startsWith('shutting down'));
    const [late, health] = await Promise.allSettled([driver.command(app.url, ADA, 'help'), fetch(`${app.url}/healthz`)]);

    expect(late.status).toBe('rejected');
    expect(health.status).toBe('rejected');
    expect(app.output.some((line) => line.includes('"stopped"'))).toBe(false);
    const reply = await driver.replyTo(inFlight.responseUrlId, 0, 10_000);
    expect(readMessageText(reply.body)).toContain('Add login');
    expect((await app.exited).code).toBe(0);
  });

  it('logs the stop in JSON lines', async () => {
    app.kill('SIGTERM');
    await app.exited;

    const messages = app.logs().map((record) => record.msg);
    expect(messages).toContain('received a stop signal');
    expect(messages).toContain('stopped');
  });
});
