import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ACTION_IDS } from '../../src/slack/ids.js';
import { BUSY_TEXT } from '../../src/slack/listeners/busy-reply.js';
import { encodePullRequestPageValue } from '../../src/slack/render/pull-request-page-value.js';
import { readMessageText, startTestApp, type TestApp } from '../support/app-harness.js';
import { seedAcme, type AcmeWorld } from '../support/command-fixtures.js';
import { buildBlockActions } from '../support/slack-request.js';

const BITBUCKET_DELAY_MS = 1_500;

describe('work queue under load', () => {
  let testApp: TestApp;
  let world: AcmeWorld;

  beforeEach(async () => {
    // One command runs and one waits; a third finds the queue full.
    testApp = await startTestApp({ workQueue: { maxRunning: 1, maxQueued: 1 } });
    world = seedAcme(testApp.bitbucket);
    testApp.bitbucket.addPullRequest(world.acme, world.api, { title: 'Add login', source: 'feature/login', author: world.ada });
    await testApp.connect(world.ada);
  });

  /** Sends `prs acme/api` and waits until Bitbucket got its request, so the queue's state is known. */
  async function startSlowCommand(): Promise<{ responseUrlId: string }> {
    const before = countPullRequestCalls();
    const command = await testApp.command('prs acme/api');
    const deadline = Date.now() + 5_000;
    while (countPullRequestCalls() === before) {
      if (Date.now() > deadline) throw new Error('the command did not reach Bitbucket within 5 s');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return command;
  }

  function countPullRequestCalls(): number {
    return testApp.bitbucket.requests.filter((request) => request.path.endsWith('/pullrequests')).length;
  }

  afterEach(async () => {
    testApp.bitbucket.clearFaults();
    await testApp.stop();
    testApp.bitbucket.assertRequestsValid();
  });

  it('answers a queued command later', async () => {
    testApp.bitbucket.inject({ kind: 'delay', ms: BITBUCKET_DELAY_MS, path: '/repositories/acme/api/pullrequests' });

    const running = await startSlowCommand();
    const queued = await testApp.command('prs acme/api');

    expect(queued.status).toBe(200);
    expect(queued.body).toBe('');
    for (const command of [running, queued]) {
      const reply = await testApp.replyTo(command.responseUrlId, 0, 10_000);
      expect(readMessageText(reply.body)).toContain('Add login');
    }
    // With one task at a time, the queued command reached Bitbucket only after the first got its response.
    const [first, second] = testApp.bitbucket.requests.filter((request) => request.path.endsWith('/pullrequests'));
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(BITBUCKET_DELAY_MS - 50);
  });

  it('tells the user in the ack when the queue is full', async () => {
    testApp.bitbucket.inject({ kind: 'delay', ms: BITBUCKET_DELAY_MS, path: '/repositories/acme/api/pullrequests' });
    await startSlowCommand();
    await testApp.command('prs acme/api');

    const rejected = await testApp.command('prs acme/api');

    expect(rejected.status).toBe(200);
    expect(JSON.parse(rejected.body)).toEqual({ response_type: 'ephemeral', text: BUSY_TEXT });
    const warning = testApp.logs.find((line) => line.msg === 'rejected a /bitbucket command: the work queue is full');
    expect(warning?.slackUserId).toBeDefined();
  });

  it('reports a full queue to a button', async () => {
    testApp.bitbucket.inject({ kind: 'delay', ms: BITBUCKET_DELAY_MS, path: '/repositories/acme/api/pullrequests' });
    await startSlowCommand();
    await testApp.command('prs acme/api');
    const before = countPullRequestCalls();

    const payload = buildBlockActions({
      response_url: testApp.slack.responseUrl('busy-click'),
      actions: [{ action_id: ACTION_IDS.pullRequestsNextPage, block_id: 'pagination', type: 'button', value: encodePullRequestPageValue({ workspace: 'acme', repoSlug: 'api', state: 'open', page: 2 }), action_ts: '1700000000.000100' }],
    });
    const { status } = await testApp.interact(payload);

    expect(status).toBe(200);
    const reply = await testApp.replyTo('busy-click');
    expect(readMessageText(reply.body)).toContain(BUSY_TEXT);
    expect(reply.body.replace_original).toBe(false);
    // The rejected click never reached Bitbucket; only the two commands did, once each.
    await new Promise((resolve) => setTimeout(resolve, BITBUCKET_DELAY_MS * 2 + 500));
    expect(countPullRequestCalls() - before).toBe(1);
  });

  it('opens a form while the queue is full', async () => {
    testApp.bitbucket.inject({ kind: 'delay', ms: BITBUCKET_DELAY_MS, path: '/repositories/acme/api/pullrequests' });
    await startSlowCommand();
    await testApp.command('prs acme/api');

    const form = await testApp.command('pr create acme/api');

    expect(form.status).toBe(200);
    expect(form.body).toBe('');
    const opened = await testApp.slack.waitFor('views.open', 2_500);
    expect(opened.body.trigger_id).toBeDefined();
  });
});
