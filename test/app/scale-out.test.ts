import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { BLOCK_IDS, VIEW_IDS } from '../../src/slack/ids.js';
import { findButtonUrl, readMessageText, TEST_TEAM_ID } from '../support/app-harness.js';
import { buildAppEnvironment, PROCESS_SIGNING_SECRET, reservePort, startAppProcess, type AppProcess } from '../support/app-process.js';
import { openAuthorizeUrl, postConfirm } from '../support/connections-test-app.js';
import { startFakeBitbucket, type FakeBitbucket, type FakeUser, type RecordedRequest } from '../support/fake-bitbucket/index.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { buildState, state, submitView, waitForView, type ModalTarget } from '../support/modal-driver.js';
import { createTestNamespace, deleteTestNamespaces, SHARED_REDIS_URL } from '../support/redis-test-namespace.js';
import { createSlackDriver, type SlackDriver } from '../support/slack-driver.js';
import { startSwitchingProxy, type SwitchingProxy } from '../support/switching-proxy.js';

const TEAM_ID = 'T0SCALEOUT1';
const CONSUMER = { clientId: 'scale-out-consumer', clientSecret: 'scale-out-consumer-secret' };
const PULL_REQUEST_BLOCKS = BLOCK_IDS.pullRequest;

describe('two app processes behind one address', () => {
  const namespace = createTestNamespace('scale-out');
  let slack: FakeSlack;
  let bitbucket: FakeBitbucket;
  let proxy: SwitchingProxy;
  let driver: SlackDriver;
  let first: AppProcess;
  let second: AppProcess;

  /** Adds a Bitbucket user who can read acme/api. */
  const addDeveloper = (nickname: string): FakeUser => {
    const user = bitbucket.addUser({ display_name: nickname, nickname });
    bitbucket.addMember('acme', user);
    return user;
  };

  beforeAll(async () => {
    slack = await startFakeSlack();
    bitbucket = await startFakeBitbucket();
    proxy = await startSwitchingProxy();
    driver = createSlackDriver({ slack, bitbucket, signingSecret: PROCESS_SIGNING_SECRET });
    bitbucket.registerOAuthClient({ ...CONSUMER, callbackUrl: `${proxy.url}/bitbucket/oauth/callback` });

    const author = bitbucket.addUser({ display_name: 'Ada Lovelace', nickname: 'ada' });
    const workspace = bitbucket.addWorkspace({ slug: 'acme' });
    bitbucket.addMember(workspace, author);
    bitbucket.addRepository(workspace, { slug: 'api', files: { 'README.md': 'hello' } });
    bitbucket.addCommit(workspace, 'api', { branch: 'feature/login', files: { 'login.ts': 'export {}' } });
    bitbucket.addPullRequest(workspace, 'api', { title: 'Add login', source: 'feature/login', author });

    // Same Redis, namespace and encryption key, different ports: what a second replica gets.
    const tokenEncryptionKey = randomBytes(32).toString('base64');
    const startInstance = async () => {
      const { port } = await reservePort();
      const env = buildAppEnvironment({
        port,
        publicUrl: proxy.url,
        slackApiUrl: slack.apiUrl,
        bitbucketApiUrl: bitbucket.apiUrl,
        bitbucketOAuthUrl: bitbucket.oauthUrl,
        bitbucketClient: CONSUMER,
        redisUrl: SHARED_REDIS_URL,
        tokenEncryptionKey,
        storeNamespace: namespace,
      });
      return startAppProcess({ env });
    };
    [first, second] = await Promise.all([startInstance(), startInstance()]);
  });

  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
    await proxy.close();
    await slack.close();
    await bitbucket.close();
    await deleteTestNamespaces([namespace]);
  });

  it('finishes a connect started on the other instance', async () => {
    const user = { teamId: TEAM_ID, userId: 'U0SCALEOUT1' };
    bitbucket.setAuthorizingUser(addDeveloper('grace'));

    proxy.routeTo(first.url);
    const command = await driver.command(proxy.url, user, 'prs acme/api');
    const prompt = await driver.replyTo(command.responseUrlId);
    const authorizeUrl = findButtonUrl(prompt.body);
    expect(authorizeUrl).toBeDefined();

    proxy.routeTo(second.url);
    const page = await openAuthorizeUrl(authorizeUrl!);
    expect(page.form).toBeDefined();
    const confirmed = await postConfirm(proxy.url, { state: page.form!.state, csrf_token: page.form!.csrfToken });

    expect(confirmed.status).toBe(200);
    expect(readMessageText((await driver.replyTo(command.responseUrlId, 1)).body)).toContain('Connected as');
    expect(readMessageText((await driver.replyTo(command.responseUrlId, 2)).body)).toContain('Add login');
    const served = (path: string) => proxy.forwarded.filter((entry) => entry.path.startsWith(path)).map((entry) => entry.backend);
    expect(served('/slack/events')).toEqual([new URL(first.url).origin]);
    expect(served('/bitbucket/oauth/callback')).toEqual([new URL(second.url).origin]);
    expect(served('/bitbucket/oauth/confirm')).toEqual([new URL(second.url).origin]);
  });

  it('refreshes a token once across both instances', async () => {
    const user = { teamId: TEAM_ID, userId: 'U0SCALEOUT2' };
    const developer = addDeveloper('linus');
    proxy.routeTo(second.url);
    await driver.connect(first.url, user, developer);
    bitbucket.expireAccessTokens(developer);
    const refreshesBefore = bitbucket.statsFor(developer).refreshes;

    const instances = [first, second, first, second, first, second];
    const commands = await Promise.all(instances.map((instance) => driver.command(instance.url, user, 'prs acme/api')));
    const replies = await Promise.all(commands.map((command) => driver.replyTo(command.responseUrlId, 0, 10_000)));

    for (const command of commands) {
      expect(command.status).toBe(200);
    }
    for (const reply of replies) {
      expect(readMessageText(reply.body)).toContain('Add login');
    }
    expect(bitbucket.statsFor(developer).refreshes - refreshesBefore).toBe(1);
    expect(bitbucket.stats.rejectedRefreshes).toBe(0);
  });

  it('submits a modal opened on the other instance', async () => {
    // The modal driver's payloads carry the team id of Slack's example payloads.
    const user = { teamId: TEST_TEAM_ID, userId: 'U0SCALEOUT3' };
    const developer = addDeveloper('margaret');
    bitbucket.addCommit('acme', 'api', { branch: 'feature/scale-out', files: { 'scale.ts': 'export {}' }, author: developer });
    proxy.routeTo(second.url);
    await driver.connect(first.url, user, developer);
    const toSecond: ModalTarget = { slack, interact: (payload) => driver.interact(second.url, payload) };

    const command = await driver.command(first.url, user, 'pr create acme/api feature/scale-out');
    const form = await waitForView(toSecond, (view) => view.method === 'views.update' && view.callback_id === VIEW_IDS.pullRequest);
    const values = buildState(form, {
      [PULL_REQUEST_BLOCKS.repository]: state.select('acme/api'),
      [PULL_REQUEST_BLOCKS.sourceBranch]: state.select('feature/scale-out'),
      [PULL_REQUEST_BLOCKS.destinationBranch]: state.select('main'),
      [PULL_REQUEST_BLOCKS.title]: state.text('Scale out'),
      [PULL_REQUEST_BLOCKS.description]: state.text('Opened on one instance, submitted to the other.'),
      [PULL_REQUEST_BLOCKS.reviewers]: state.multiSelect([]),
      [PULL_REQUEST_BLOCKS.closeSourceBranch]: state.checkboxes([]),
    });
    const submitted = await submitView(toSecond, form, values, { userId: user.userId });

    expect(command.status).toBe(200);
    expect(submitted.status).toBe(200);
    const created = await waitForPullRequest('Scale out');
    expect(created.userUuid).toBe(developer.uuid);
  });

  /** Waits for the fake Bitbucket to receive a successful pull request creation with `title`. */
  async function waitForPullRequest(title: string): Promise<RecordedRequest> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const found = bitbucket.requests.find(
        (request) =>
          request.method === 'POST' &&
          request.path.endsWith('/pullrequests') &&
          request.status === 201 &&
          (request.body as { title?: unknown } | undefined)?.title === title,
      );
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no pull request "${title}" was created within 5 s`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
});
