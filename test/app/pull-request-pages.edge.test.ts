import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ACTION_IDS } from '../../src/slack/ids.js';
import { readMessageText, startTestApp, TEST_USER_ID, type TestApp } from '../support/app-harness.js';
import { expectValidMessage } from '../support/block-kit-schema.js';
import { seedAcme, type AcmeWorld } from '../support/command-fixtures.js';
import type { FakeRepository } from '../support/fake-bitbucket/index.js';
import { RESPONSE_URL_METHOD, type RecordedSlackCall } from '../support/fake-slack.js';
import { buildBlockActions } from '../support/slack-request.js';

interface Button {
  action_id: string;
  value?: string;
  text: { text: string };
}

/** Returns the pagination button with `actionId` in a recorded reply, if the reply has one. */
function findButton(reply: RecordedSlackCall, actionId: string): Button | undefined {
  const blocks = reply.body.blocks as Array<{ type: string; elements?: Button[] }>;
  return blocks.flatMap((block) => (block.type === 'actions' ? (block.elements ?? []) : [])).find((button) => button.action_id === actionId);
}

/** Returns the pull request numbers a list reply shows, in order. */
function readPullRequestIds(reply: RecordedSlackCall): number[] {
  return [...readMessageText(reply.body).matchAll(/\|#(\d+) /g)].map((match) => Number(match[1]));
}

describe('pull request list pages', () => {
  let testApp: TestApp;
  let world: AcmeWorld;
  let clickSequence = 0;

  beforeEach(async () => {
    testApp = await startTestApp();
    world = seedAcme(testApp.bitbucket);
    await testApp.connect(world.ada);
  });

  afterEach(async () => {
    await testApp.stop();
    testApp.bitbucket.assertRequestsValid();
  });

  /** Adds a repository `acme/<slug>` with `count` open pull requests titled by `title(n)`. */
  function addPullRequests(slug: string, count: number, title: (n: number) => string): FakeRepository {
    const repository = testApp.bitbucket.addRepository(world.acme, { slug, files: { 'README.md': 'hi' } });
    testApp.bitbucket.addCommit(world.acme, repository, { branch: 'feature/x', files: { 'x.txt': 'x' } });
    for (let n = 1; n <= count; n += 1) {
      testApp.bitbucket.addPullRequest(world.acme, repository, { title: title(n), source: 'feature/x', author: world.ada });
    }
    return repository;
  }

  async function listPullRequests(text: string): Promise<RecordedSlackCall> {
    const { status, responseUrlId } = await testApp.command(text);
    expect(status).toBe(200);
    const reply = await testApp.replyTo(responseUrlId);
    expectValidMessage(reply.body);
    return reply;
  }

  /** Clicks `button` as `userId` and returns the message posted to the click's response_url. */
  async function click(button: Button, userId = TEST_USER_ID): Promise<RecordedSlackCall> {
    clickSequence += 1;
    const responseUrlId = `click-${clickSequence}`;
    const payload = buildBlockActions({
      user: { id: userId },
      response_url: testApp.slack.responseUrl(responseUrlId),
      actions: [{ action_id: button.action_id, block_id: 'pagination', type: 'button', value: button.value, action_ts: '1700000000.000100' }],
    });
    const { status } = await testApp.interact(payload);
    expect(status).toBe(200);
    const reply = await testApp.replyTo(responseUrlId);
    expectValidMessage(reply.body);
    return reply;
  }

  /** Waits until the app logs a line at warn level or above. */
  async function waitForProblemLog(timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!testApp.logs.some((line) => line.level === 'warn' || line.level === 'error')) {
      if (Date.now() > deadline) throw new Error(`no warn or error log line within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('pages through 60 pull requests and back', async () => {
    addPullRequests('busy', 60, (n) => `Change ${n}`);

    let reply = await listPullRequests('prs acme/busy');
    const seen = readPullRequestIds(reply);
    expect(findButton(reply, ACTION_IDS.pullRequestsPreviousPage)).toBeUndefined();

    for (let page = 2; page <= 6; page += 1) {
      const next = findButton(reply, ACTION_IDS.pullRequestsNextPage);
      expect(next, `Next button on page ${page - 1}`).toBeDefined();
      reply = await click(next!);
      expect(reply.body.replace_original).toBe(true);
      expect(readMessageText(reply.body)).toContain(`Page ${page}`);
      seen.push(...readPullRequestIds(reply));
    }
    expect(findButton(reply, ACTION_IDS.pullRequestsNextPage)).toBeUndefined();
    expect(seen).toEqual(Array.from({ length: 60 }, (_, index) => 60 - index));

    for (let page = 5; page >= 1; page -= 1) {
      const previous = findButton(reply, ACTION_IDS.pullRequestsPreviousPage);
      expect(previous, `Previous button on page ${page + 1}`).toBeDefined();
      reply = await click(previous!);
      expect(readMessageText(reply.body)).toContain(`Page ${page}`);
    }
    expect(readPullRequestIds(reply)).toEqual([60, 59, 58, 57, 56, 55, 54, 53, 52, 51]);
    expect(findButton(reply, ACTION_IDS.pullRequestsPreviousPage)).toBeUndefined();
  });

  it('shows whole pages of 300-character titles', async () => {
    addPullRequests('verbose', 25, (n) => `${String(n).padStart(2, '0')} ${'Refactor the request pipeline '.repeat(10)}`.slice(0, 300));

    const first = await listPullRequests('prs acme/verbose');
    expect(readPullRequestIds(first)).toEqual([25, 24, 23, 22, 21, 20, 19, 18, 17, 16]);
    expect(readMessageText(first.body)).not.toContain('more.');

    const second = await click(findButton(first, ACTION_IDS.pullRequestsNextPage)!);
    expect(readPullRequestIds(second)).toEqual([15, 14, 13, 12, 11, 10, 9, 8, 7, 6]);
  });

  it('says an empty repository has none', async () => {
    testApp.bitbucket.addRepository(world.acme, { slug: 'empty' });

    const reply = await listPullRequests('prs acme/empty all');

    expect(readMessageText(reply.body)).toContain('No pull requests in');
    expect(findButton(reply, ACTION_IDS.pullRequestsNextPage)).toBeUndefined();
  });

  it('shows a hostile title literally', async () => {
    addPullRequests('hostile', 1, () => '<!channel> <https://x.example|bitbucket.org> &lt;@U1&gt;');

    const reply = await listPullRequests('prs acme/hostile');

    const text = readMessageText(reply.body);
    expect(text).toContain('#1 &lt;!channel&gt; &lt;https://x.example bitbucket.org&gt; &amp;lt;@U1&amp;gt;');
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<https://x.example');
    expect(String(reply.body.text)).not.toContain('<!channel>');
  });

  it('leads back from a page the list no longer reaches', async () => {
    const repository = addPullRequests('busy', 12, (n) => `Change ${n}`);
    const first = await listPullRequests('prs acme/busy');
    const next = findButton(first, ACTION_IDS.pullRequestsNextPage)!;
    // Someone merges the two pull requests of page 2 before the user clicks Next.
    for (const id of [1, 2]) repository.pullRequests.get(id)!.state = 'MERGED';

    const reply = await click(next);

    const text = readMessageText(reply.body);
    expect(text).toContain('Page 2');
    expect(text).not.toContain('No open pull requests in');
    const back = findButton(reply, ACTION_IDS.pullRequestsPreviousPage);
    expect(back).toBeDefined();
    expect(readPullRequestIds(await click(back!))).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
  });

  it('handles two quick Next clicks', async () => {
    addPullRequests('busy', 25, (n) => `Change ${n}`);
    const first = await listPullRequests('prs acme/busy');
    const next = findButton(first, ACTION_IDS.pullRequestsNextPage)!;

    const [one, two] = await Promise.all([click(next), click(next)]);

    expect(readPullRequestIds(one)).toEqual([15, 14, 13, 12, 11, 10, 9, 8, 7, 6]);
    expect(readPullRequestIds(two)).toEqual([15, 14, 13, 12, 11, 10, 9, 8, 7, 6]);
  });

  it.each([
    ['not JSON', 'next please', 'This button no longer works.'],
    ['page zero', JSON.stringify({ w: 'acme', r: 'busy', s: 'open', p: 0 }), 'This button no longer works.'],
    ['unknown state', JSON.stringify({ w: 'acme', r: 'busy', s: 'closed', p: 2 }), 'This button no longer works.'],
    ['extra field', JSON.stringify({ w: 'acme', r: 'busy', s: 'open', p: 2, admin: true }), 'This button no longer works.'],
    ['path in the slug', JSON.stringify({ w: 'acme', r: '../../user', s: 'open', p: 2 }), 'The input is invalid'],
  ])('rejects a tampered button value: %s', async (_case, value, expected) => {
    addPullRequests('busy', 25, (n) => `Change ${n}`);
    const requestsBefore = testApp.bitbucket.requests.length;

    const reply = await click({ action_id: ACTION_IDS.pullRequestsNextPage, value, text: { text: 'Next' } });

    expect(readMessageText(reply.body)).toContain(expected);
    expect(reply.body.replace_original).toBe(false);
    expect(testApp.bitbucket.requests.length).toBe(requestsBefore);
  });

  it('reads a tampered repository as the clicking user', async () => {
    const globex = testApp.bitbucket.addWorkspace({ slug: 'globex' });
    testApp.bitbucket.addRepository(globex, { slug: 'secret', files: { 'README.md': 'classified' } });
    const value = JSON.stringify({ w: 'globex', r: 'secret', s: 'open', p: 1 });

    const reply = await click({ action_id: ACTION_IDS.pullRequestsNextPage, value, text: { text: 'Next' } });

    const text = readMessageText(reply.body);
    expect(text).toContain('globex/secret');
    expect(text).not.toContain('Page 1');
    expect(reply.body.replace_original).toBe(false);
  });

  it('asks another clicking user to connect', async () => {
    addPullRequests('busy', 25, (n) => `Change ${n}`);
    const first = await listPullRequests('prs acme/busy');

    const reply = await click(findButton(first, ACTION_IDS.pullRequestsNextPage)!, 'U04OTHERUSER');

    const text = readMessageText(reply.body);
    expect(text).toContain('Connect your Bitbucket account');
    expect(text).not.toContain('Change 15');
    expect(reply.body.replace_original).toBe(false);
  });

  it('asks to connect after disconnecting', async () => {
    addPullRequests('busy', 25, (n) => `Change ${n}`);
    const first = await listPullRequests('prs acme/busy');
    const { responseUrlId } = await testApp.command('disconnect');
    await testApp.replyTo(responseUrlId);

    const reply = await click(findButton(first, ACTION_IDS.pullRequestsNextPage)!);

    const text = readMessageText(reply.body);
    expect(text).toContain('Connect your Bitbucket account');
    expect(text).not.toContain('Change 15');
    expect(reply.body.replace_original).toBe(false);
  });

  it('logs a failed page post once', async () => {
    addPullRequests('busy', 25, (n) => `Change ${n}`);
    const first = await listPullRequests('prs acme/busy');
    testApp.slack.respondWith(RESPONSE_URL_METHOD, { status: 404, body: { ok: false, error: 'expired_url' } });

    const reply = await click(findButton(first, ACTION_IDS.pullRequestsNextPage)!);
    await waitForProblemLog();
    // A wrong error reply would follow the first log line at once.
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(readPullRequestIds(reply)).toEqual([15, 14, 13, 12, 11, 10, 9, 8, 7, 6]);
    const problems = testApp.logs.filter((line) => line.level === 'warn' || line.level === 'error');
    expect(problems.map((line) => line.msg)).toEqual(['posting the page of the pull request list failed']);
    expect(problems[0]?.slackUserId).toBe(TEST_USER_ID);
    expect(testApp.slack.calls.filter((call) => call.responseUrlId === reply.responseUrlId)).toHaveLength(1);
  });
});
