import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ACTION_IDS, BLOCK_IDS, VIEW_IDS } from '../../../src/slack/ids.js';
import { readMessageText, startTestApp, TEST_USER_ID, type TestApp } from '../../support/app-harness.js';
import { expectValidMessage, expectValidView } from '../../support/block-kit-schema.js';
import type { FakeRepository, FakeUser } from '../../support/fake-bitbucket/index.js';
import type { RecordedSlackCall } from '../../support/fake-slack.js';
import { buildState, expectEverySurfaceValid, findBlock, readViewText, state, submitView, waitForView, type SentView } from '../../support/modal-driver.js';
import { buildBlockActions } from '../../support/slack-request.js';

const ids = BLOCK_IDS.issue;
const OTHER_USER_ID = 'U04B7KQ4B3P';

describe('issue commands', () => {
  let testApp: TestApp;
  let ada: FakeUser;
  let repository: FakeRepository;
  let issueId: number;

  beforeEach(async () => {
    testApp = await startTestApp();
    const { bitbucket } = testApp;
    ada = bitbucket.addUser({ display_name: 'Ada Lovelace', nickname: 'ada' });
    const workspace = bitbucket.addWorkspace({ slug: 'acme' });
    bitbucket.addMember(workspace, ada);
    repository = bitbucket.addRepository(workspace, { slug: 'api', has_issues: true, files: { 'README.md': '# API' } });
    issueId = bitbucket.addIssue(workspace, 'api', { title: 'Login fails', content: { raw: 'Steps: open /login' }, kind: 'bug', priority: 'major', reporter: ada });
    await testApp.connect(ada);
  });

  afterEach(async () => {
    await testApp.stop();
    testApp.bitbucket.assertRequestsValid();
    expectEverySurfaceValid(testApp);
  });

  function issuePuts() {
    return testApp.bitbucket.requests.filter((request) => request.method === 'PUT' && request.path.includes('/issues/'));
  }

  it('explains a removed tracker in the create form', async () => {
    await testApp.command('issue create acme/api Login broken');

    const form = await waitForView(testApp, (view) => view.method === 'views.update' && readViewText(view).includes('Issues are unavailable'));
    expect((findBlock(form, ids.title)?.['element'] as { initial_value: string }).initial_value).toBe('Login broken');
    expect((findBlock(form, ids.repository)?.['element'] as { initial_option: { value: string } }).initial_option.value).toBe('acme/api');
    expectValidView(strip(form));
  });

  it('creates an issue from the command', async () => {
    testApp.bitbucket.setIssuesRemoved(false);
    await testApp.command('issue create acme/api Login broken');
    const form = await waitForView(testApp, (view) => view.method === 'views.update' && view.callback_id === VIEW_IDS.issue);
    expect(readViewText(form)).not.toContain('Issues are unavailable');

    const submitted = await submitView(
      testApp,
      form,
      buildState(form, {
        [ids.repository]: state.select('acme/api'),
        [ids.title]: state.text('Login broken'),
        [ids.content]: state.text('It fails.'),
        [ids.kind]: state.staticSelect('task'),
        [ids.priority]: state.staticSelect('minor'),
      }),
    );

    expect(submitted.ack).toEqual({});
    const created = [...repository.issues.values()].find((issue) => issue.title === 'Login broken');
    expect(created?.kind).toBe('task');
    expect(created?.priority).toBe('minor');
    const announcement = await testApp.slack.waitFor('chat.postMessage');
    expect(readMessageText(announcement.body)).toContain('created issue');
  });

  it('prefills the update form and sends only changes', async () => {
    testApp.bitbucket.setIssuesRemoved(false);
    await testApp.command(`issue update acme/api ${issueId}`);
    const form = await waitForView(testApp, (view) => view.method === 'views.update' && findBlock(view, ids.state) !== undefined);
    expect((findBlock(form, ids.title)?.['element'] as { initial_value: string }).initial_value).toBe('Login fails');
    expect((findBlock(form, ids.content)?.['element'] as { initial_value: string }).initial_value).toBe('Steps: open /login');
    expect((findBlock(form, ids.priority)?.['element'] as { initial_option: { value: string } }).initial_option.value).toBe('major');
    expectValidView(strip(form));

    const submitted = await submitView(testApp, form, updateState(form, { title: 'Login fails on Safari', state: 'open' }));

    expect(submitted.ack).toEqual({});
    expect(issuePuts().map((request) => request.body)).toEqual([{ title: 'Login fails on Safari', state: 'open' }]);
    const announcement = await testApp.slack.waitFor('chat.postMessage');
    expect(readMessageText(announcement.body)).toContain('Changed: title, state');
    expectValidMessage(announcement.body);
  });

  it('clears an emptied description', async () => {
    testApp.bitbucket.setIssuesRemoved(false);
    await testApp.command(`issue update acme/api ${issueId}`);
    const form = await waitForView(testApp, (view) => view.method === 'views.update' && findBlock(view, ids.state) !== undefined);

    // Slack sends null for an optional text input the user emptied.
    const submitted = await submitView(testApp, form, updateState(form, { content: null }));

    expect(submitted.ack).toEqual({});
    expect(issuePuts().map((request) => request.body)).toEqual([{ content: { raw: '' } }]);
  });

  it('rejects an update without changes', async () => {
    testApp.bitbucket.setIssuesRemoved(false);
    await testApp.command(`issue update acme/api ${issueId}`);
    const form = await waitForView(testApp, (view) => view.method === 'views.update' && findBlock(view, ids.state) !== undefined);

    const submitted = await submitView(testApp, form, updateState(form, {}));

    expect(submitted.ack['response_action']).toBe('errors');
    expect((submitted.ack['errors'] as Record<string, string>)[ids.title]).toContain('Nothing changed');
    expect(issuePuts()).toHaveLength(0);
  });

  it('explains a removed tracker instead of the update form', async () => {
    await testApp.command(`issue update acme/api ${issueId}`);

    const view = await waitForView(testApp, (candidate) => candidate.method === 'views.update' && readViewText(candidate).includes('Issues are unavailable'));

    expect(findBlock(view, ids.title)).toBeUndefined();
    expect(view['submit']).toBeUndefined();
    expectValidView(strip(view));
  });

  it('asks before deleting an issue', async () => {
    testApp.bitbucket.setIssuesRemoved(false);
    const { responseUrlId } = await testApp.command(`issue delete acme/api ${issueId}`);

    const question = await testApp.replyTo(responseUrlId);

    expect(question.body['response_type']).toBe('ephemeral');
    const button = findButton(question, ACTION_IDS.confirmIssueDelete);
    expect(button['style']).toBe('danger');
    expect((button['confirm'] as { style: string }).style).toBe('danger');
    expect(JSON.parse(String(button['value']))).toMatchObject({ u: TEST_USER_ID, i: issueId });
    expectValidMessage(question.body);
  });

  it('refuses another user\'s confirmation', async () => {
    testApp.bitbucket.setIssuesRemoved(false);
    const { responseUrlId } = await testApp.command(`issue delete acme/api ${issueId}`);
    const question = await testApp.replyTo(responseUrlId);

    await pressMessageButton(question, ACTION_IDS.confirmIssueDelete, OTHER_USER_ID, 'other-click');

    const refusal = await testApp.replyTo('other-click');
    expect(refusal.body['response_type']).toBe('ephemeral');
    expect(readMessageText(refusal.body)).toContain(`Only <@${TEST_USER_ID}>`);
    expect(repository.issues.has(issueId)).toBe(true);
    expect(testApp.bitbucket.requests.some((request) => request.method === 'DELETE')).toBe(false);
  });

  it('deletes the issue on the requester\'s confirmation', async () => {
    testApp.bitbucket.setIssuesRemoved(false);
    const { responseUrlId } = await testApp.command(`issue delete acme/api ${issueId}`);
    const question = await testApp.replyTo(responseUrlId);

    await pressMessageButton(question, ACTION_IDS.confirmIssueDelete, TEST_USER_ID, 'own-click');

    const announcement = await testApp.replyTo('own-click');
    expect(announcement.body['response_type']).toBe('in_channel');
    expect(readMessageText(announcement.body)).toContain(`deleted issue *#${issueId}*`);
    const removal = await testApp.replyTo('own-click', 1);
    expect(removal.body['delete_original']).toBe(true);
    expect(repository.issues.has(issueId)).toBe(false);
  });

  it('keeps the issue on cancel', async () => {
    testApp.bitbucket.setIssuesRemoved(false);
    const { responseUrlId } = await testApp.command(`issue delete acme/api ${issueId}`);
    const question = await testApp.replyTo(responseUrlId);

    await pressMessageButton(question, ACTION_IDS.cancelIssueDelete, TEST_USER_ID, 'cancel-click');

    const kept = await testApp.replyTo('cancel-click');
    expect(readMessageText(kept.body)).toContain('nothing was deleted');
    expect(kept.body['replace_original']).toBe(true);
    expect(repository.issues.has(issueId)).toBe(true);
  });

  it('reports a removed tracker before asking to delete', async () => {
    const { responseUrlId } = await testApp.command(`issue delete acme/api ${issueId}`);

    const reply = await testApp.replyTo(responseUrlId);

    expect(readMessageText(reply.body)).toContain('removed Issues');
    expect(JSON.stringify(reply.body)).not.toContain(ACTION_IDS.confirmIssueDelete);
  });

  it.each([
    ['comment', 'issue comment acme/api 999 Still broken'],
    ['delete', 'issue delete acme/api 999'],
  ])('names a missing issue on %s', async (_verb, command) => {
    testApp.bitbucket.setIssuesRemoved(false);
    const { responseUrlId } = await testApp.command(command);

    const text = readMessageText((await testApp.replyTo(responseUrlId)).body);

    expect(text).toContain('Bitbucket found no issue #999 in acme/api.');
    expect(text).not.toContain('removed Issues');
  });

  it('names a missing issue in the update form', async () => {
    testApp.bitbucket.setIssuesRemoved(false);
    await testApp.command('issue update acme/api 999');

    const view = await waitForView(testApp, (candidate) => candidate.method === 'views.update');

    expect(readViewText(view)).toContain('Bitbucket found no issue #999 in acme/api.');
    expect(readViewText(view)).not.toContain('removed Issues');
  });

  it('explains removal when every issue path answers 404', async () => {
    testApp.bitbucket.setIssuesRemoved(false);
    testApp.bitbucket.inject({ kind: 'status', status: 404, path: /\/issues/, times: Infinity });
    const { responseUrlId } = await testApp.command(`issue comment acme/api ${issueId} Still broken`);

    const text = readMessageText((await testApp.replyTo(responseUrlId)).body);

    expect(text).toContain('removed Issues');
    expect(repository.issues.get(issueId)?.comments).toHaveLength(0);
  });

  function updateState(form: SentView, changes: { title?: string; state?: string; content?: string | null }) {
    return buildState(form, {
      [ids.title]: state.text(changes.title ?? 'Login fails'),
      [ids.content]: state.text(changes.content === undefined ? 'Steps: open /login' : changes.content),
      [ids.kind]: state.staticSelect('bug'),
      [ids.priority]: state.staticSelect('major'),
      ...(changes.state === undefined ? {} : { [ids.state]: state.staticSelect(changes.state) }),
    });
  }

  async function pressMessageButton(message: RecordedSlackCall, actionId: string, userId: string, responseUrlId: string): Promise<void> {
    const button = findButton(message, actionId);
    const payload = buildBlockActions({
      user: { id: userId, username: 'someone', name: 'someone' },
      response_url: testApp.slack.responseUrl(responseUrlId),
      container: { type: 'message', is_ephemeral: true },
      actions: [{ type: 'button', action_id: actionId, block_id: BLOCK_IDS.message.deleteConfirmation, value: button['value'], text: button['text'], action_ts: '1548426417.840180' }],
    });
    const response = await testApp.interact(payload);
    expect(response.status).toBe(200);
  }
});

function findButton(message: RecordedSlackCall, actionId: string): Record<string, unknown> {
  const blocks = message.body['blocks'] as Array<{ type: string; elements?: Array<Record<string, unknown>> }>;
  const button = blocks.flatMap((block) => block.elements ?? []).find((element) => element['action_id'] === actionId);
  if (button === undefined) throw new Error(`no button ${actionId} in ${message.rawBody}`);
  return button;
}

function strip(view: SentView): Record<string, unknown> {
  const { id: _id, hash: _hash, method: _method, ...rest } = view;
  return rest;
}
