/**
 * Signed request bodies in the shape Slack sends them: a `/bitbucket` slash command (form fields),
 * a button press (`block_actions`) and an options load (`block_suggestion`), both as the form
 * field `payload`. Field sets follow Slack's documented example payloads.
 */
import { createHmac } from 'node:crypto';

export interface BenchUser {
  teamId: string;
  userId: string;
}

/** A request body with the headers that sign it. */
export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

const CHANNEL_ID = 'C0BENCH0001';
const APP_ID = 'A0BENCH0001';

/** Signs `body` as Slack does: HMAC-SHA256 over `v0:{timestamp}:{body}`, hex-encoded. */
export function signRequest(signingSecret: string, body: string): SignedRequest {
  const timestamp = Math.floor(Date.now() / 1000);
  const digest = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex');
  return {
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': `v0=${digest}`,
    },
  };
}

/** Returns the form body of `/bitbucket <text>` from `user`. */
export function buildCommandBody(user: BenchUser, text: string, responseUrl: string): string {
  return new URLSearchParams({
    token: 'bench-verification-token',
    team_id: user.teamId,
    team_domain: 'bench',
    channel_id: CHANNEL_ID,
    channel_name: 'bench',
    user_id: user.userId,
    user_name: user.userId.toLowerCase(),
    command: '/bitbucket',
    text,
    api_app_id: APP_ID,
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: `${Date.now()}.1.bench`,
  }).toString();
}

/** Returns the form body of a press on the button `actionId` of an ephemeral message. */
export function buildButtonBody(user: BenchUser, actionId: string, value: string, responseUrl: string): string {
  const payload = {
    type: 'block_actions',
    team: { id: user.teamId, domain: 'bench' },
    user: { id: user.userId, username: user.userId.toLowerCase(), name: user.userId.toLowerCase(), team_id: user.teamId },
    api_app_id: APP_ID,
    token: 'bench-verification-token',
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: CHANNEL_ID, is_ephemeral: true },
    trigger_id: `${Date.now()}.2.bench`,
    channel: { id: CHANNEL_ID, name: 'bench' },
    response_url: responseUrl,
    actions: [
      {
        action_id: actionId,
        block_id: 'bench_block',
        text: { type: 'plain_text', text: 'Next', emoji: true },
        value,
        type: 'button',
        action_ts: String(Date.now() / 1000),
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** Returns the form body of an options load for the external select `actionId` in a modal. */
export function buildOptionsBody(user: BenchUser, actionId: string, blockId: string, typed: string, privateMetadata = ''): string {
  const payload = {
    type: 'block_suggestion',
    user: { id: user.userId, username: user.userId.toLowerCase(), name: user.userId.toLowerCase(), team_id: user.teamId },
    container: { type: 'view', view_id: 'V0BENCH0001' },
    api_app_id: APP_ID,
    token: 'bench-verification-token',
    action_id: actionId,
    block_id: blockId,
    value: typed,
    team: { id: user.teamId, domain: 'bench' },
    view: {
      id: 'V0BENCH0001',
      team_id: user.teamId,
      type: 'modal',
      callback_id: 'bench_modal',
      private_metadata: privateMetadata,
      state: { values: {} },
      hash: '1700000000.bench',
      app_id: APP_ID,
    },
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
