import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { modalContextKey } from '../../../src/connections/keys.js';
import { ACTION_IDS, BLOCK_IDS, VIEW_IDS } from '../../../src/slack/ids.js';
import { startTestApp, TEST_CHANNEL_ID, TEST_USER_ID, type TestApp } from '../../support/app-harness.js';
import type { FakeUser } from '../../support/fake-bitbucket/index.js';
import {
  buildState,
  expectEverySurfaceValid,
  findBlock,
  pressViewButton,
  pickOption,
  readViewText,
  state,
  submitView,
  suggestOptions,
  waitForView,
  type SentView,
  type StateValues,
} from '../../support/modal-driver.js';
import { buildShortcut } from '../../support/slack-request.js';

const ids = BLOCK_IDS.pullRequest;

describe('pull request modal edge cases', () => {
  let testApp: TestApp;
  let ada: FakeUser;

  beforeEach(async () => {
    testApp = await startTestApp();
    const { bitbucket } = testApp;
    ada = bitbucket.addUser({ display_name: 'Ada Lovelace', nickname: 'ada' });
    const grace = bitbucket.addUser({ display_name: 'Grace Hopper', nickname: 'grace' });
    const workspace = bitbucket.addWorkspace({ slug: 'acme' });
    bitbucket.addMember(workspace, ada);
    bitbucket.addMember(workspace, grace);
    bitbucket.addRepository(workspace, { slug: 'api', files: { 'README.md': '# API' } });
    bitbucket.addCommit(workspace, 'api', { branch: 'feature/login-page', files: { 'login.ts': 'export {}' } });
    await testApp.connect(ada);
  });

  afterEach(async () => {
    await testApp.stop();
    testApp.bitbucket.assertRequestsValid();
    expectEverySurfaceValid(testApp);
  });

  async function openForm(text: string): Promise<SentView> {
    const { status } = await testApp.command(text);
    expect(status).toBe(200);
    return waitForView(testApp, (view) => view.method === 'views.update' && view.callback_id === VIEW_IDS.pullRequest);
  }

  /** Opens the global shortcut's menu and picks the pull request form in it. */
  async function openFormFromShortcut(): Promise<SentView> {
    const response = await testApp.interact(buildShortcut());
    expect(response.status).toBe(200);
    const menu = await waitForView(testApp, (view) => view.callback_id === VIEW_IDS.globalMenu);
    expect(await pressViewButton(testApp, menu, ACTION_IDS.openForm, 'pull-request')).toBe(200);
    return waitForView(testApp, (view) => view.callback_id === VIEW_IDS.pullRequest && findBlock(view, ids.title) !== undefined);
  }

  function fillForm(view: SentView, overrides: Record<string, Record<string, unknown>> = {}): StateValues {
    return buildState(view, {
      [ids.repository]: state.select('acme/api'),
      [ids.sourceBranch]: state.select('feature/login-page'),
      [ids.destinationBranch]: state.select('main'),
      [ids.title]: state.text('Login page'),
      [ids.description]: state.text(null),
      [ids.reviewers]: state.multiSelect([]),
      [ids.closeSourceBranch]: state.checkboxes([]),
      ...overrides,
    });
  }

  function pullRequestPosts() {
    return testApp.bitbucket.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/pullrequests'));
  }

  it('creates a double-submitted form once', async () => {
    const form = await openForm('pr create acme/api');
    testApp.bitbucket.inject({ kind: 'delay', ms: 300, method: 'POST', path: '/repositories/acme/api/pullrequests', times: 2 });

    const [first, second] = await Promise.all([submitView(testApp, form, fillForm(form)), submitView(testApp, form, fillForm(form))]);

    expect(first.ack).toEqual({});
    expect(second.ack).toEqual({});
    expect(pullRequestPosts()).toHaveLength(1);
    await testApp.slack.waitFor('chat.postMessage');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(testApp.slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('answers a repeat during a slow submit', async () => {
    const form = await openForm('pr create acme/api');
    testApp.bitbucket.inject({ kind: 'delay', ms: 2_500, method: 'POST', path: '/repositories/acme/api/pullrequests' });

    const first = submitView(testApp, form, fillForm(form));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const second = await submitView(testApp, form, fillForm(form));

    expect(second.ack['response_action']).toBe('update');
    expect(JSON.stringify(second.ack['view'])).toContain('Opening the pull request');
    expect((await first).ack['response_action']).toBe('update');
    const done = await waitForView(testApp, (view) => view.method === 'views.update' && /opened pull request/i.test(readViewText(view)));
    expect(done.id).toBe(form.id);
    expect(pullRequestPosts()).toHaveLength(1);
  });

  it('sends a corrected form after a refusal', async () => {
    const form = await openForm('pr create acme/api');

    const refused = await submitView(testApp, form, fillForm(form, { [ids.sourceBranch]: state.select('feature/missing') }));
    const corrected = await submitView(testApp, form, fillForm(form));

    expect(refused.ack['response_action']).toBe('errors');
    expect(corrected.ack).toEqual({});
    expect(pullRequestPosts()).toHaveLength(2);
    expect(testApp.bitbucket.state.workspaces.get('acme')?.repositories.get('api')?.pullRequests.size).toBe(1);
  });

  it('keys errors to submitted blocks', async () => {
    const form = await openFormFromShortcut();
    // The user picked a repository and pressed Create before the form was rebuilt for it.
    const values = buildState(form, {
      [ids.repository]: state.select('acme/api'),
      [ids.sourceBranch]: { type: 'external_select', selected_option: null },
      [ids.title]: state.text(null),
    });

    const submitted = await submitView(testApp, form, values);

    expect(submitted.ack['response_action']).toBe('errors');
    expectErrorsOnInputs(form, submitted.ack);
  });

  it('offers 100 of 500 branches', async () => {
    for (let index = 0; index < 500; index += 1) testApp.bitbucket.addCommit('acme', 'api', { branch: `topic/${index}`, files: { [`f${index}`]: 'x' } });
    const form = await openForm('pr create acme/api');
    const values = buildState(form, { [ids.repository]: state.select('acme/api') });

    const all = await suggestOptions(testApp, form, ids.sourceBranch, '', values);
    const one = await suggestOptions(testApp, form, ids.sourceBranch, '4', values);
    const injected = await suggestOptions(testApp, form, ids.sourceBranch, '" OR 1=1', values);

    expect(all.options).toHaveLength(100);
    expect(one.options.length).toBeGreaterThan(0);
    expect(one.options.length).toBeLessThanOrEqual(100);
    expect(injected.options).toEqual([]);
    const searches = testApp.bitbucket.requests.filter((request) => request.path.endsWith('/refs/branches') && request.query['q'] !== undefined);
    expect(searches.map((request) => request.query['q']?.[0])).toContain('name ~ "\\" OR 1=1"');
  });

  it('keeps long unicode branch names whole', async () => {
    const branch = `feature/${'ünïcödé-🚀-'.repeat(20)}end`.slice(0, 200);
    testApp.bitbucket.addCommit('acme', 'api', { branch, files: { 'u.ts': 'export {}' } });
    const form = await openForm('pr create acme/api');
    const values = buildState(form, { [ids.repository]: state.select('acme/api') });

    const result = await suggestOptions(testApp, form, ids.sourceBranch, 'ünïcödé', values);

    const option = result.options[0];
    expect(option).toBeDefined();
    expect(Array.from(option!.text.text).length).toBeLessThanOrEqual(75);
    expect(option!.value.length).toBeLessThanOrEqual(75);
    const submitted = await submitView(testApp, form, fillForm(form, { [ids.sourceBranch]: state.select(option!.value, option!.text.text) }));
    expect(submitted.ack).toEqual({});
    const post = pullRequestPosts()[0]?.body as { source: { branch: { name: string } } };
    expect(post.source.branch.name).toBe(branch);
  });

  it('offers no repositories in an empty workspace', async () => {
    const lin = testApp.bitbucket.addUser({ display_name: 'Lin' });
    testApp.bitbucket.addMember(testApp.bitbucket.addWorkspace({ slug: 'empty' }), lin);
    await testApp.connect(lin, 'U0LIN');
    const form = await openForm('pr create');

    const result = await suggestOptions(testApp, form, ids.repository, '', {}, { userId: 'U0LIN' });

    expect(result.status).toBe(200);
    expect(result.options.map((option) => option.text.text)).toEqual([]);
  });

  it('ignores a context of another user', async () => {
    const form = await openForm('pr create acme/api');
    const grace = [...testApp.bitbucket.state.users.values()].find((user) => user.display_name === 'Grace Hopper')!;
    await testApp.connect(grace, 'U0GRACE');

    const submitted = await submitView(testApp, form, fillForm(form), { userId: 'U0GRACE' });

    expect(submitted.ack).toEqual({});
    const announcement = await testApp.slack.waitFor('chat.postMessage');
    expect(announcement.body['channel']).toBe('U0GRACE');
    expect(testApp.slack.calls.some((call) => call.body['channel'] === TEST_CHANNEL_ID)).toBe(false);
  });

  it('survives a tampered private_metadata', async () => {
    const form = await openForm('pr create acme/api');

    const submitted = await submitView(testApp, { ...form, private_metadata: '{"c":"../../etc"}' }, fillForm(form));

    expect(submitted.ack).toEqual({});
    expect(pullRequestPosts()).toHaveLength(1);
    const announcement = await testApp.slack.waitFor('chat.postMessage');
    expect(announcement.body['channel']).toBe(TEST_USER_ID);
  });

  it('sends a form whose context expired', async () => {
    const form = await openForm('pr create acme/api');
    const contextId = (JSON.parse(String(form.private_metadata)) as { c: string }).c;
    await testApp.app.store.delete(modalContextKey(contextId));

    const submitted = await submitView(testApp, form, fillForm(form));

    expect(submitted.ack).toEqual({});
    const announcement = await testApp.slack.waitFor('chat.postMessage');
    expect(announcement.body['channel']).toBe(TEST_USER_ID);
  });

  it('keeps the typed form when views.update fails', async () => {
    testApp.slack.failWith('views.update', 'internal_error', 5);
    await testApp.command('pr create acme/api feature/login-page');
    const form = await waitForView(testApp, (view) => view.method === 'views.open');

    const submitted = await submitView(testApp, form, fillForm(form));

    expect(submitted.ack).toEqual({});
    expect(pullRequestPosts()).toHaveLength(1);
  });

  it('announces a slow result Slack did not show', async () => {
    const form = await openForm('pr create acme/api');
    testApp.bitbucket.inject({ kind: 'delay', ms: 2_500, method: 'POST', path: '/repositories/acme/api/pullrequests' });
    testApp.slack.failWith('views.update', 'not_found', 5);

    const submitted = await submitView(testApp, form, fillForm(form));

    expect(submitted.ack['response_action']).toBe('update');
    const announcement = await testApp.slack.waitFor('chat.postMessage', 5_000);
    expect(announcement.body['channel']).toBe(TEST_CHANNEL_ID);
    expect(pullRequestPosts()).toHaveLength(1);
  });

  it('picks a repository while Bitbucket is slow', async () => {
    const form = await openFormFromShortcut();
    testApp.bitbucket.inject({ kind: 'delay', ms: 2_500, method: 'GET', path: '/repositories/acme/api' });

    const status = await pickOption(testApp, form, ids.repository, { value: 'acme/api' }, buildState(form, { [ids.repository]: state.select('acme/api') }));

    expect(status).toBe(200);
    const updated = await waitForView(testApp, (view) => view.method === 'views.update' && readViewText(view).includes('main branch, main'));
    expect(updated.id).toBe(form.id);
  });
});

/** Checks that every key of an `errors` ack names an input block of the view, as Slack requires. */
function expectErrorsOnInputs(view: SentView, ack: Record<string, unknown>): void {
  const inputIds = view.blocks.filter((block) => block['type'] === 'input').map((block) => block['block_id']);
  for (const blockId of Object.keys((ack['errors'] ?? {}) as Record<string, string>)) {
    expect(inputIds).toContain(blockId);
  }
}
