import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { readMessageText, startTestApp, type TestApp } from '../support/app-harness.js';

describe('slash command end to end', () => {
  let testApp: TestApp;

  beforeEach(async () => {
    testApp = await startTestApp();
  });

  afterEach(async () => {
    await testApp.stop();
    testApp.bitbucket.assertRequestsValid();
  });

  it('connects on first use, then runs the typed command', async () => {
    const { bitbucket } = testApp;
    const ada = bitbucket.addUser({ display_name: 'Ada Lovelace', nickname: 'ada' });
    const workspace = bitbucket.addWorkspace({ slug: 'acme' });
    bitbucket.addMember(workspace, ada);
    bitbucket.addRepository(workspace, { slug: 'api', files: { 'README.md': 'hello' } });
    bitbucket.addCommit(workspace, 'api', { branch: 'feature/login', files: { 'login.ts': 'export {}' } });
    bitbucket.addPullRequest(workspace, 'api', { title: 'Add login', source: 'feature/login', author: ada });
    bitbucket.setAuthorizingUser(ada);

    const first = await testApp.command('prs acme/api');
    expect(first.status).toBe(200);
    const prompt = await testApp.replyTo(first.responseUrlId);
    expect(readMessageText(prompt.body)).toContain('connect your Bitbucket account first');

    const { openAuthorizeUrl, postConfirm } = await import('../support/connections-test-app.js');
    const { findButtonUrl } = await import('../support/app-harness.js');
    const page = await openAuthorizeUrl(findButtonUrl(prompt.body)!);
    expect(page.html).toContain('Ada Lovelace');
    const confirmed = await postConfirm(testApp.url, { state: page.form!.state, csrf_token: page.form!.csrfToken });
    expect(confirmed.status).toBe(200);

    const connected = await testApp.replyTo(first.responseUrlId, 1);
    expect(readMessageText(connected.body)).toContain('Connected as');
    const list = await testApp.replyTo(first.responseUrlId, 2);
    expect(readMessageText(list.body)).toContain('Add login');
    expect(readMessageText(list.body)).toContain('feature/login');
  });

  it('rejects a stale signature with 401', async () => {
    const response = await testApp.command('help', {}, { stale: true });

    expect(response.status).toBe(401);
  });

  it('rejects a tampered body with 401', async () => {
    const response = await testApp.command('help', {}, { tamper: true });

    expect(response.status).toBe(401);
  });

  it('answers help without a connection', async () => {
    const { responseUrlId } = await testApp.command('help');

    const reply = await testApp.replyTo(responseUrlId);
    expect(readMessageText(reply.body)).toContain('prs');
    expect(reply.body.response_type).toBe('ephemeral');
  });
});
