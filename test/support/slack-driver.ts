/**
 * Plays Slack and the user's browser against app instances reached by URL (child processes, or
 * several instances behind one address): signed commands and interactions, replies read from the
 * fake Slack, and the Bitbucket connect flow.
 */
import { findButtonUrl } from './app-harness.js';
import { openAuthorizeUrl, postConfirm } from './connections-test-app.js';
import type { FakeBitbucket, FakeUser } from './fake-bitbucket/index.js';
import type { FakeSlack, RecordedSlackCall } from './fake-slack.js';
import { postInteraction, postSlashCommand, type Payload, type SignedPostOptions } from './slack-request.js';

export interface SlackUserIds {
  teamId: string;
  userId: string;
}

export interface SentCommand {
  status: number;
  body: string;
  /** Id of the command's own response_url on the fake Slack. */
  responseUrlId: string;
}

export interface SlackDriver {
  /** Sends `/bitbucket <text>` from `user` to the app at `appUrl`. */
  command(appUrl: string, user: SlackUserIds, text: string, options?: SignedPostOptions): Promise<SentCommand>;
  /** Sends an interaction payload to the app at `appUrl`. */
  interact(appUrl: string, payload: Payload, options?: SignedPostOptions): Promise<{ status: number; body: string }>;
  /** Waits for the `index`-th post (from 0) to a response_url. */
  replyTo(responseUrlId: string, index?: number, timeoutMs?: number): Promise<RecordedSlackCall>;
  /**
   * Links `user` to `bitbucketUser`: `/bitbucket connect` goes to `startOn`, and the browser then
   * follows the authorize URL, whose callback is the app's PUBLIC_URL, and confirms there.
   */
  connect(startOn: string, user: SlackUserIds, bitbucketUser: FakeUser): Promise<void>;
}

let responseUrlSequence = 0;

/** Creates a driver that signs with `signingSecret` and reads replies from `slack`. */
export function createSlackDriver(options: { slack: FakeSlack; bitbucket: FakeBitbucket; signingSecret: string }): SlackDriver {
  const { slack, bitbucket, signingSecret } = options;

  const driver: SlackDriver = {
    async command(appUrl, user, text, postOptions = {}) {
      responseUrlSequence += 1;
      const responseUrlId = `process-command-${process.pid}-${responseUrlSequence}`;
      const fields = { text, team_id: user.teamId, user_id: user.userId, response_url: slack.responseUrl(responseUrlId) };
      const response = await postSlashCommand(appUrl, signingSecret, fields, postOptions);
      return { status: response.status, body: await response.text(), responseUrlId };
    },

    async interact(appUrl, payload, postOptions = {}) {
      const response = await postInteraction(appUrl, signingSecret, payload, postOptions);
      return { status: response.status, body: await response.text() };
    },

    async replyTo(responseUrlId, index = 0, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const replies = slack.calls.filter((call) => call.responseUrlId === responseUrlId);
        const reply = replies[index];
        if (reply) return reply;
        const remaining = deadline - Date.now();
        if (remaining <= 0) {
          throw new Error(`no reply #${index} to response_url ${responseUrlId} within ${timeoutMs} ms (got ${replies.length})`);
        }
        await slack.waitFor((call) => call.responseUrlId === responseUrlId, remaining).catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },

    async connect(startOn, user, bitbucketUser) {
      bitbucket.setAuthorizingUser(bitbucketUser);
      const { responseUrlId } = await driver.command(startOn, user, 'connect');
      const prompt = await driver.replyTo(responseUrlId);
      const authorizeUrl = findButtonUrl(prompt.body);
      if (!authorizeUrl) throw new Error(`the connect reply has no Connect button URL: ${prompt.rawBody}`);

      const page = await openAuthorizeUrl(authorizeUrl);
      if (!page.form) throw new Error(`the callback page has no confirm form (HTTP ${page.status}): ${page.html}`);
      const callbackOrigin = new URL(authorizeUrlCallback(authorizeUrl)).origin;
      const confirmed = await postConfirm(callbackOrigin, { state: page.form.state, csrf_token: page.form.csrfToken });
      if (confirmed.status !== 200) throw new Error(`confirm failed with HTTP ${confirmed.status}: ${confirmed.html}`);
      await driver.replyTo(responseUrlId, 1);
    },
  };
  return driver;
}

/** Returns the redirect_uri an authorize URL carries: the app's callback under PUBLIC_URL. */
export function authorizeUrlCallback(authorizeUrl: string): string {
  const redirectUri = new URL(authorizeUrl).searchParams.get('redirect_uri');
  if (!redirectUri) throw new Error(`the authorize URL has no redirect_uri: ${authorizeUrl}`);
  return redirectUri;
}
