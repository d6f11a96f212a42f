/**
 * Signed requests as Slack sends them to the app's receiver, built from Slack's documented
 * example payloads in test/fixtures/slack/payloads/.
 *
 * Signing follows Slack's request verification scheme: HMAC-SHA256 over `v0:{timestamp}:{raw
 * body}` with the signing secret, sent as `X-Slack-Signature: v0=<hex>` with
 * `X-Slack-Request-Timestamp`. Bolt 5 rejects a timestamp more than 5 minutes old.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

const PAYLOAD_DIR = new URL('../fixtures/slack/payloads/', import.meta.url);

/** Default endpoint of Bolt's HTTPReceiver. */
export const SLACK_EVENTS_PATH = '/slack/events';

/**
 * Stand-in for the fixtures' hooks.slack.com response URLs. Port 0 accepts no connections, so an
 * app that posts to a response_url the test did not set fails at once, and nothing leaves the machine.
 */
export const UNSET_RESPONSE_URL = 'http://127.0.0.1:0/response-url-not-set';

/** Seconds Bolt accepts a request timestamp for; an older one is stale. */
const MAX_REQUEST_AGE_SECONDS = 5 * 60;

export type Payload = Record<string, unknown>;

/** A partial payload: nested objects are merged, arrays and other values replace. */
export type PayloadOverrides = { [key: string]: unknown };

export interface SignOptions {
  signingSecret: string;
  body: string;
  /** Unix seconds; now when omitted. */
  timestampSeconds?: number;
}

/** Returns the two headers Slack adds to a request with this body. */
export function signSlackRequest(options: SignOptions): { 'x-slack-signature': string; 'x-slack-request-timestamp': string } {
  const timestamp = options.timestampSeconds ?? Math.floor(Date.now() / 1000);
  const digest = createHmac('sha256', options.signingSecret).update(`v0:${timestamp}:${options.body}`).digest('hex');
  return { 'x-slack-signature': `v0=${digest}`, 'x-slack-request-timestamp': String(timestamp) };
}

/** Reads a fixture such as `slash_command.json` or `slash_command.form.txt`. */
export function loadSlackPayload(fileName: string): string {
  return readFileSync(new URL(fileName, PAYLOAD_DIR), 'utf8');
}

/** Returns the slash command payload (all values strings) with `overrides` applied. */
export function buildSlashCommand(overrides: Record<string, string> = {}): Record<string, string> {
  const payload = JSON.parse(loadSlackPayload('slash_command.json')) as Record<string, string>;
  return { ...payload, response_url: UNSET_RESPONSE_URL, ...overrides };
}

export function buildBlockActions(overrides: PayloadOverrides = {}): Payload {
  return buildInteraction('block_actions.json', overrides);
}

export function buildViewSubmission(overrides: PayloadOverrides = {}): Payload {
  return buildInteraction('view_submission.json', overrides);
}

export function buildBlockSuggestion(overrides: PayloadOverrides = {}): Payload {
  return buildInteraction('block_suggestion.json', overrides);
}

/** Message shortcut; `threadReply` selects the payload of a shortcut on a reply inside a thread. */
export function buildMessageAction(overrides: PayloadOverrides = {}, options: { threadReply?: boolean } = {}): Payload {
  return buildInteraction(options.threadReply === true ? 'message_action.thread_reply.json' : 'message_action.json', overrides);
}

/** Global shortcut: no channel and no response_url. */
export function buildShortcut(overrides: PayloadOverrides = {}): Payload {
  return buildInteraction('shortcut.json', overrides);
}

/** Options for posting a signed request. */
export interface SignedPostOptions {
  /** Path on the app; Bolt's default `/slack/events` when omitted. */
  path?: string;
  /** Sign with a timestamp older than Bolt's 5-minute window. */
  stale?: boolean;
  /** Change the body after signing, as an attacker in the middle would. */
  tamper?: boolean;
  /** Unix seconds to sign with; overrides `stale`. */
  timestampSeconds?: number;
}

/** Posts a slash command (form body from the fixture, with `fields` overriding) to the app. */
export function postSlashCommand(
  baseUrl: string,
  signingSecret: string,
  fields: Record<string, string> = {},
  options: SignedPostOptions = {},
): Promise<Response> {
  const body = new URLSearchParams(buildSlashCommand(fields)).toString();
  return postSignedForm(baseUrl, signingSecret, body, options);
}

/** Posts an interaction payload (block_actions, view_submission, shortcut, ...) as the form field `payload`. */
export function postInteraction(
  baseUrl: string,
  signingSecret: string,
  payload: Payload,
  options: SignedPostOptions = {},
): Promise<Response> {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return postSignedForm(baseUrl, signingSecret, body, options);
}

/** Posts a signed form body. Only loopback URLs are accepted, so a test can never reach another host. */
export async function postSignedForm(
  baseUrl: string,
  signingSecret: string,
  body: string,
  options: SignedPostOptions = {},
): Promise<Response> {
  const url = new URL(options.path ?? SLACK_EVENTS_PATH, baseUrl);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw new Error(`postSignedForm sends only to loopback addresses, got ${url.host}`);
  }

  const now = Math.floor(Date.now() / 1000);
  const timestampSeconds = options.timestampSeconds ?? (options.stale === true ? now - MAX_REQUEST_AGE_SECONDS - 60 : now);
  const headers = signSlackRequest({ signingSecret, body, timestampSeconds });
  const sentBody = options.tamper === true ? `${body}&tampered=1` : body;

  return fetch(url, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    body: sentBody,
  });
}

function buildInteraction(fileName: string, overrides: PayloadOverrides): Payload {
  const payload = JSON.parse(loadSlackPayload(fileName)) as Payload;
  return mergePayload(replaceResponseUrls(payload), overrides);
}

/** Replaces every hooks.slack.com response URL in a payload with UNSET_RESPONSE_URL. */
function replaceResponseUrls(value: Payload): Payload {
  const json = JSON.stringify(value).replace(/"https:\/\/hooks\.slack\.com\/[^"]*"/g, JSON.stringify(UNSET_RESPONSE_URL));
  return JSON.parse(json) as Payload;
}

function mergePayload(base: Payload, overrides: PayloadOverrides): Payload {
  const merged: Payload = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = merged[key];
    merged[key] = isPlainObject(current) && isPlainObject(value) ? mergePayload(current, value) : value;
  }
  return merged;
}

function isPlainObject(value: unknown): value is Payload {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
