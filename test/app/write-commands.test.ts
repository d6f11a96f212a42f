import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { readMessageText, startTestApp, TEST_BOT_TOKEN, TEST_USER_ID, type TestApp } from '../support/app-harness.js';
import { expectValidMessage } from '../support/block-kit-schema.js';
import { seedAcme, type AcmeWorld } from '../support/command-fixtures.js';
import { RESPONSE_URL_METHOD, type RecordedSlackCall } from '../support/fake-slack.js';

describe('write commands end to end', () => {
  let testApp: TestApp;
  let world: AcmeWorld;

  beforeEach(async () => {
    testApp = await startTestApp();
    world = seedAcme(testApp.bitbucket);
    await testApp.connect(world.ada);
  });

  afterEach(async () => {
    await testApp.stop();
    testApp.bitbucket.assertRequestsValid();
  });

  async function run(text: string): Promise<{ reply: RecordedSlackCall; text: string; responseUrlId: string }> {
    const { status, responseUrlId } = await testApp.command(text);
    expect(status).toBe(200);
    const reply = await testApp.replyTo(responseUrlId);
    expectValidMessage(reply.body);
    return { reply, text: readMessageText(reply.body), responseUrlId };
  }

  async function waitForLog(predicate: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const found = testApp.logs.find(predicate);
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error('no matching log line within 5 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  function branchHash(name: string): string | undefined {
    return world.api.branches.get(name);
  }

  function branchPosts(): number {
    return testApp.bitbucket.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/refs/branches')).length;
  }

  describe('branch create', () => {
    it('starts at the main branch by default and announces it', async () => {
      const { reply, text } = await run('branch create acme/api feature/new');

      expect(branchHash('feature/new')).toBe(world.mainHash);
      expect(reply.body.response_type).toBe('in_channel');
      expect(text).toContain(`<@${TEST_USER_ID}> created branch`);
      expect(text).toContain('<https://bitbucket.org/acme/api/branch/feature%2Fnew|feature/new>');
      expect(text).toContain(`\`main\` (\`${world.mainHash.slice(0, 7)}\`)`);
    });

    it('starts at a named branch', async () => {
      await run('branch create acme/api feature/child from feature/login');

      expect(branchHash('feature/child')).toBe(world.featureHash);
    });

    it('starts at a tag', async () => {
      testApp.bitbucket.addTag(world.acme, world.api, 'v2.0', world.featureHash);

      await run('branch create acme/api hotfix/v2 from v2.0');

      expect(branchHash('hotfix/v2')).toBe(world.featureHash);
    });

    it('starts at an abbreviated commit hash', async () => {
      const { text } = await run(`branch create acme/api review/${world.featureHash.slice(0, 7)} from ${world.featureHash.slice(0, 7)}`);

      expect(branchHash(`review/${world.featureHash.slice(0, 7)}`)).toBe(world.featureHash);
      expect(text).toContain('created branch');
    });

    it('names a starting point that does not exist', async () => {
      const { reply, text } = await run('branch create acme/api feature/x from nosuchref');

      expect(reply.body.response_type).toBe('ephemeral');
      expect(text).toContain('The repository acme/api has no branch, tag or commit named `nosuchref`.');
      expect(branchPosts()).toBe(0);
    });

    it('names a repository that does not exist', async () => {
      const { text } = await run('branch create acme/nope feature/x from main');

      expect(text).toContain('Bitbucket found no repository acme/nope.');
      expect(branchPosts()).toBe(0);
    });

    it('replies to the user alone when the channel rejects it', async () => {
      testApp.slack.respondWith(
        RESPONSE_URL_METHOD,
        (call) => (call.body.response_type === 'in_channel' ? { status: 404, body: { ok: false, error: 'channel_not_found' } } : {}),
      );

      const { responseUrlId } = await testApp.command('branch create acme/api feature/quiet');
      const fallback = await testApp.replyTo(responseUrlId, 1);

      expectValidMessage(fallback.body);
      expect(fallback.body.response_type).toBe('ephemeral');
      expect(readMessageText(fallback.body)).toContain('created branch');
      expect(readMessageText(fallback.body)).toContain('only you can see it');
      expect(branchHash('feature/quiet')).toBe(world.mainHash);
    });

    it('sends a direct message when the response_url fails', async () => {
      testApp.slack.respondWith(RESPONSE_URL_METHOD, { status: 404, body: { ok: false, error: 'expired_url' } });

      await testApp.command('branch create acme/api feature/direct');
      const direct = await testApp.slack.waitFor('chat.postMessage', 5_000);

      expectValidMessage(direct.body);
      expect(direct.body.channel).toBe(TEST_USER_ID);
      expect(direct.token).toBe(TEST_BOT_TOKEN);
      expect(readMessageText(direct.body)).toContain('created branch');
      expect(branchHash('feature/direct')).toBe(world.mainHash);
    });

    it('logs the result when no reply reaches the user', async () => {
      testApp.slack.respondWith(RESPONSE_URL_METHOD, { status: 404, body: { ok: false, error: 'expired_url' } });
      testApp.slack.failWith('chat.postMessage', 'channel_not_found');

      await testApp.command('branch create acme/api feature/lost');
      await testApp.slack.waitFor('chat.postMessage', 5_000);
      const logged = await waitForLog((line) => line.msg === 'could not deliver the result of a change to the user in Slack; the change itself was made');

      expect(logged.level).toBe('error');
      expect(logged.result).toContain('Created branch feature/lost in acme/api');
      expect(logged.slackUserId).toBe(TEST_USER_ID);
      expect(branchHash('feature/lost')).toBe(world.mainHash);
    });
  });

  describe('issue comment', () => {
    it('comments and announces it in the channel', async () => {
      testApp.bitbucket.setIssuesRemoved(false);
      const tracker = testApp.bitbucket.addRepository(world.acme, { slug: 'tracker', has_issues: true, files: { 'a.txt': 'a' } });
      const issueId = testApp.bitbucket.addIssue(world.acme, tracker, { title: 'Login fails', reporter: world.ada });

      const { reply, text } = await run(`issue comment acme/tracker ${issueId} Fixed in feature/login`);

      expect(reply.body.response_type).toBe('in_channel');
      expect(text).toContain(`commented on issue`);
      expect(text).toContain('Fixed in feature/login');
      expect(tracker.issues.get(issueId)?.comments.map((comment) => comment.raw)).toEqual(['Fixed in feature/login']);
    });
  });

  describe('snippet comment', () => {
    it('comments and announces it in the channel', async () => {
      const { reply, text } = await run(`snippet comment acme ${world.snippetId} Works on staging`);

      expect(reply.body.response_type).toBe('in_channel');
      expect(text).toContain('commented on snippet');
      expect(text).toContain('Works on staging');
    });

    it('replies to another comment', async () => {
      await run(`snippet comment acme ${world.snippetId} First`);
      const snippet = world.acme.snippets.get(world.snippetId)!;
      const firstId = snippet.comments[0]!.id;

      const { text } = await run(`snippet comment acme ${world.snippetId} Second reply-to ${firstId}`);

      expect(text).toContain(`replied to comment ${firstId} on snippet`);
      expect(snippet.comments[1]?.parentId).toBe(firstId);
    });
  });
});
