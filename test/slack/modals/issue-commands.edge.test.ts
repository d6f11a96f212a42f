import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ACTION_IDS, BLOCK_IDS } from '../../../src/slack/ids.js';
import { readMessageText, startTestApp, TEST_USER_ID, type TestApp } from '../../support/app-harness.js';
import type { FakeRepository, FakeUser } from '../../support/fake-bitbucket/index.js';
import type { RecordedSlackCall } from '../../support/fake-slack.js';
import { expectEverySurfaceValid } from '../../support/modal-driver.js';
import { buildBlockActions, buildShortcut } from '../../support/slack-request.js';

describe('issue delete confirmation and global shortcut, edge cases', () => {
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
    issueId = bitbucket.addIssue(workspace, 'api', { title: 'Login fails', reporter: ada });
    bitbucket.setIssuesRemoved(false);
    await testApp.connect(ada);
  });

  afterEach(async () => {
    await testApp.stop();
    testApp.bitbucket.assertRequestsValid();
    expectEverySurfaceValid(testApp);
  });

  async function pressButton(message: RecordedSlackCall, actionId: string, responseUrlId: string, value?: unknown): Promise<void> {
    const blocks = message.body['blocks'] as Array<{ elements?: Array<Record<string, unknown>> }>;
    const button = blocks.flatMap((block) => block.elements ?? []).find((element) => element['action_id'] === actionId);
    const payload = buildBlockActions({
      user: { id: TEST_USER_ID, username: 'example.user', name: 'example.user' },
      response_url: testApp.slack.responseUrl(responseUrlId),
      container: { type: 'message', is_ephemeral: true },
      actions: [{ type: 'button', action_id: actionId, block_id: BLOCK_IDS.message.deleteConfirmation, value: value ?? button?.['value'], text: button?.['text'], action_ts: '1548426417.840180' }],
    });
    expect((await testApp.interact(payload)).status).toBe(200);
  }

  /** Waits until both presses' work is done, then returns every reply sent to their response_urls. */
  async function repliesOfPresses(): Promise<RecordedSlackCall[]> {
    await waitFor(() => testApp.slack.calls.some((call) => call.body['delete_original'] === true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    return testApp.slack.calls.filter((call) => call.responseUrlId === 'first-press' || call.responseUrlId === 'second-press');
  }

  it('deletes on a double press once', async () => {
    const { responseUrlId } = await testApp.command(`issue delete acme/api ${issueId}`);
    const question = await testApp.replyTo(responseUrlId);
    testApp.bitbucket.inject({ kind: 'delay', ms: 300, method: 'DELETE', times: 2 });

    await Promise.all([
      pressButton(question, ACTION_IDS.confirmIssueDelete, 'first-press'),
      pressButton(question, ACTION_IDS.confirmIssueDelete, 'second-press'),
    ]);

    const replies = await repliesOfPresses();
    expect(repository.issues.has(issueId)).toBe(false);
    expect(testApp.bitbucket.requests.filter((request) => request.method === 'DELETE')).toHaveLength(1);
    // The press that deleted the issue announces it and removes the question; the other one stays silent.
    expect(replies.filter((reply) => readMessageText(reply.body).includes(`deleted issue *#${issueId}*`))).toHaveLength(1);
    expect(replies.filter((reply) => reply.body['delete_original'] === true)).toHaveLength(1);
    expect(replies).toHaveLength(2);
  });

  it('deletes on a press after a refusal', async () => {
    const { responseUrlId } = await testApp.command(`issue delete acme/api ${issueId}`);
    const question = await testApp.replyTo(responseUrlId);
    testApp.bitbucket.inject({ kind: 'status', status: 403, method: 'DELETE' });

    await pressButton(question, ACTION_IDS.confirmIssueDelete, 'refused-press');
    const refusal = await testApp.replyTo('refused-press');
    await pressButton(question, ACTION_IDS.confirmIssueDelete, 'retry-press');
    const announcement = await testApp.replyTo('retry-press');

    expect(readMessageText(refusal.body)).toContain('denied access');
    expect(readMessageText(announcement.body)).toContain(`deleted issue *#${issueId}*`);
    expect(repository.issues.has(issueId)).toBe(false);
  });

  it('rejects a tampered button value', async () => {
    const { responseUrlId } = await testApp.command(`issue delete acme/api ${issueId}`);
    const question = await testApp.replyTo(responseUrlId);

    await pressButton(question, ACTION_IDS.confirmIssueDelete, 'tampered', JSON.stringify({ w: 'acme', r: 'api', i: issueId, u: TEST_USER_ID, extra: 1 }));

    const reply = await testApp.replyTo('tampered');
    expect(readMessageText(reply.body)).toContain('This button no longer works');
    expect(repository.issues.has(issueId)).toBe(true);
  });

  it('logs a global shortcut whose trigger expired', async () => {
    testApp.slack.failWith('views.open', 'expired_trigger_id');
    const callsBefore = testApp.slack.calls.length;

    const response = await testApp.interact(buildShortcut());

    expect(response.status).toBe(200);
    await waitFor(() => testApp.logs.some((line) => line['msg'] === 'could not open the form of a shortcut'));
    // A global shortcut has no channel and no response_url, so nothing else can reach the user.
    expect(testApp.slack.calls.slice(callsBefore).map((call) => call.method)).toEqual(['views.open']);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
