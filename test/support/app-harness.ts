import { randomBytes, randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';

import { startApp, type RunningApp, type StartAppOptions } from '../../src/app.js';
import { parseConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logging/logger.js';
import { openAuthorizeUrl, postConfirm } from './connections-test-app.js';
import { startFakeBitbucket, type FakeBitbucket, type FakeUser } from './fake-bitbucket/index.js';
import { startFakeSlack, type FakeSlack, type RecordedSlackCall } from './fake-slack.js';
import { findFreePort } from './free-port.js';
import { postInteraction, postSlashCommand, type Payload, type SignedPostOptions } from './slack-request.js';

export const TEST_SIGNING_SECRET = 'test-signing-secret';
export const TEST_BOT_TOKEN = 'xoxb-test-bot-token';
export const TEST_TEAM_ID = 'T04B7KQ2X1M';
export const TEST_USER_ID = 'U04B7KQ3A2N';
export const TEST_CHANNEL_ID = 'C04B7KQ5C4Q';
export const OAUTH_CLIENT_ID = 'test-consumer-key';
export const OAUTH_CLIENT_SECRET = 'test-consumer-secret';

export interface TestApp {
  app: RunningApp;
  url: string;
  slack: FakeSlack;
  bitbucket: FakeBitbucket;
  /** Every log line the app wrote, as parsed JSON. */
  logs: Array<Record<string, unknown>>;
  /** Environment the app was configured from; reuse it to start a second instance. */
  env: Record<string, string>;
  /**
   * Sends `/bitbucket <text>` as a signed request, with its own response_url on the fake Slack.
   * Returns the HTTP status and the id of that response_url.
   */
  command(text: string, fields?: Record<string, string>, options?: SignedPostOptions): Promise<{ status: number; body: string; responseUrlId: string }>;
  /** Sends an interaction payload as a signed request. */
  interact(payload: Payload, options?: SignedPostOptions): Promise<{ status: number; body: string }>;
  /** Waits for the `index`-th post (from 0) to a response_url. */
  replyTo(responseUrlId: string, index?: number, timeoutMs?: number): Promise<RecordedSlackCall>;
  /** Links the Slack user to `bitbucketUser` through /bitbucket connect and the browser flow. */
  connect(bitbucketUser: FakeUser, slackUserId?: string): Promise<void>;
  stop(): Promise<void>;
}

export interface TestAppOptions {
  /** Extra or replaced environment variables. */
  env?: Record<string, string | undefined>;
  /** Reuses these fakes instead of starting new ones (they are then not closed by stop). */
  slack?: FakeSlack;
  bitbucket?: FakeBitbucket;
  /** Shares the store namespace with another test app (scale-out tests). */
  storeNamespace?: string;
  /** Limits of the app's work queue, in place of its defaults. */
  workQueue?: StartAppOptions['workQueue'];
}

let responseUrlSequence = 0;

/**
 * Starts the whole app in this process as `npm start` would build it: config parsed from an
 * environment, the real Redis, the fake Slack and the fake Bitbucket on loopback.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const slack = options.slack ?? (await startFakeSlack());
  const bitbucket = options.bitbucket ?? (await startFakeBitbucket());
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  bitbucket.registerOAuthClient({ clientId: OAUTH_CLIENT_ID, clientSecret: OAUTH_CLIENT_SECRET, callbackUrl: `${url}/bitbucket/oauth/callback` });

  const env: Record<string, string> = Object.fromEntries(
    Object.entries({
      PORT: String(port),
      PUBLIC_URL: url,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_API_URL: slack.apiUrl,
      BITBUCKET_API_URL: bitbucket.apiUrl,
      BITBUCKET_OAUTH_URL: bitbucket.oauthUrl,
      BITBUCKET_CLIENT_ID: OAUTH_CLIENT_ID,
      BITBUCKET_CLIENT_SECRET: OAUTH_CLIENT_SECRET,
      BITBUCKET_TIMEOUT_MS: '3000',
      REDIS_URL: 'redis://127.0.0.1:6379',
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'json',
      ...options.env,
    }).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );

  const logs: Array<Record<string, unknown>> = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (line.trim() !== '') logs.push(JSON.parse(line) as Record<string, unknown>);
    }
  });
  const logger = createLogger({ level: 'debug', format: 'json', destination: stream });
  const app = await startApp(parseConfig(env), {
    logger,
    storeNamespace: options.storeNamespace ?? `test-${randomUUID()}`,
    ...(options.workQueue ? { workQueue: options.workQueue } : {}),
  });

  const testApp: TestApp = {
    app,
    url,
    slack,
    bitbucket,
    logs,
    env,
    async command(text, fields = {}, postOptions = {}) {
      responseUrlSequence += 1;
      const responseUrlId = `command-${responseUrlSequence}`;
      const response = await postSlashCommand(
        url,
        TEST_SIGNING_SECRET,
        { text, response_url: slack.responseUrl(responseUrlId), ...fields },
        postOptions,
      );
      return { status: response.status, body: await response.text(), responseUrlId };
    },
    async interact(payload, postOptions = {}) {
      const response = await postInteraction(url, TEST_SIGNING_SECRET, payload, postOptions);
      return { status: response.status, body: await response.text() };
    },
    async replyTo(responseUrlId, index = 0, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const replies = slack.calls.filter((call) => call.responseUrlId === responseUrlId);
        if (replies[index]) return replies[index];
        const remaining = deadline - Date.now();
        if (remaining <= 0) {
          throw new Error(`no reply #${index} to response_url ${responseUrlId} within ${timeoutMs} ms (got ${replies.length})`);
        }
        await slack.waitFor((call) => call.responseUrlId === responseUrlId, remaining).catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    async connect(bitbucketUser, slackUserId = TEST_USER_ID) {
      bitbucket.setAuthorizingUser(bitbucketUser);
      const { responseUrlId } = await testApp.command('connect', { user_id: slackUserId });
      const prompt = await testApp.replyTo(responseUrlId);
      const authorizeUrl = findButtonUrl(prompt.body);
      if (!authorizeUrl) throw new Error(`the connect reply has no Connect button URL: ${prompt.rawBody}`);
      const page = await openAuthorizeUrl(authorizeUrl);
      if (!page.form) throw new Error(`the callback page has no confirm form (HTTP ${page.status}): ${page.html}`);
      const confirmed = await postConfirm(url, { state: page.form.state, csrf_token: page.form.csrfToken });
      if (confirmed.status !== 200) throw new Error(`confirm failed with HTTP ${confirmed.status}: ${confirmed.html}`);
      await testApp.replyTo(responseUrlId, 1);
    },
    async stop() {
      await app.stop();
      if (!options.slack) await slack.close();
      if (!options.bitbucket) await bitbucket.close();
    },
  };
  return testApp;
}

/** Returns the first button URL in a recorded message body. */
export function findButtonUrl(body: Record<string, unknown>): string | undefined {
  const text = JSON.stringify(body.blocks ?? []);
  return /"url":"([^"]+)"/.exec(text)?.[1]?.replace(/\\u0026/g, '&');
}

/** Returns all mrkdwn and plain text of a recorded message, for assertions on what the user reads. */
export function readMessageText(body: Record<string, unknown>): string {
  const texts: string[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'text' && typeof value === 'string') texts.push(value);
        else visit(value);
      }
    }
  };
  visit(body.blocks);
  return texts.join('\n');
}
