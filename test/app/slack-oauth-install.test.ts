import { afterEach, describe, expect, it } from 'vitest';

import { installationKey, toRedisKey } from '../../src/connections/keys.js';
import { SLACK_BOT_SCOPES } from '../../src/slack/create-bolt-app.js';
import { findButtonUrl, readMessageText, startTestApp, type TestApp } from '../support/app-harness.js';
import { expectValidMessage } from '../support/block-kit-schema.js';
import { seedAcme } from '../support/command-fixtures.js';
import { openAuthorizeUrl, postConfirm } from '../support/connections-test-app.js';
import { RESPONSE_URL_METHOD } from '../support/fake-slack.js';
import { INSTALLED_BOT_TOKEN, INSTALLED_TEAM } from '../support/fake-slack-methods.js';
import { createTestNamespace, deleteTestNamespaces, openRawRedisClient } from '../support/redis-test-namespace.js';

const SLACK_CLIENT_ID = '4417752063361.4417797164609';
const SLACK_CLIENT_SECRET = 'slack-oauth-test-client-secret';
const SLACK_STATE_SECRET = 'slack-oauth-test-state-secret';
const STATE_COOKIE = 'slack-app-oauth-state';
const SECOND_TEAM_USER_ID = 'U04C2MNBU0V';

describe('Slack OAuth installs', () => {
  let testApp: TestApp | undefined;
  const namespaces: string[] = [];

  afterEach(async () => {
    testApp?.slack.clearOverrides();
    await testApp?.stop();
    testApp?.bitbucket.assertRequestsValid();
    testApp = undefined;
    await deleteTestNamespaces(namespaces.splice(0));
  });

  async function startOAuthApp(): Promise<{ app: TestApp; namespace: string }> {
    const namespace = createTestNamespace('slack-oauth');
    namespaces.push(namespace);
    const app = await startTestApp({
      storeNamespace: namespace,
      env: {
        SLACK_BOT_TOKEN: undefined,
        SLACK_CLIENT_ID,
        SLACK_CLIENT_SECRET,
        SLACK_STATE_SECRET,
      },
    });
    testApp = app;
    return { app, namespace };
  }

  /** Plays the browser: /slack/install, then Slack's redirect back with a code and the state cookie. */
  async function installThroughBrowser(app: TestApp): Promise<Response> {
    const install = await fetch(`${app.url}/slack/install`, { redirect: 'manual' });
    const state = new URL(install.headers.get('location') ?? '').searchParams.get('state') ?? '';
    const cookie = readStateCookie(install);
    return fetch(`${app.url}/slack/oauth_redirect?code=install-code-1&state=${encodeURIComponent(state)}`, {
      headers: { cookie: `${STATE_COOKIE}=${cookie}` },
      redirect: 'manual',
    });
  }

  it('redirects /slack/install to Slack with a state cookie', async () => {
    const { app } = await startOAuthApp();

    const response = await fetch(`${app.url}/slack/install`, { redirect: 'manual' });

    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe('https://slack.com/oauth/v2/authorize');
    expect(location.searchParams.get('client_id')).toBe(SLACK_CLIENT_ID);
    expect(location.searchParams.get('scope')).toBe(SLACK_BOT_SCOPES.join(','));
    expect(SLACK_BOT_SCOPES).toContain('commands');
    expect(location.searchParams.get('redirect_uri')).toBe(`${app.url}/slack/oauth_redirect`);
    const state = location.searchParams.get('state');
    expect(state).toBeTruthy();
    expect(readStateCookie(response)).toBe(state);
  });

  it('rejects a callback without the state cookie', async () => {
    const { app } = await startOAuthApp();
    const install = await fetch(`${app.url}/slack/install`, { redirect: 'manual' });
    const state = new URL(install.headers.get('location') ?? '').searchParams.get('state') ?? '';

    const callback = await fetch(`${app.url}/slack/oauth_redirect?code=install-code-1&state=${encodeURIComponent(state)}`, {
      redirect: 'manual',
    });

    expect(callback.status).toBe(400);
    expect(app.slack.callsTo('oauth.v2.access')).toHaveLength(0);
  });

  it('stores the installation of a second team', async () => {
    const { app, namespace } = await startOAuthApp();

    const callback = await installThroughBrowser(app);

    expect(callback.status).toBe(200);
    const exchange = app.slack.callsTo('oauth.v2.access');
    expect(exchange).toHaveLength(1);
    expect(exchange[0]?.body.code).toBe('install-code-1');
    expect(exchange[0]?.body.client_id).toBe(SLACK_CLIENT_ID);
    const redis = await openRawRedisClient();
    try {
      const keys = await redis.keys(`${namespace}::*`);
      expect(keys).toEqual([toRedisKey(namespace, installationKey(INSTALLED_TEAM.id))]);
      const raw = await redis.get(keys[0]!);
      expect(raw).not.toContain('xoxb-');
      expect(raw).not.toContain(INSTALLED_TEAM.id);
    } finally {
      redis.destroy();
    }
  });

  it('runs commands of the installed team with its bot token', async () => {
    const { app } = await startOAuthApp();
    await installThroughBrowser(app);
    const world = seedAcme(app.bitbucket);
    app.bitbucket.setAuthorizingUser(world.ada);
    const fromSecondTeam = { team_id: INSTALLED_TEAM.id, team_domain: INSTALLED_TEAM.name, user_id: SECOND_TEAM_USER_ID };

    const connect = await app.command('connect', fromSecondTeam);
    expect(connect.status).toBe(200);
    const prompt = await app.replyTo(connect.responseUrlId);
    expectValidMessage(prompt.body);
    const page = await openAuthorizeUrl(findButtonUrl(prompt.body)!);
    // With the response_url gone, the "connected" notice and the announcement go out as direct
    // messages, through the Web API with the installed team's bot token.
    app.slack.respondWith(RESPONSE_URL_METHOD, { status: 404, body: { ok: false, error: 'expired_url' } });
    await postConfirm(app.url, { state: page.form!.state, csrf_token: page.form!.csrfToken });

    const connectedNotice = await app.slack.waitFor('chat.postMessage', 5_000);
    expectValidMessage(connectedNotice.body);
    expect(connectedNotice.token).toBe(INSTALLED_BOT_TOKEN);
    expect(connectedNotice.body.channel).toBe(SECOND_TEAM_USER_ID);
    expect(readMessageText(connectedNotice.body)).toContain('Connected as');

    await app.command('branch create acme/api feature/second-team', fromSecondTeam);
    const announcement = await app.slack.waitFor(
      (call) => call.method === 'chat.postMessage' && readMessageText(call.body).includes('created branch'),
      5_000,
    );
    expectValidMessage(announcement.body);
    expect(announcement.token).toBe(INSTALLED_BOT_TOKEN);
    expect(world.api.branches.get('feature/second-team')).toBe(world.mainHash);
  });

  it('tells a team that never installed the app how to', async () => {
    const { app } = await startOAuthApp();
    await installThroughBrowser(app);

    const response = await app.command('help', { team_id: 'T04D9ZZ1X2Y', user_id: 'U04D9ZZ2Y3Z' });

    // Bolt 5.1 acks a request it cannot authorize and calls no listener; the error handler replies.
    expect(response.status).toBe(200);
    const reply = await app.replyTo(response.responseUrlId);
    expect(readMessageText(reply.body)).toContain('has not installed the Bitbucket app');
    expect(readMessageText(reply.body)).toContain(`${app.url}/slack/install`);
    const logged = app.logs.filter((line) => JSON.stringify(line).includes('No Slack installation found for team T04D9ZZ1X2Y'));
    expect(logged.length).toBeGreaterThan(0);
  });
});

function readStateCookie(response: Response): string | undefined {
  const cookies = response.headers.getSetCookie();
  const cookie = cookies.find((value) => value.startsWith(`${STATE_COOKIE}=`));
  return cookie?.split(';')[0]?.slice(STATE_COOKIE.length + 1);
}
