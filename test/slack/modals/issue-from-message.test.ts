import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { BLOCK_IDS, SHORTCUT_IDS, VIEW_IDS } from '../../../src/slack/ids.js';
import { findButtonUrl, readMessageText, startTestApp, TEST_CHANNEL_ID, type TestApp } from '../../support/app-harness.js';
import { expectValidMessage, expectValidView } from '../../support/block-kit-schema.js';
import { openAuthorizeUrl, postConfirm } from '../../support/connections-test-app.js';
import type { FakeUser } from '../../support/fake-bitbucket/index.js';
import {
  buildState,
  expectEverySurfaceValid,
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
import { buildMessageAction } from '../../support/slack-request.js';

const ids = BLOCK_IDS.issue;
/** ts of the thread's parent in the thread-reply fixture. */
const THREAD_TS = '1516229207.000133';

describe('issue from a message', () => {
  let testApp: TestApp;
  let ada: FakeUser;

  beforeEach(async () => {
    testApp = await startTestApp();
    const { bitbucket } = testApp;
    ada = bitbucket.addUser({ display_name: 'Ada Lovelace', nickname: 'ada' });
    const workspace = bitbucket.addWorkspace({ slug: 'acme' });
    bitbucket.addMember(workspace, ada);
    bitbucket.addRepository(workspace, { slug: 'api', has_issues: true, files: { 'README.md': '# API' } });
    bitbucket.addRepository(workspace, { slug: 'docs', has_issues: false, files: { 'README.md': '# Docs' } });
    await testApp.connect(ada);
  });

  afterEach(async () => {
    await testApp.stop();
    testApp.bitbucket.assertRequestsValid();
    expectEverySurfaceValid(testApp);
  });

  /** Uses the shortcut on a thread reply with `text` and returns the form once it is filled in. */
  async function useShortcut(text: string, responseUrlId = 'shortcut'): Promise<SentView> {
    const payload = buildMessageAction(
      { message: { text }, response_url: testApp.slack.responseUrl(responseUrlId) },
      { threadReply: true },
    );
    const response = await testApp.interact(payload);
    expect(response.status).toBe(200);
    return waitForView(testApp, (view) => view.method === 'views.update' && findBlock(view, ids.title) !== undefined);
  }

  function repositoryOf(slug: string) {
    const repository = testApp.bitbucket.state.workspaces.get('acme')?.repositories.get(slug);
    if (repository === undefined) throw new Error(`no repository acme/${slug} in the fake`);
    return repository;
  }

  function issuesOf(slug: string) {
    return [...repositoryOf(slug).issues.values()];
  }

  it('opens the modal before anything slow', async () => {
    const before = testApp.bitbucket.requests.length;
    const form = await useShortcut('Login fails on <@U04B7KQ4B3P> Safari');
    await pickOption(testApp, form, ids.repository, { value: 'acme/api' }, buildState(form, { [ids.repository]: state.select('acme/api') }));
    await waitForView(testApp, (view) => readViewText(view).includes('Issues are unavailable'));

    const open = testApp.slack.callsTo('views.open')[0]!;
    for (const method of ['users.info', 'chat.getPermalink', 'views.update']) {
      expect(testApp.slack.callsTo(method)[0]!.receivedAt).toBeGreaterThanOrEqual(open.receivedAt);
    }
    const bitbucketRequests = testApp.bitbucket.requests.slice(before);
    expect(bitbucketRequests.length).toBeGreaterThan(0);
    for (const request of bitbucketRequests) expect(request.receivedAt).toBeGreaterThanOrEqual(open.receivedAt);
  });

  it('tells a new connection to use the shortcut again', async () => {
    const grace = testApp.bitbucket.addUser({ display_name: 'Grace Hopper', nickname: 'grace' });
    testApp.bitbucket.setAuthorizingUser(grace);
    await testApp.interact(buildMessageAction({ user: { id: 'U0GRACE', name: 'grace' } }, { threadReply: true }));
    const prompt = await waitForView(testApp, (view) => view.method === 'views.update' && readViewText(view).includes('Connect'));

    const page = await openAuthorizeUrl(findButtonUrl({ blocks: prompt.blocks })!);
    const confirmed = await postConfirm(testApp.url, { state: page.form!.state, csrf_token: page.form!.csrfToken });

    expect(confirmed.status).toBe(200);
    const direct = await testApp.slack.waitFor((call) => call.method === 'chat.postMessage' && call.body['channel'] === 'U0GRACE');
    expect(readMessageText(direct.body)).toContain('Connected as');
    expect(readMessageText(direct.body)).toContain('Use the shortcut on the message again to open the form.');
  });

  it('tells the user when the form did not open', async () => {
    testApp.slack.failWith('views.open', 'expired_trigger_id');

    await testApp.interact(buildMessageAction({ response_url: testApp.slack.responseUrl('failed-open') }, { threadReply: true }));

    const reply = await testApp.replyTo('failed-open');
    expect(readMessageText(reply.body)).toContain('The form did not open');
    expect(reply.body['response_type']).toBe('ephemeral');
  });

  it('prefills the decoded message and its permalink', async () => {
    const form = await useShortcut('Deploy broke for <@U04B7KQ4B3P> in <#C04B7KQ5C4Q|dev-team>\nsee <https://ci.example.test/run/7|the run> &amp; retry');

    const title = (findBlock(form, ids.title)?.['element'] as { initial_value: string }).initial_value;
    const content = (findBlock(form, ids.content)?.['element'] as { initial_value: string }).initial_value;
    expect(title).toBe('Deploy broke for @example.user in #dev-team');
    expect(content).toContain('see https://ci.example.test/run/7 & retry');
    expect(content).toContain('Posted in Slack: http://127.0.0.1:');
    expect(testApp.slack.callsTo('users.info')[0]?.body['user']).toBe('U04B7KQ4B3P');
    for (const view of listSentViews(testApp)) expectValidView(stripDriverFields(view));
  });

  it('caches user names across shortcuts', async () => {
    await useShortcut('ping <@U04B7KQ4B3P>', 'first');
    await useShortcut('ping <@U04B7KQ4B3P> again', 'second');

    expect(testApp.slack.callsTo('users.info')).toHaveLength(1);
  });

  it('files a 5,000-character message whole', async () => {
    testApp.bitbucket.setIssuesRemoved(false);
    const lines = `Crash report 🚀 <script>alert("x")</script> && more\n${'stack frame 🔥 at handler && next\n'.repeat(160)}`;
    const wholeLines = lines.slice(0, lines.lastIndexOf('\n', 4_990) + 1);
    const body = `${wholeLines}${'x'.repeat(5_000 - wholeLines.length)}`;
    expect(body).toHaveLength(5_000);
    const slackText = body.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

    const form = await useShortcut(slackText);

    expect(findBlock(form, ids.content)).toBeUndefined();
    expect(readViewText(form)).toContain(`${Array.from(body).length.toLocaleString('en-US')} characters`);
    expect(String(form.private_metadata).length).toBeLessThan(100);
    expectValidView(stripDriverFields(form));

    const submitted = await submitView(
      testApp,
      form,
      buildState(form, { [ids.repository]: state.select('acme/api'), [ids.title]: state.text('Crash report'), [ids.note]: state.text(null) }),
    );
    expect(submitted.ack).toEqual({});
    const [issue] = issuesOf('api');
    expect(issue?.content.raw.startsWith(body)).toBe(true);
    expect(issue?.content.raw).toContain('Posted in Slack: http://127.0.0.1:');
  });

  it('posts the confirmation in the thread', async () => {
    testApp.bitbucket.setIssuesRemoved(false);
    const form = await useShortcut('Login fails on Safari');

    const submitted = await submitView(testApp, form, filledForm(form));

    expect(submitted.ack).toEqual({});
    const confirmation = await testApp.slack.waitFor('chat.postMessage');
    expect(confirmation.body['channel']).toBe(TEST_CHANNEL_ID);
    expect(confirmation.body['thread_ts']).toBe(THREAD_TS);
    expect(readMessageText(confirmation.body)).toContain('Login fails on Safari');
    expectValidMessage(confirmation.body);
    expect(issuesOf('api').map((issue) => issue.title)).toEqual(['Login fails on Safari']);
  });

  it('falls back to the response_url outside the channel', async () => {
    testApp.bitbucket.setIssuesRemoved(false);
    testApp.slack.failWith('chat.postMessage', 'not_in_channel');
    const form = await useShortcut('Login fails on Safari', 'private-channel');

    await submitView(testApp, form, filledForm(form));

    const reply = await testApp.replyTo('private-channel');
    expect(reply.body['thread_ts']).toBe(THREAD_TS);
    expect(reply.body['response_type']).toBe('in_channel');
    expect(readMessageText(reply.body)).toContain('created issue');
  });

  it('sends a direct message when every channel route fails', async () => {
    testApp.bitbucket.setIssuesRemoved(false);
    testApp.slack.failWith('chat.postMessage', 'channel_not_found');
    testApp.slack.respondWith('response_url', { status: 404, body: { ok: false } }, 1);
    testApp.slack.failWith('chat.postEphemeral', 'channel_not_found');
    const form = await useShortcut('Login fails on Safari', 'expired');

    await submitView(testApp, form, filledForm(form));

    const direct = await testApp.slack.waitFor((call) => call.method === 'chat.postMessage' && call.body['channel'] === 'U04B7KQ3A2N');
    expect(readMessageText(direct.body)).toContain('created issue');
  });

  it('explains a removed tracker when a repository is picked', async () => {
    const form = await useShortcut('Login fails on Safari');

    await pickOption(testApp, form, ids.repository, { value: 'acme/api' }, buildState(form, { [ids.repository]: state.select('acme/api') }));

    const notice = await waitForView(testApp, (view) => readViewText(view).includes('Issues are unavailable'));
    expect(readViewText(notice)).toContain('removed Issues');
    expect(readViewText(notice)).toContain('Jira');
    expectValidView(stripDriverFields(notice));
  });

  it('explains a repository without a tracker', async () => {
    testApp.bitbucket.setIssuesRemoved(false);
    const form = await useShortcut('Login fails on Safari');

    await pickOption(testApp, form, ids.repository, { value: 'acme/docs' }, buildState(form, { [ids.repository]: state.select('acme/docs') }));

    const notice = await waitForView(testApp, (view) => readViewText(view).includes('Issues are unavailable'));
    expect(readViewText(notice)).toContain('acme/docs has no issue tracker');
  });

  it('shows a removed tracker under the repository on submit', async () => {
    const form = await useShortcut('Login fails on Safari');

    const submitted = await submitView(testApp, form, filledForm(form));

    expect(submitted.ack['response_action']).toBe('errors');
    const errors = submitted.ack['errors'] as Record<string, string>;
    expect(errors[ids.repository]).toContain('removed Issues');
  });

  it('hints a removed tracker in the issue menu', async () => {
    await testApp.interact(buildMessageAction({ callback_id: SHORTCUT_IDS.commentIssue, message: { text: 'Same on Firefox' } }, { threadReply: true }));
    const form = await waitForView(testApp, (view) => view.method === 'views.update' && view.callback_id === VIEW_IDS.issueComment);
    const commentIds = BLOCK_IDS.issueComment;

    const result = await suggestOptions(testApp, form, commentIds.issue, '', buildState(form, { [commentIds.repository]: state.select('acme/api') }));

    expect(result.options.map((option) => option.text.text)).toEqual(['Issues are unavailable in this repository']);
  });

  it('comments on an issue from a message', async () => {
    testApp.bitbucket.setIssuesRemoved(false);
    const issueId = testApp.bitbucket.addIssue('acme', 'api', { title: 'Login fails', reporter: ada });
    testApp.bitbucket.addIssue('acme', 'api', { title: 'Logout is slow', reporter: ada });
    const payload = buildMessageAction(
      { callback_id: SHORTCUT_IDS.commentIssue, message: { text: 'Same on Firefox' }, response_url: testApp.slack.responseUrl('comment') },
      { threadReply: true },
    );
    await testApp.interact(payload);
    const form = await waitForView(testApp, (view) => view.method === 'views.update' && view.callback_id === VIEW_IDS.issueComment);
    const commentIds = BLOCK_IDS.issueComment;
    const withRepository = buildState(form, { [commentIds.repository]: state.select('acme/api') });

    const issues = await suggestOptions(testApp, form, commentIds.issue, 'login', withRepository);
    expect(issues.options.map((option) => option.text.text)).toEqual([`#${issueId} Login fails`]);
    const byNumber = await suggestOptions(testApp, form, commentIds.issue, `#${issueId}`, withRepository);
    expect(byNumber.options[0]?.value).toBe(String(issueId));

    const submitted = await submitView(
      testApp,
      form,
      buildState(form, {
        [commentIds.repository]: state.select('acme/api'),
        [commentIds.issue]: state.select(String(issueId), `#${issueId} Login fails`),
        [commentIds.content]: state.text('Same on Firefox'),
      }),
    );

    expect(submitted.ack).toEqual({});
    const issue = repositoryOf('api').issues.get(issueId);
    expect(issue?.comments.map((comment) => comment.raw)).toEqual(['Same on Firefox']);
    const confirmation = await testApp.slack.waitFor('chat.postMessage');
    expect(confirmation.body['thread_ts']).toBe(THREAD_TS);
    expectValidMessage(confirmation.body);
    expectValidView(stripDriverFields(form));
  });
});

function filledForm(view: SentView) {
  return buildState(view, {
    [ids.repository]: state.select('acme/api'),
    [ids.title]: state.text('Login fails on Safari'),
    [ids.content]: state.text('Login fails on Safari\n\nPosted in Slack: link'),
  });
}

/** Returns the view as the app built it, without the fields the driver added. */
function stripDriverFields(view: SentView): Record<string, unknown> {
  const { id: _id, hash: _hash, method: _method, ...rest } = view;
  return rest;
}
