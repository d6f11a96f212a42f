/**
 * Everything the benchmark runs against, all on 127.0.0.1. It starts its own redis-server, the
 * fake Bitbucket and the fake Slack from the test support code (compiled into dist/test/support),
 * the built app as a child process, and the bare Bolt app as a second child process.
 */
import path from 'node:path';

import { findButtonUrl } from '../test/support/app-harness.js';
import { APP_ENTRY, buildAppEnvironment, PROCESS_SIGNING_SECRET, REPOSITORY_ROOT, reservePort, startAppProcess, type AppProcess } from '../test/support/app-process.js';
import { openAuthorizeUrl, postConfirm } from '../test/support/connections-test-app.js';
import { startFakeBitbucket, type FakeBitbucket } from '../test/support/fake-bitbucket/index.js';
import { startFakeSlack, type FakeSlack } from '../test/support/fake-slack.js';
import { startTestRedisServer, type TestRedisServer } from '../test/support/redis-server.js';
import { readStartNodeFlags } from '../test/support/start-node-flags.js';
import { buildCommandBody, signRequest, type BenchUser } from './slack-payloads.js';

export const BENCH_WORKSPACE = 'acme';
export const BENCH_REPOSITORY = 'api';
/** Pull requests in the benchmark repository: more than one page, so Next has a page to show. */
const PULL_REQUEST_COUNT = 25;
const CONSUMER = { clientId: 'bench-consumer', clientSecret: 'bench-consumer-secret' };

export interface BenchEnvironment {
  redis: TestRedisServer;
  bitbucket: FakeBitbucket;
  slack: FakeSlack;
  app: AppProcess;
  bare: AppProcess;
  users: BenchUser[];
  signingSecret: string;
  /** Sets how long the fake Bitbucket waits before it serves each API request. */
  setBitbucketDelay(ms: number): void;
  close(): Promise<void>;
}

/** Starts the servers, seeds the repository and connects `userCount` Slack users to Bitbucket. */
export async function startBenchEnvironment(userCount: number): Promise<BenchEnvironment> {
  const redis = await startTestRedisServer();
  const bitbucket = await startFakeBitbucket();
  const slack = await startFakeSlack();
  seedRepository(bitbucket);

  const appAddress = await reservePort();
  bitbucket.registerOAuthClient({ ...CONSUMER, callbackUrl: `${appAddress.url}/bitbucket/oauth/callback` });
  const env = {
    ...buildAppEnvironment({
      port: appAddress.port,
      slackApiUrl: slack.apiUrl,
      bitbucketApiUrl: bitbucket.apiUrl,
      bitbucketOAuthUrl: bitbucket.oauthUrl,
      bitbucketClient: CONSUMER,
      redisUrl: redis.url,
      storeNamespace: 'bbslack-bench',
    }),
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    // Longer than the slowest Bitbucket delay the benchmark sets.
    BITBUCKET_TIMEOUT_MS: '30000',
    // BENCH_APP_NODE_OPTIONS passes flags such as --cpu-prof to the app process only.
    ...(process.env.BENCH_APP_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_APP_NODE_OPTIONS } : {}),
  };
  // The app runs with the Node.js flags of `npm start`, as an operator runs it.
  const app = await startAppProcess({ env, execArgv: readStartNodeFlags(REPOSITORY_ROOT) });

  const bareAddress = await reservePort();
  const bare = await startAppProcess({
    entry: path.join(path.dirname(APP_ENTRY), '../bench/bare-bolt-app.js'),
    env: { PORT: String(bareAddress.port), SLACK_SIGNING_SECRET: PROCESS_SIGNING_SECRET },
  });

  const users: BenchUser[] = [];
  for (let index = 0; index < userCount; index += 1) {
    const user = { teamId: 'T0BENCH0001', userId: `U0BENCH${String(index).padStart(4, '0')}` };
    await connectUser(app.url, slack, bitbucket, user, index);
    users.push(user);
  }

  return {
    redis,
    bitbucket,
    slack,
    app,
    bare,
    users,
    signingSecret: PROCESS_SIGNING_SECRET,
    setBitbucketDelay(ms) {
      bitbucket.clearFaults();
      if (ms > 0) bitbucket.inject({ kind: 'delay', ms, times: Infinity, path: /^\/2\.0\// });
    },
    async close() {
      await Promise.allSettled([app.stop(), bare.stop()]);
      await bitbucket.close();
      await slack.close();
      await redis.stop();
    },
  };
}

function seedRepository(bitbucket: FakeBitbucket): void {
  const author = bitbucket.addUser({ display_name: 'Bench Author', nickname: 'author' });
  const workspace = bitbucket.addWorkspace({ slug: BENCH_WORKSPACE });
  bitbucket.addMember(workspace, author);
  bitbucket.addRepository(workspace, { slug: BENCH_REPOSITORY, files: { 'README.md': 'bench' } });
  for (let index = 1; index <= PULL_REQUEST_COUNT; index += 1) {
    const branch = `feature/bench-${index}`;
    bitbucket.addCommit(workspace, BENCH_REPOSITORY, { branch, files: { [`bench-${index}.txt`]: String(index) } });
    bitbucket.addPullRequest(workspace, BENCH_REPOSITORY, { title: `Bench change ${index}`, source: branch, author });
  }
}

/** Links a Slack user to a new Bitbucket member through `/bitbucket connect` and the browser flow. */
async function connectUser(appUrl: string, slack: FakeSlack, bitbucket: FakeBitbucket, user: BenchUser, index: number): Promise<void> {
  const developer = bitbucket.addUser({ display_name: `Bench Developer ${index}`, nickname: `dev${index}` });
  bitbucket.addMember(BENCH_WORKSPACE, developer);
  bitbucket.setAuthorizingUser(developer);

  const responseUrlId = `connect-${user.userId}`;
  const signed = signRequest(PROCESS_SIGNING_SECRET, buildCommandBody(user, 'connect', slack.responseUrl(responseUrlId)));
  const response = await fetch(`${appUrl}/slack/events`, { method: 'POST', headers: signed.headers, body: signed.body });
  if (response.status !== 200) throw new Error(`connect for ${user.userId} got HTTP ${response.status}`);

  const prompt = await slack.waitFor((call) => call.responseUrlId === responseUrlId, 10_000);
  const authorizeUrl = findButtonUrl(prompt.body);
  if (!authorizeUrl) throw new Error(`the connect reply for ${user.userId} has no Connect button: ${prompt.rawBody}`);
  const page = await openAuthorizeUrl(authorizeUrl);
  if (!page.form) throw new Error(`the callback page has no confirm form (HTTP ${page.status})`);
  const confirmed = await postConfirm(appUrl, { state: page.form.state, csrf_token: page.form.csrfToken });
  if (confirmed.status !== 200) throw new Error(`confirm for ${user.userId} failed with HTTP ${confirmed.status}`);
}
