import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { cacheKey } from '../../../src/connections/keys.js';
import { BLOCK_IDS, VIEW_IDS } from '../../../src/slack/ids.js';
import { findButtonUrl, readMessageText, startTestApp, TEST_CHANNEL_ID, TEST_TEAM_ID, TEST_USER_ID, type TestApp } from '../../support/app-harness.js';
import { expectValidMessage, expectValidView } from '../../support/block-kit-schema.js';
import { openAuthorizeUrl, postConfirm } from '../../support/connections-test-app.js';
import type { FakeUser } from '../../support/fake-bitbucket/index.js';
import {
  blockIdIn,
  expectEverySurfaceValid,
  buildState,
  findBlock,
  listSentViews,
  pickOption,
  readViewText,
  state,
  submitView,
  suggestOptions,
  waitForView,
  type SentView,
} from '../../support/modal-driver.js';

const ids = BLOCK_IDS.pullRequest;
const LONG_BRANCH = `feature/${'very-long-branch-name-'.repeat(5)}end`;

describe('pull request modal', () => {
  let testApp: TestApp;
  let ada: FakeUser;
  let grace: FakeUser;

  beforeEach(async () => {
    testApp = await startTestApp();
    const { bitbucket } = testApp;
    ada = bitbucket.addUser({ display_name: 'Ada Lovelace', nickname: 'ada' });
    grace = bitbucket.addUser({ display_name: 'Grace Hopper', nickname: 'grace' });
    const workspace = bitbucket.addWorkspace({ slug: 'acme' });
    bitbucket.addMember(workspace, ada);
    bitbucket.addMember(workspace, grace);
    bitbucket.addRepository(workspace, { slug: 'api', files: { 'README.md': '# API' } });
    bitbucket.addRepository(workspace, { slug: 'web', files: { 'README.md': '# Web' } });
    bitbucket.addCommit(workspace, 'api', { branch: 'feature/login-page', files: { 'login.ts': 'export {}' } });
    bitbucket.addCommit(workspace, 'api', { branch: LONG_BRANCH, files: { 'long.ts': 'export {}' } });
    await testApp.connect(ada);
  });

  afterEach(async () => {
    await testApp.stop();
    testApp.bitbucket.assertRequestsValid();
    expectEverySurfaceValid(testApp);
  });

  /** Opens the form through the slash command and returns it once the defaults arrived. */
  async function openForm(text: string): Promise<SentView> {
    const { status } = await testApp.command(text);
    expect(status).toBe(200);
    return waitForView(testApp, (view) => view.method === 'views.update' && view.callback_id === VIEW_IDS.pullRequest);
  }

  function fillForm(view: SentView, overrides: Record<string, Record<string, unknown>> = {}) {
    return buildState(view, {
      [ids.repository]: state.select('acme/api'),
      [ids.sourceBranch]: state.select('feature/login-page'),
      [ids.destinationBranch]: state.select('main'),
      [ids.title]: state.text('Login page'),
      [ids.description]: state.text('Adds the login page.'),
      [ids.reviewers]: state.multiSelect([]),
      [ids.closeSourceBranch]: state.checkboxes([]),
      ...overrides,
    });
  }

  function pullRequestPosts() {
    return testApp.bitbucket.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/pullrequests'));
  }

  it('opens prefilled from the command', async () => {
    const form = await openForm('pr create acme/api feature/login-page');

    const opened = listSentViews(testApp).find((view) => view.method === 'views.open');
    expect(opened?.callback_id).toBe(VIEW_IDS.pullRequest);
    const destination = findBlock(form, ids.destinationBranch)?.['element'] as { initial_option?: { value: string } };
    expect(destination.initial_option?.value).toBe('main');
    const title = findBlock(form, ids.title)?.['element'] as { initial_value?: string };
    expect(title.initial_value).toBe('Login page');
    for (const view of listSentViews(testApp)) expectValidView(stripIds(view));
  });

  it('opens the form before any Bitbucket request', async () => {
    const before = testApp.bitbucket.requests.length;
    await openForm('pr create acme/api feature/login-page');

    const openCall = testApp.slack.callsTo('views.open')[0];
    const firstBitbucket = testApp.bitbucket.requests[before];
    expect(openCall).toBeDefined();
    expect(firstBitbucket).toBeDefined();
    expect(openCall!.receivedAt).toBeLessThanOrEqual(firstBitbucket!.receivedAt);
  });

  it('lists repositories as the user types', async () => {
    const form = await openForm('pr create');

    const result = await suggestOptions(testApp, form, ids.repository, 'ap');

    expect(result.status).toBe(200);
    expect(result.options.map((option) => option.value)).toEqual(['acme/api']);
  });

  it('serves the second keystroke from the cache', async () => {
    const form = await openForm('pr create');
    await suggestOptions(testApp, form, ids.repository, 'a');
    const requestsAfterFirst = testApp.bitbucket.requests.length;

    const second = await suggestOptions(testApp, form, ids.repository, 'we');

    expect(second.options.map((option) => option.value)).toEqual(['acme/web']);
    expect(testApp.bitbucket.requests.length).toBe(requestsAfterFirst);
    const cached = await testApp.app.store.get(cacheKey('options', TEST_TEAM_ID, TEST_USER_ID, 'repositories', 'acme'));
    expect(cached).toMatchObject({ truncated: false });
  });

  it('answers a slow Bitbucket with a hint in time', async () => {
    const form = await openForm('pr create');
    testApp.bitbucket.inject({ kind: 'delay', ms: 2_600, method: 'GET', path: '/repositories/acme' });

    const slow = await suggestOptions(testApp, form, ids.repository, 'api');

    expect(slow.elapsedMs).toBeLessThan(3_000);
    expect(slow.options).toHaveLength(1);
    expect(slow.options[0]?.text.text).toContain('Keep typing');

    // The list kept loading in the background, so the next keystroke is served from the cache.
    await waitUntil(() => testApp.bitbucket.requests.some((request) => request.path === '/2.0/repositories/acme' && request.status === 200));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const requestsBefore = testApp.bitbucket.requests.length;
    const next = await suggestOptions(testApp, form, ids.repository, 'api');
    expect(next.options.map((option) => option.value)).toEqual(['acme/api']);
    expect(testApp.bitbucket.requests.length).toBe(requestsBefore);
  });

  it('keys branch names over 75 characters', async () => {
    const form = await openForm('pr create acme/api');
    const values = buildState(form, { [ids.repository]: state.select('acme/api') });

    const result = await suggestOptions(testApp, form, ids.sourceBranch, 'very-long', values);

    const option = result.options.find((candidate) => candidate.text.text.startsWith('feature/very-long'));
    expect(option).toBeDefined();
    expect(option!.text.text.length).toBeLessThanOrEqual(75);
    expect(option!.value.length).toBeLessThanOrEqual(75);
    expect(option!.value).not.toBe(LONG_BRANCH);

    const submitted = await submitView(
      testApp,
      form,
      fillForm(form, { [ids.sourceBranch]: state.select(option!.value, option!.text.text), [ids.title]: state.text('Long one') }),
    );
    expect(submitted.ack).toEqual({});
    const post = pullRequestPosts()[0];
    expect((post?.body as { source: { branch: { name: string } } }).source.branch.name).toBe(LONG_BRANCH);
  });

  it('rejects the same source and destination', async () => {
    const form = await openForm('pr create acme/api');

    const submitted = await submitView(testApp, form, fillForm(form, { [ids.destinationBranch]: state.select('feature/login-page') }));

    expect(submitted.ack['response_action']).toBe('errors');
    const errors = submitted.ack['errors'] as Record<string, string>;
    expect(errors[blockIdIn(form, ids.destinationBranch)]).toContain('another branch');
    expect(pullRequestPosts()).toHaveLength(0);
  });

  it('rejects a blank title', async () => {
    const form = await openForm('pr create acme/api');

    const submitted = await submitView(testApp, form, fillForm(form, { [ids.title]: state.text('   ') }));

    const errors = submitted.ack['errors'] as Record<string, string>;
    expect(errors[blockIdIn(form, ids.title)]).toBe('Enter a title.');
    expect(pullRequestPosts()).toHaveLength(0);
  });

  it('shows no changes under the source branch', async () => {
    const mainHash = testApp.bitbucket.addCommit('acme', 'api', { branch: 'main', files: { 'CHANGELOG.md': '1.0' } });
    await createBranchOnBitbucket(testApp, ada, 'release', mainHash);
    const form = await openForm('pr create acme/api');

    const submitted = await submitView(testApp, form, fillForm(form, { [ids.sourceBranch]: state.select('release') }));

    // Bitbucket refuses: release points at the same commit as main.
    expect(submitted.ack['response_action']).toBe('errors');
    const errors = submitted.ack['errors'] as Record<string, string>;
    expect(errors[blockIdIn(form, ids.sourceBranch)]).toContain('There are no changes to be pulled');
  });

  it('shows an unknown branch under its field', async () => {
    const form = await openForm('pr create acme/api');

    const submitted = await submitView(testApp, form, fillForm(form, { [ids.sourceBranch]: state.select('feature/missing') }));

    const errors = submitted.ack['errors'] as Record<string, string>;
    expect(errors[blockIdIn(form, ids.sourceBranch)]).toContain('branch not found');
  });

  it('shows a malformed reviewer under reviewers', async () => {
    const form = await openForm('pr create acme/api');
    const stranger = '{00000000-0000-4000-8000-000000000000}';

    const submitted = await submitView(testApp, form, fillForm(form, { [ids.reviewers]: state.multiSelect([{ value: stranger }]) }));

    const errors = submitted.ack['errors'] as Record<string, string>;
    expect(errors[blockIdIn(form, ids.reviewers)]).toContain('Malformed reviewers list');
  });

  it('opens the pull request and announces it', async () => {
    const form = await openForm('pr create acme/api');
    const members = await suggestOptions(testApp, form, ids.reviewers, 'gr', buildState(form, { [ids.repository]: state.select('acme/api') }));
    expect(members.options.map((option) => option.text.text)).toEqual(['Grace Hopper']);

    const submitted = await submitView(
      testApp,
      form,
      fillForm(form, {
        [ids.reviewers]: state.multiSelect([{ value: members.options[0]!.value, text: 'Grace Hopper' }]),
        [ids.closeSourceBranch]: state.checkboxes(['close_source_branch']),
      }),
    );

    expect(submitted.ack).toEqual({});
    const post = pullRequestPosts()[0]?.body as { reviewers: Array<{ uuid: string }>; close_source_branch: boolean };
    expect(post.reviewers).toEqual([{ uuid: grace.uuid }]);
    expect(post.close_source_branch).toBe(true);
    const announcement = await testApp.slack.waitFor('chat.postMessage');
    expect(announcement.body['channel']).toBe(TEST_CHANNEL_ID);
    expect(readMessageText(announcement.body)).toContain('Login page');
    expectValidMessage(announcement.body);
  });

  it('leaves the own account out of reviewers', async () => {
    const form = await openForm('pr create acme/api');

    const members = await suggestOptions(testApp, form, ids.reviewers, '', buildState(form, { [ids.repository]: state.select('acme/api') }));

    expect(members.options.map((option) => option.value)).not.toContain(ada.uuid);
  });

  it('finishes a slow submission with views.update', async () => {
    const form = await openForm('pr create acme/api');
    testApp.bitbucket.inject({ kind: 'delay', ms: 2_500, method: 'POST', path: '/repositories/acme/api/pullrequests' });

    const started = Date.now();
    const submitted = await submitView(testApp, form, fillForm(form));

    expect(Date.now() - started).toBeLessThan(3_000);
    expect(submitted.ack['response_action']).toBe('update');
    expectValidView(submitted.ack['view']);
    const done = await waitForView(testApp, (view) => view.method === 'views.update' && /opened pull request/i.test(readViewText(view)));
    expect(done.id).toBe(form.id);
    expectValidView(stripIds(done));
    await testApp.slack.waitFor('chat.postMessage');
  });

  it('suggests the destination and title when a repository is picked', async () => {
    const form = await openForm('pr create');

    await pickOption(testApp, form, ids.repository, { value: 'acme/api' }, buildState(form, { [ids.repository]: state.select('acme/api') }));
    const updated = await waitForView(testApp, (view) => view.method === 'views.update' && view.id === form.id && findBlock(view, ids.sourceBranch)?.['block_id'] !== ids.sourceBranch);
    const destination = findBlock(updated, ids.destinationBranch)?.['element'] as { initial_option?: { value: string } };
    expect(destination.initial_option?.value).toBe('main');

    await pickOption(testApp, updated, ids.sourceBranch, { value: 'feature/login-page' }, buildState(updated, { [ids.repository]: state.select('acme/api'), [ids.title]: state.text(null) }));
    const titled = await waitForView(testApp, (view) => (findBlock(view, ids.title)?.['element'] as { initial_value?: string })?.initial_value === 'Login page');
    expectValidView(stripIds(titled));
  });

  it('asks an unconnected user to connect', async () => {
    await testApp.command('pr create acme/api', { user_id: 'U0STRANGER' });

    const prompt = await waitForView(testApp, (view) => view.method === 'views.update' && readViewText(view).includes('Connect'));
    expect(JSON.stringify(prompt.blocks)).toContain('/site/oauth2/authorize');
    expect(findBlock(prompt, ids.title)).toBeUndefined();
  });

  it('tells a new connection to rerun the command', async () => {
    const lin = testApp.bitbucket.addUser({ display_name: 'Lin Chen', nickname: 'lin' });
    testApp.bitbucket.setAuthorizingUser(lin);
    await testApp.command('pr create acme/api', { user_id: 'U0LIN' });
    const prompt = await waitForView(testApp, (view) => view.method === 'views.update' && readViewText(view).includes('Connect'));

    const page = await openAuthorizeUrl(findButtonUrl({ blocks: prompt.blocks })!);
    const confirmed = await postConfirm(testApp.url, { state: page.form!.state, csrf_token: page.form!.csrfToken });

    expect(confirmed.status).toBe(200);
    const direct = await testApp.slack.waitFor((call) => call.method === 'chat.postMessage' && call.body['channel'] === 'U0LIN');
    expect(readMessageText(direct.body)).toContain('Connected as');
    expect(readMessageText(direct.body)).toContain('Run `/bitbucket pr create acme/api` again to open the form.');
  });

  it('hints an unconnected user in a menu', async () => {
    const form = await openForm('pr create');

    const result = await suggestOptions(testApp, form, ids.repository, 'api', {}, { userId: 'U0STRANGER' });

    expect(result.options.map((option) => option.text.text)).toEqual(['Connect Bitbucket first: /bitbucket connect']);
  });

  it('shows a late refusal in the form again', async () => {
    const mainHash = testApp.bitbucket.addCommit('acme', 'api', { branch: 'main', files: { 'CHANGELOG.md': '1.0' } });
    await createBranchOnBitbucket(testApp, ada, 'release', mainHash);
    const form = await openForm('pr create acme/api');
    testApp.bitbucket.inject({ kind: 'delay', ms: 2_500, method: 'POST', path: '/repositories/acme/api/pullrequests' });

    const submitted = await submitView(testApp, form, fillForm(form, { [ids.sourceBranch]: state.select('release') }));

    expect(submitted.ack['response_action']).toBe('update');
    const retry = await waitForView(testApp, (view) => view.method === 'views.update' && readViewText(view).includes('There are no changes to be pulled'));
    expect(retry.id).toBe(form.id);
    const titleInput = findBlock(retry, ids.title)?.['element'] as { initial_value?: string };
    expect(titleInput.initial_value).toBe('Login page');
  });

  it('explains a form Slack did not open', async () => {
    testApp.slack.failWith('views.open', 'expired_trigger_id');

    const { responseUrlId } = await testApp.command('pr create acme/api');

    const reply = await testApp.replyTo(responseUrlId);
    expect(readMessageText(reply.body)).toContain('Slack did not open the form (`expired_trigger_id`)');
    expect(readMessageText(reply.body)).toContain('/bitbucket pr create acme/api');
  });

  it('rejects a submitted hint option', async () => {
    const form = await openForm('pr create acme/api');

    const submitted = await submitView(testApp, form, fillForm(form, { [ids.sourceBranch]: state.select('~hint', 'Bitbucket is slow') }));

    const errors = submitted.ack['errors'] as Record<string, string>;
    expect(errors[blockIdIn(form, ids.sourceBranch)]).toBe('Pick a source branch from the list.');
    expect(pullRequestPosts()).toHaveLength(0);
  });
});

/** Returns the view as the app built it, without the fields the driver added. */
function stripIds(view: SentView): Record<string, unknown> {
  const { id: _id, hash: _hash, method: _method, ...rest } = view;
  return rest;
}

/** Creates a branch through Bitbucket's API, as another client would. */
async function createBranchOnBitbucket(testApp: TestApp, user: FakeUser, name: string, hash: string): Promise<void> {
  const { access_token: token } = testApp.bitbucket.issueToken(user);
  const response = await fetch(`${testApp.bitbucket.apiUrl}/repositories/acme/api/refs/branches`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'branch', name, target: { type: 'commit', hash } }),
  });
  expect(response.status).toBe(201);
}

async function waitUntil(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
