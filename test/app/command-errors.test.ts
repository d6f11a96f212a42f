import { afterEach, describe, expect, it } from 'vitest';

import {
  OAUTH_CLIENT_ID,
  OAUTH_CLIENT_SECRET,
  readMessageText,
  startTestApp,
  TEST_TEAM_ID,
  TEST_USER_ID,
  type TestApp,
  type TestAppOptions,
} from '../support/app-harness.js';
import { expectValidMessage } from '../support/block-kit-schema.js';
import { seedAcme, type AcmeWorld } from '../support/command-fixtures.js';
import { startTestRedisServer, type TestRedisServer } from '../support/redis-server.js';

describe('command errors end to end', () => {
  let testApp: TestApp | undefined;
  let redis: TestRedisServer | undefined;

  afterEach(async () => {
    await redis?.start().catch(() => undefined);
    await testApp?.stop();
    await redis?.stop();
    testApp?.bitbucket.assertRequestsValid();
    testApp = undefined;
    redis = undefined;
  });

  /** Starts the app with Ada connected; `scopes` restricts what the OAuth consumer grants her token. */
  async function startConnected(options: TestAppOptions & { scopes?: string[] } = {}): Promise<{ app: TestApp; world: AcmeWorld }> {
    const app = await startTestApp(options);
    testApp = app;
    const world = seedAcme(app.bitbucket);
    if (options.scopes !== undefined) {
      app.bitbucket.registerOAuthClient({
        clientId: OAUTH_CLIENT_ID,
        clientSecret: OAUTH_CLIENT_SECRET,
        callbackUrl: `${app.url}/bitbucket/oauth/callback`,
        scopes: options.scopes,
      });
    }
    await app.connect(world.ada);
    return { app, world };
  }

  /** Sends a command and returns the text of its one reply, which must be a valid ephemeral message. */
  async function readReply(app: TestApp, text: string, timeoutMs = 5_000): Promise<string> {
    const { status, responseUrlId } = await app.command(text);
    expect(status).toBe(200);
    const reply = await app.replyTo(responseUrlId, 0, timeoutMs);
    expectValidMessage(reply.body);
    expect(reply.body.response_type).toBe('ephemeral');
    return readMessageText(reply.body);
  }

  it('names a missing Bitbucket scope', async () => {
    const { app } = await startConnected({ scopes: ['account', 'repository', 'pullrequest'] });

    const text = await readReply(app, 'snippet acme kypj');

    expect(text).toContain('Bitbucket denied access because the app lacks the scope `snippet`.');
    expect(text).toContain('Reconnect Bitbucket');
  });

  it('names a repository that does not exist', async () => {
    const { app } = await startConnected();

    const text = await readReply(app, 'prs acme/nope');

    expect(text).toContain('Bitbucket found no repository acme/nope');
  });

  it('explains that Bitbucket removed Issues', async () => {
    const { app } = await startConnected();

    const text = await readReply(app, 'issue comment acme/api 1 Still broken');

    expect(text).toContain('Bitbucket Cloud removed Issues, and their API, on 2026-08-20.');
    expect(text).not.toContain('found no repository');
  });

  it('explains a repository without an issue tracker', async () => {
    const { app } = await startConnected();
    app.bitbucket.setIssuesRemoved(false);

    const text = await readReply(app, 'issue comment acme/api 1 Still broken');

    expect(text).toContain('The repository acme/api has no issue tracker.');
  });

  it('says when to retry after a rate limit', async () => {
    const { app } = await startConnected();
    app.bitbucket.inject({ kind: 'status', status: 429, headers: { 'retry-after': '120' }, path: '/repositories/acme/api/pullrequests' });

    const text = await readReply(app, 'prs acme/api');

    expect(text).toContain("Bitbucket's rate limit is used up for now.");
    expect(text).toContain('Try again in 2 minutes.');
  });

  it('reports a Bitbucket that does not respond', async () => {
    const { app } = await startConnected({ env: { BITBUCKET_TIMEOUT_MS: '500' } });
    app.bitbucket.inject({ kind: 'hang', path: '/repositories/acme/api/pullrequests' });

    const text = await readReply(app, 'prs acme/api');

    expect(text).toContain('Bitbucket did not respond in time.');
    expect(text).toContain('Try again in a few minutes.');
  });

  it('reports a Bitbucket that is down', async () => {
    const { app } = await startConnected();
    app.bitbucket.inject({ kind: 'status', status: 503, path: '/repositories/acme/api/pullrequests', times: Infinity });

    const text = await readReply(app, 'prs acme/api');

    expect(text).toContain('Bitbucket failed with HTTP 503.');
    expect(text).toContain("Bitbucket's status page");
  });

  it('shows the field messages Bitbucket sends', async () => {
    const { app } = await startConnected();

    const text = await readReply(app, 'branch create acme/api feature/login');

    expect(text).toContain('Bitbucket rejected the request.');
    expect(text).toContain('*name*: Branch "feature/login" already exists.');
  });

  it('reports unavailable storage', async () => {
    redis = await startTestRedisServer();
    const { app } = await startConnected({ env: { REDIS_URL: redis.url } });
    await redis.stop();

    const text = await readReply(app, 'prs acme/api');

    expect(text).toContain("The app's storage is unavailable, so nothing was read or changed.");
    expect(text).toContain('REDIS_URL');
  });

  it('shows and logs the reference of an unexpected error', async () => {
    const { app } = await startConnected();
    // A page holding null where a pull request belongs breaks the renderer: a bug, not a Bitbucket error.
    app.bitbucket.inject({ kind: 'status', status: 200, body: { pagelen: 10, values: [null] }, path: '/repositories/acme/api/pullrequests' });

    const text = await readReply(app, 'prs acme/api');

    expect(text).toContain('Something went wrong in the app, so the command did not finish.');
    const referenceId = /reference `([0-9a-f]{8})`/.exec(text)?.[1];
    expect(referenceId).toBeDefined();
    const logLine = app.logs.find((line) => line.referenceId === referenceId);
    expect(logLine?.level).toBe('error');
    expect(logLine?.slackTeamId).toBe(TEST_TEAM_ID);
    expect(logLine?.slackUserId).toBe(TEST_USER_ID);
    expect(logLine?.err).toBeDefined();
  });
});
