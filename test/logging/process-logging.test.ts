import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readMessageText } from '../support/app-harness.js';
import {
  APP_ENTRY,
  buildAppEnvironment,
  PROCESS_BOT_TOKEN,
  PROCESS_SIGNING_SECRET,
  reservePort,
  startAppProcess,
  type AppProcess,
} from '../support/app-process.js';
import { startFakeBitbucket, type FakeBitbucket, type FakeUser } from '../support/fake-bitbucket/index.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { startTestRedisServer, type TestRedisServer } from '../support/redis-server.js';
import { createTestNamespace } from '../support/redis-test-namespace.js';
import { createSlackDriver, type SlackDriver } from '../support/slack-driver.js';

const GRACE = { teamId: 'T0LOGGING01', userId: 'U0LOGGING01' };
const CONSUMER_SECRET = 'logging-test-consumer-secret';
const REDIS_PASSWORD = 'logging-test-redis-password';

describe('logs of the built app', () => {
  let slack: FakeSlack;
  let bitbucket: FakeBitbucket;
  let redis: TestRedisServer;
  let driver: SlackDriver;
  let grace: FakeUser;

  beforeAll(async () => {
    slack = await startFakeSlack();
    bitbucket = await startFakeBitbucket();
    redis = await startTestRedisServer({ password: REDIS_PASSWORD });
    driver = createSlackDriver({ slack, bitbucket, signingSecret: PROCESS_SIGNING_SECRET });

    grace = bitbucket.addUser({ display_name: 'Grace Hopper', nickname: 'grace' });
    const workspace = bitbucket.addWorkspace({ slug: 'navy' });
    bitbucket.addMember(workspace, grace);
    bitbucket.addRepository(workspace, { slug: 'cobol', files: { 'README.md': 'hello' } });
    bitbucket.addCommit(workspace, 'cobol', { branch: 'feature/compiler', files: { 'a.cbl': 'x' } });
    bitbucket.addPullRequest(workspace, 'cobol', { title: 'Add the compiler', source: 'feature/compiler', author: grace });
  });

  afterAll(async () => {
    await slack.close();
    await bitbucket.close();
    await redis.stop();
  });

  /** Starts an app process on the test's own Redis, with connect enabled; `env` overrides. */
  async function startLoggingApp(env: Record<string, string | undefined>): Promise<AppProcess> {
    const { port, url } = await reservePort();
    const client = { clientId: `logging-${port}`, clientSecret: CONSUMER_SECRET };
    bitbucket.registerOAuthClient({ ...client, callbackUrl: `${url}/bitbucket/oauth/callback` });
    const base = buildAppEnvironment({
      port,
      slackApiUrl: slack.apiUrl,
      bitbucketApiUrl: bitbucket.apiUrl,
      bitbucketOAuthUrl: bitbucket.oauthUrl,
      bitbucketClient: client,
      redisUrl: redis.url,
      storeNamespace: createTestNamespace('logging'),
    });
    const merged = Object.entries({ ...base, ...env }).filter((entry): entry is [string, string] => entry[1] !== undefined);
    return startAppProcess({ env: Object.fromEntries(merged) });
  }

  it('writes JSON lines in production', async () => {
    const app = await startLoggingApp({ NODE_ENV: 'production', LOG_FORMAT: undefined });
    await app.stop();

    expect(app.output.length).toBeGreaterThan(0);
    for (const line of app.output) {
      const record = JSON.parse(line) as Record<string, unknown>;
      expect(typeof record.level).toBe('string');
      expect(typeof record.time).toBe('number');
      expect(typeof record.msg).toBe('string');
    }
    expect(app.logs().map((record) => record.msg)).toContain('bitbucket-slack is listening');
  });

  it('writes readable lines in development', async () => {
    const app = await startLoggingApp({ NODE_ENV: 'development', LOG_FORMAT: undefined });
    await app.stop();
    const lines = app.output.map((line) => stripVTControlCharacters(line));

    expect(app.logs()).toEqual([]);
    const listening = lines.find((line) => line.includes('bitbucket-slack is listening'));
    expect(listening).toBeDefined();
    expect(listening).toContain('INFO');
    // Standard output is a pipe here, as when it is redirected to a file, so no colour codes.
    expect(app.output.join('\n')).toBe(lines.join('\n'));
  });

  it('logs a failed command once with its ids', async () => {
    const app = await startLoggingApp({ LOG_LEVEL: 'info' });
    try {
      await driver.connect(app.url, GRACE, grace);
      const before = app.logs().length;
      bitbucket.inject({
        kind: 'status',
        status: 403,
        method: 'GET',
        path: '/repositories/navy/cobol/pullrequests',
        headers: { 'x-request-id': 'bb-request-4031' },
      });

      const command = await driver.command(app.url, GRACE, 'prs navy/cobol');
      await driver.replyTo(command.responseUrlId);
      await app.stop();

      const errors = app.logs().slice(before).filter((record) => record.err !== undefined);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ slackTeamId: GRACE.teamId, slackUserId: GRACE.userId, bitbucketRequestId: 'bb-request-4031' });
    } finally {
      await app.stop();
    }
  });

  it.each([
    { failure: 'a rejected bot token', slackAnswers: true, expected: 'invalid_auth' },
    { failure: 'an unreachable Slack', slackAnswers: false, expected: 'A request error occurred' },
  ])('stops with one fatal record on $failure', async ({ slackAnswers, expected }) => {
    const { port } = await reservePort();
    const closed = await reservePort();
    const failingSlack = await startFakeSlack();
    failingSlack.failWith('auth.test', 'invalid_auth');
    // Nothing listens on the reserved port, so every Web API call fails to connect.
    const slackApiUrl = slackAnswers ? failingSlack.apiUrl : `${closed.url}/api/`;
    const dataDir = mkdtempSync(path.join(tmpdir(), 'bbslack-fatal-'));
    const env: Record<string, string> = {
      ...buildAppEnvironment({ port, slackApiUrl, bitbucketApiUrl: bitbucket.apiUrl, bitbucketOAuthUrl: bitbucket.oauthUrl }),
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
    };
    delete env.LOG_FORMAT;

    const child = spawn(process.execPath, [APP_ENTRY], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    await failingSlack.close();
    rmSync(dataDir, { recursive: true, force: true });

    expect(code).toBe(1);
    const lines = output.split('\n').filter((line) => line.trim() !== '');
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const fatal = records.filter((record) => record.level === 'fatal');
    expect(fatal).toHaveLength(1);
    expect(fatal[0]!.msg).toContain('SLACK_BOT_TOKEN');
    expect(JSON.stringify(fatal[0])).toContain(expected);
    expect(output).not.toContain(PROCESS_BOT_TOKEN);
  });

  it('keeps every secret out of debug logs', async () => {
    const encryptionKey = randomBytes(32).toString('base64');
    const app = await startLoggingApp({ LOG_LEVEL: 'debug', TOKEN_ENCRYPTION_KEY: encryptionKey });
    try {
      await driver.connect(app.url, GRACE, grace);
      const listed = await driver.command(app.url, GRACE, 'prs navy/cobol');
      expect(readMessageText((await driver.replyTo(listed.responseUrlId)).body)).toContain('Add the compiler');

      bitbucket.expireAccessTokens(grace);
      const refreshed = await driver.command(app.url, GRACE, 'prs navy/cobol');
      expect(readMessageText((await driver.replyTo(refreshed.responseUrlId)).body)).toContain('Add the compiler');

      const failed = await driver.command(app.url, GRACE, 'prs navy/missing');
      await driver.replyTo(failed.responseUrlId);
    } finally {
      await app.stop();
    }

    const secrets = new Map<string, string>([
      ['signing secret', PROCESS_SIGNING_SECRET],
      ['bot token', PROCESS_BOT_TOKEN],
      ['consumer secret', CONSUMER_SECRET],
      ['Redis password', REDIS_PASSWORD],
      ['token encryption key', encryptionKey],
    ]);
    for (const token of bitbucket.state.accessTokens.keys()) secrets.set(`access token ${token.slice(0, 4)}…`, token);
    for (const token of bitbucket.state.refreshTokens.keys()) secrets.set(`refresh token ${token.slice(0, 4)}…`, token);
    for (const code of bitbucket.state.authorizationCodes.keys()) secrets.set(`authorization code ${code.slice(0, 4)}…`, code);
    expect(bitbucket.statsFor(grace).refreshes).toBeGreaterThan(0);
    expect(app.logs().filter((record) => record.level === 'debug').length).toBeGreaterThan(0);

    const output = app.output.join('\n');
    for (const [name, secret] of secrets) {
      expect(output.includes(secret), `the ${name} appears in the log`).toBe(false);
    }
  });
});
