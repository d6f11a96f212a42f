import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { cacheKey, modalContextKey } from '../../../src/connections/keys.js';
import { BLOCK_IDS, SHORTCUT_IDS, VIEW_IDS } from '../../../src/slack/ids.js';
import { readMessageText, startTestApp, TEST_CHANNEL_ID, TEST_TEAM_ID, type TestApp } from '../../support/app-harness.js';
import type { FakeUser } from '../../support/fake-bitbucket/index.js';
import {
  buildState,
  expectEverySurfaceValid,
  findBlock,
  readViewText,
  state,
  submitView,
  waitForView,
  type SentView,
} from '../../support/modal-driver.js';
import { buildMessageAction, type PayloadOverrides } from '../../support/slack-request.js';

const ids = BLOCK_IDS.issue;
/** ts of the message in the top-level fixture, which has no thread. */
const MESSAGE_TS = '1516229207.000133';

describe('issue from a message, edge cases', () => {
  let testApp: TestApp;
  let ada: FakeUser;

  beforeEach(async () => {
    testApp = await startTestApp();
    const { bitbucket } = testApp;
    ada = bitbucket.addUser({ display_name: 'Ada Lovelace', nickname: 'ada' });
    const workspace = bitbucket.addWorkspace({ slug: 'acme' });
    bitbucket.addMember(workspace, ada);
    bitbucket.addRepository(workspace, { slug: 'api', has_issues: true, files: { 'README.md': '# API' } });
    bitbucket.setIssuesRemoved(false);
    await testApp.connect(ada);
  });

  afterEach(async () => {
    await testApp.stop();
    testApp.bitbucket.assertRequestsValid();
    expectEverySurfaceValid(testApp);
  });

  /** Uses "Create Bitbucket issue" on a top-level message and returns the filled-in form. */
  async function useShortcut(message: PayloadOverrides, options: { threadReply?: boolean } = {}): Promise<SentView> {
    const response = await testApp.interact(buildMessageAction({ message, response_url: testApp.slack.responseUrl('shortcut') }, options));
    expect(response.status).toBe(200);
    return waitForView(testApp, (view) => view.method === 'views.update' && findBlock(view, ids.title) !== undefined);
  }

  function initialValue(view: SentView, blockId: string): string | undefined {
    return (findBlock(view, blockId)?.['element'] as { initial_value?: string } | undefined)?.initial_value;
  }

  function issues() {
    return [...(testApp.bitbucket.state.workspaces.get('acme')?.repositories.get('api')?.issues.values() ?? [])];
  }

  it('files an image-only message by its link', async () => {
    const form = await useShortcut({ text: '', files: [{ id: 'F04B7KQAH9W', name: 'screenshot.png' }], blocks: [] });

    expect(initialValue(form, ids.title)).toBeUndefined();
    expect(initialValue(form, ids.content)).toMatch(/^Posted in Slack: http:\/\/127\.0\.0\.1:\d+\/archives\//);
    const empty = await submitView(testApp, form, buildState(form, { [ids.repository]: state.select('acme/api'), [ids.title]: state.text(null), [ids.content]: state.text(initialValue(form, ids.content) ?? '') }));
    expect((empty.ack['errors'] as Record<string, string>)[ids.title]).toBe('Enter a title.');
    expect(issues()).toHaveLength(0);
  });

  it('files a bot message from its attachments', async () => {
    const form = await useShortcut({ user: undefined, bot_id: 'B04B7KQBJ0X', subtype: 'bot_message', text: '', attachments: [{ fallback: 'Deploy #42 failed', text: 'Deploy #42 failed on prod' }] });

    expect(initialValue(form, ids.title)).toBe('Deploy #42 failed on prod');
  });

  it('keeps 40 unknown mentions as ids', async () => {
    testApp.slack.failWith('users.info', 'user_not_found', 100);
    const mentions = Array.from({ length: 40 }, (_unused, index) => `<@U0UNKNOWN${String(index).padStart(2, '0')}>`);

    const form = await useShortcut({ text: `cc ${mentions.join(' ')}` });

    expect(testApp.slack.callsTo('users.info').length).toBeLessThanOrEqual(20);
    const content = initialValue(form, ids.content) ?? '';
    expect(content).toContain('cc @U0UNKNOWN00 @U0UNKNOWN01');
    expect(content).toContain('@U0UNKNOWN39');
    expect(content).not.toContain('<@');
  });

  it('files the message when users.info fails', async () => {
    testApp.slack.respondWith('users.info', { status: 500, body: { ok: false, error: 'internal_error' } });

    const form = await useShortcut({ text: 'ping <@U04B7KQ4B3P> about the deploy' });

    expect(initialValue(form, ids.title)).toBe('ping @U04B7KQ4B3P about the deploy');
  });

  it('files a 40,000-character message whole', async () => {
    const text = `Crash in 🚀 ${'x'.repeat(300)}\n${'line of the log\n'.repeat(2_480)}`.slice(0, 40_000);

    const form = await useShortcut({ text });

    expect(String(form.private_metadata).length).toBeLessThan(100);
    const title = initialValue(form, ids.title) ?? '';
    expect(title.length).toBeLessThanOrEqual(255);
    expect(title.startsWith('Crash in 🚀')).toBe(true);
    const submitted = await submitView(testApp, form, buildState(form, { [ids.repository]: state.select('acme/api'), [ids.title]: state.text(title), [ids.note]: state.text('From the on-call channel') }));
    expect(submitted.ack).toEqual({});
    const [issue] = issues();
    expect(issue?.content.raw.startsWith(`From the on-call channel\n\n${text}`)).toBe(true);
  });

  it('cuts a long title without splitting an emoji', async () => {
    const text = `${'a'.repeat(253)}🚀🚀 and more`;

    const form = await useShortcut({ text });

    expect(initialValue(form, ids.title)).toBe(`${'a'.repeat(253)}…`);
  });

  it('posts under a top-level message as a thread', async () => {
    const form = await useShortcut({ text: 'Login fails' });

    await submitView(testApp, form, buildState(form, { [ids.repository]: state.select('acme/api'), [ids.title]: state.text('Login fails'), [ids.content]: state.text('Login fails') }));

    const confirmation = await testApp.slack.waitFor('chat.postMessage');
    expect(confirmation.body['channel']).toBe(TEST_CHANNEL_ID);
    expect(confirmation.body['thread_ts']).toBe(MESSAGE_TS);
  });

  it('reports a stuck loading view', async () => {
    testApp.slack.failWith('views.update', 'internal_error', 5);

    await testApp.interact(buildMessageAction({ message: { text: 'Login fails' }, response_url: testApp.slack.responseUrl('stuck') }));

    const reply = await testApp.replyTo('stuck');
    expect(readMessageText(reply.body)).toContain('The form did not open, because Slack did not show it (internal_error)');
    expect(readMessageText(reply.body)).toContain('Use the shortcut on the message again.');
    expect(reply.body['response_type']).toBe('ephemeral');
  });

  it('reports a stuck update form', async () => {
    const issueId = testApp.bitbucket.addIssue('acme', 'api', { title: 'Login fails', reporter: ada });
    testApp.slack.failWith('views.update', 'internal_error', 5);

    const { responseUrlId } = await testApp.command(`issue update acme/api ${issueId}`);

    const reply = await testApp.replyTo(responseUrlId);
    expect(readMessageText(reply.body)).toContain(`Run /bitbucket issue update acme/api ${issueId} again.`);
  });

  it('rejects an update form whose context expired', async () => {
    const issueId = testApp.bitbucket.addIssue('acme', 'api', { title: 'Login fails', reporter: ada });
    await testApp.command(`issue update acme/api ${issueId}`);
    const form = await waitForView(testApp, (view) => view.method === 'views.update' && findBlock(view, ids.state) !== undefined);
    const contextId = (JSON.parse(String(form.private_metadata)) as { c: string }).c;
    await testApp.app.store.delete(modalContextKey(contextId));

    const submitted = await submitView(testApp, form, buildState(form, { [ids.title]: state.text('Login fails on Safari'), [ids.content]: state.text(null) }));

    expect(submitted.ack['response_action']).toBe('errors');
    const errors = submitted.ack['errors'] as Record<string, string>;
    expectErrorsOnInputs(form, errors);
    expect(errors[ids.title]).toContain('too old');
  });

  it('comments with a 40,000-character message whole', async () => {
    const issueId = testApp.bitbucket.addIssue('acme', 'api', { title: 'Login fails', reporter: ada });
    const text = `Same here\n${'trace line\n'.repeat(3_700)}`.slice(0, 40_000);
    await testApp.interact(buildMessageAction({ callback_id: SHORTCUT_IDS.commentIssue, message: { text } }, { threadReply: true }));
    const form = await waitForView(testApp, (view) => view.method === 'views.update' && view.callback_id === VIEW_IDS.issueComment);
    const commentIds = BLOCK_IDS.issueComment;

    const submitted = await submitView(
      testApp,
      form,
      buildState(form, {
        [commentIds.repository]: state.select('acme/api'),
        [commentIds.issue]: state.select(String(issueId), `#${issueId} Login fails`),
        [commentIds.note]: state.text(null),
      }),
    );

    expect(submitted.ack).toEqual({});
    const issue = testApp.bitbucket.state.workspaces.get('acme')?.repositories.get('api')?.issues.get(issueId);
    expect(issue?.comments[0]?.raw.startsWith(text)).toBe(true);
    expect(readViewText(form)).toContain('40,000 characters');
  });

  it('keys the issue error to the submitted block', async () => {
    await testApp.interact(buildMessageAction({ callback_id: SHORTCUT_IDS.commentIssue, message: { text: 'Same on Firefox' } }, { threadReply: true }));
    const form = await waitForView(testApp, (view) => view.method === 'views.update' && view.callback_id === VIEW_IDS.issueComment);
    const commentIds = BLOCK_IDS.issueComment;

    // The user picked a repository and pressed Comment before the form was rebuilt for it.
    const submitted = await submitView(testApp, form, buildState(form, { [commentIds.repository]: state.select('acme/api'), [commentIds.content]: state.text('Same') }));

    const errors = submitted.ack['errors'] as Record<string, string>;
    expectErrorsOnInputs(form, errors);
    expect(Object.values(errors)).toEqual(['Pick an issue from the list.']);
  });

  it('keys the assignee error to the submitted block', async () => {
    const form = await useShortcut({ text: 'Login fails' });

    const submitted = await submitView(
      testApp,
      form,
      buildState(form, {
        [ids.repository]: state.select('acme/api'),
        [ids.title]: state.text('Login fails'),
        [ids.content]: state.text('Login fails'),
        [ids.assignee]: state.select('~hint', 'Bitbucket is slow'),
      }),
    );

    const errors = submitted.ack['errors'] as Record<string, string>;
    expectErrorsOnInputs(form, errors);
    expect(Object.values(errors)).toEqual(['Pick a member from the list.']);
  });

  it('files no message for another user', async () => {
    const form = await useShortcut({ text: `Private incident notes\n${'secret line\n'.repeat(400)}` });
    const grace = testApp.bitbucket.addUser({ display_name: 'Grace Hopper' });
    testApp.bitbucket.addMember('acme', grace);
    await testApp.connect(grace, 'U0GRACE');

    const submitted = await submitView(
      testApp,
      form,
      buildState(form, { [ids.repository]: state.select('acme/api'), [ids.title]: state.text('Notes'), [ids.note]: state.text(null) }),
      { userId: 'U0GRACE' },
    );

    expect((submitted.ack['errors'] as Record<string, string>)[ids.note]).toContain('too old');
    expect(issues()).toHaveLength(0);
  });

  it('caches names per workspace', async () => {
    await useShortcut({ text: 'ping <@U04B7KQ4B3P>' });

    expect(await testApp.app.store.get(cacheKey('slack-user-name', TEST_TEAM_ID, 'U04B7KQ4B3P'))).toBe('example.user');
  });
});

/** Checks that every key of an `errors` ack names an input block of the view, as Slack requires. */
function expectErrorsOnInputs(view: SentView, errors: Record<string, string>): void {
  const inputIds = view.blocks.filter((block) => block['type'] === 'input').map((block) => block['block_id']);
  for (const blockId of Object.keys(errors)) expect(inputIds).toContain(blockId);
}
