import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ACTION_IDS, BLOCK_IDS } from '../../src/slack/ids.js';
import { findButtonUrl, readMessageText, startTestApp, TEST_USER_ID, type TestApp } from '../support/app-harness.js';
import { expectValidMessage } from '../support/block-kit-schema.js';
import { seedAcme, type AcmeWorld } from '../support/command-fixtures.js';
import { openAuthorizeUrl, postConfirm } from '../support/connections-test-app.js';
import type { RecordedSlackCall } from '../support/fake-slack.js';
import { buildBlockActions } from '../support/slack-request.js';

describe('account commands', () => {
  let testApp: TestApp;
  let world: AcmeWorld;

  beforeEach(async () => {
    testApp = await startTestApp();
    world = seedAcme(testApp.bitbucket);
  });

  afterEach(async () => {
    await testApp.stop();
    testApp.bitbucket.assertRequestsValid();
  });

  /** Sends a command as `userId` and returns its first reply, checked against Block Kit's limits. */
  async function run(text: string, userId = TEST_USER_ID): Promise<RecordedSlackCall> {
    const { status, responseUrlId } = await testApp.command(text, { user_id: userId });
    expect(status).toBe(200);
    const reply = await testApp.replyTo(responseUrlId);
    expectValidMessage(reply.body);
    return reply;
  }

  /** Makes Bitbucket reject Ada's access token and her refresh token, as after she revoked the app. */
  function revokeAdaTokens(): void {
    testApp.bitbucket.expireAccessTokens(world.ada);
    testApp.bitbucket.inject({
      kind: 'status',
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Invalid refresh_token' },
      path: '/site/oauth2/access_token',
      times: Infinity,
    });
  }

  it('replaces the account on connect while connected', async () => {
    await testApp.connect(world.ada);
    const grace = testApp.bitbucket.addUser({ display_name: 'Grace Hopper', nickname: 'grace' });

    await testApp.connect(grace);

    const text = readMessageText((await run('whoami')).body);
    expect(text).toContain('Grace Hopper');
    expect(text).not.toContain('Ada Lovelace');
  });

  it('says when disconnect finds no connection', async () => {
    await testApp.connect(world.ada);
    const first = readMessageText((await run('disconnect')).body);

    const second = readMessageText((await run('disconnect')).body);

    expect(first).toContain('Disconnected *Ada Lovelace*');
    expect(second).toContain('No Bitbucket account was connected');
    expect(second).not.toContain('deleted');
  });

  it('reports a revoked connection in whoami', async () => {
    await testApp.connect(world.ada);
    revokeAdaTokens();

    const reply = await run('whoami');

    const text = readMessageText(reply.body);
    expect(text).toContain('no longer works');
    expect(text).toContain('Ada Lovelace');
    expect(text).toContain('Reconnect Bitbucket');
    expect(text).not.toContain('is connected to Bitbucket as');

    const clicked = await testApp.interact(
      buildBlockActions({
        response_url: testApp.slack.responseUrl('reconnect-click'),
        actions: [{ action_id: ACTION_IDS.connect, block_id: BLOCK_IDS.message.connect, type: 'button', action_ts: '1700000000.000100' }],
      }),
    );
    expect(clicked.status).toBe(200);
    const prompt = await testApp.replyTo('reconnect-click');
    expect(findButtonUrl(prompt.body)).toContain('/site/oauth2/authorize');
  });

  it('reports a connection known broken in whoami', async () => {
    await testApp.connect(world.ada);
    revokeAdaTokens();
    const failed = readMessageText((await run('prs acme/api')).body);
    expect(failed).toContain('Your Bitbucket connection no longer works.');

    const text = readMessageText((await run('whoami')).body);

    expect(text).toContain('no longer works');
    expect(text).toContain('Ada Lovelace');
    expect(text).not.toContain('has no Bitbucket connection');
  });

  it('shows the stored account when Bitbucket is down', async () => {
    await testApp.connect(world.ada);
    testApp.bitbucket.inject({ kind: 'status', status: 503, path: '/user', times: Infinity });

    const text = readMessageText((await run('whoami')).body);

    expect(text).toContain('is connected to Bitbucket as *Ada Lovelace*');
  });

  it('shows the current account name in whoami', async () => {
    await testApp.connect(world.ada);
    world.ada.display_name = 'Ada King';

    const text = readMessageText((await run('whoami')).body);

    expect(text).toContain('Ada King');
  });

  it('links two users connecting at once', async () => {
    const grace = testApp.bitbucket.addUser({ display_name: 'Grace Hopper', nickname: 'grace' });
    const [adaPrompt, gracePrompt] = await Promise.all([run('connect', 'U0ADA000001'), run('connect', 'U0GRACE0001')]);

    testApp.bitbucket.setAuthorizingUser(world.ada);
    const adaPage = await openAuthorizeUrl(findButtonUrl(adaPrompt.body)!);
    testApp.bitbucket.setAuthorizingUser(grace);
    const gracePage = await openAuthorizeUrl(findButtonUrl(gracePrompt.body)!);
    const confirmed = await Promise.all([
      postConfirm(testApp.url, { state: adaPage.form!.state, csrf_token: adaPage.form!.csrfToken }),
      postConfirm(testApp.url, { state: gracePage.form!.state, csrf_token: gracePage.form!.csrfToken }),
    ]);

    expect(confirmed.map((response) => response.status)).toEqual([200, 200]);
    expect(readMessageText((await run('whoami', 'U0ADA000001')).body)).toContain('Ada Lovelace');
    expect(readMessageText((await run('whoami', 'U0GRACE0001')).body)).toContain('Grace Hopper');
  });

  it('names both sides when a connect link is forwarded', async () => {
    const mallory = testApp.bitbucket.addUser({ display_name: 'Mallory Jones', nickname: 'mallory' });
    const prompt = await run('prs acme/api');

    testApp.bitbucket.setAuthorizingUser(mallory);
    const page = await openAuthorizeUrl(findButtonUrl(prompt.body)!);

    expect(page.html).toContain(TEST_USER_ID);
    expect(page.html).toContain('Mallory Jones');
    expect(page.html).toContain('nothing is linked until you press Connect');
    expect(readMessageText((await run('whoami')).body)).toContain('has no Bitbucket connection');
  });

  it('keeps the connect prompt for a long command', async () => {
    const comment = `Still broken ${'after the last deploy '.repeat(180)}`;
    testApp.bitbucket.setAuthorizingUser(world.ada);
    const { responseUrlId } = await testApp.command(`snippet comment acme ${world.snippetId} ${comment}`);

    const prompt = await testApp.replyTo(responseUrlId);
    expectValidMessage(prompt.body);
    expect(readMessageText(prompt.body)).toContain('connect your Bitbucket account first');

    const page = await openAuthorizeUrl(findButtonUrl(prompt.body)!);
    await postConfirm(testApp.url, { state: page.form!.state, csrf_token: page.form!.csrfToken });
    const connected = await testApp.replyTo(responseUrlId, 1);
    expectValidMessage(connected.body);
    expect(readMessageText(connected.body)).toContain('Run `/bitbucket disconnect` at any time');
    const result = await testApp.replyTo(responseUrlId, 2);
    expect(readMessageText(result.body)).toContain('commented on snippet');
  });
});
