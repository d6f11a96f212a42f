/**
 * A loopback HTTP server that plays the Slack Web API (at `${url}/api/`, the value for
 * SLACK_API_URL) and `response_url`s (at `responseUrl(id)`). It records every call, responds to
 * the methods the app uses with `ok: true`, and lets a test override any response: a 429 with
 * Retry-After, an `ok: false` error, a delay, or no response at all.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { DEFAULT_METHOD_RESPONSES, type FakeSlackState } from './fake-slack-methods.js';

/** Method name under which calls to a response_url are recorded and overridden. */
export const RESPONSE_URL_METHOD = 'response_url';

/** Form fields that @slack/web-api sends as JSON strings; the fake parses them back. */
const JSON_FORM_FIELDS = new Set(['blocks', 'attachments', 'view', 'metadata', 'unfurls', 'user_auth_blocks']);

export interface RecordedSlackCall {
  /** Web API method such as `chat.postMessage`, or `response_url`. */
  method: string;
  /** Parsed body: form fields (with JSON fields parsed) or the JSON object. */
  body: Record<string, unknown>;
  rawBody: string;
  /** Bearer token from the Authorization header, else the `token` form field. */
  token?: string;
  /** The id given to responseUrl(id), for response_url calls. */
  responseUrlId?: string;
  /** Date.now() when the request arrived. */
  receivedAt: number;
  /** The body the fake responded with, e.g. the view with the id views.open gave it; unset until it responded. */
  responseBody?: unknown;
}

/** A scripted response. Without `body`, the method's default response body is sent. */
export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Milliseconds to wait before responding. */
  delayMs?: number;
  /** Never respond; the connection stays open until the client gives up or close() runs. */
  hang?: boolean;
}

type ReplySource = FakeReply | ((call: RecordedSlackCall) => FakeReply);

interface Override {
  reply: ReplySource;
  remaining: number;
}

export interface FakeSlack {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Web API base URL with the trailing slash WebClient expects. */
  apiUrl: string;
  calls: RecordedSlackCall[];
  /** Returns a response_url on the fake; calls to it are recorded with this id. */
  responseUrl(id: string): string;
  callsTo(method: string): RecordedSlackCall[];
  /** Responds to the next `times` calls of `method` (all calls when omitted) with `reply`. */
  respondWith(method: string, reply: ReplySource, times?: number): void;
  /** Responds to the next `times` calls with HTTP 429 and `Retry-After: retryAfterSeconds`. */
  rateLimit(method: string, retryAfterSeconds: number, times?: number): void;
  /** Responds to the next `times` calls with `{ ok: false, error }`, e.g. `not_in_channel`, `trigger_expired`. */
  failWith(method: string, error: string, times?: number): void;
  delay(method: string, delayMs: number, times?: number): void;
  hang(method: string, times?: number): void;
  clearOverrides(): void;
  /** Resolves with the first recorded call (past or future) that matches, or rejects after `timeoutMs`. */
  waitFor(predicate: string | ((call: RecordedSlackCall) => boolean), timeoutMs?: number): Promise<RecordedSlackCall>;
  /** Ends open and hanging connections and stops the server. */
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1 and a free port. */
export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: RecordedSlackCall[] = [];
  const overrides = new Map<string, Override[]>();
  const waiters = new Set<() => void>();
  const timers = new Set<NodeJS.Timeout>();
  let sequence = 0;
  let baseUrl = '';
  const state: FakeSlackState = { get baseUrl() { return baseUrl; }, nextSequence: () => (sequence += 1) };

  const server = createServer((request, response) => {
    handleRequest(request, response).catch((error: unknown) => {
      // A body the fake cannot parse is the caller's bug, so it gets a 400 naming the problem.
      if (!response.headersSent) sendJson(response, 400, { ok: false, error: 'invalid_request', detail: String(error) });
    });
  });

  async function handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const rawBody = await readBody(request);
    const call = recordCall(request, rawBody);
    if (call === undefined) {
      sendJson(response, 404, { ok: false, error: 'unknown_path' });
      return;
    }
    calls.push(call);
    for (const wake of waiters) wake();

    const reply = takeOverride(call) ?? {};
    if (reply.hang === true) return;
    if (reply.delayMs !== undefined) await sleep(reply.delayMs);
    if (response.destroyed) return;

    const body = reply.body ?? buildDefaultBody(call);
    call.responseBody = body;
    sendJson(response, reply.status ?? 200, body, reply.headers);
  }

  function recordCall(request: IncomingMessage, rawBody: string): RecordedSlackCall | undefined {
    const path = new URL(request.url ?? '/', 'http://fake-slack.invalid').pathname;
    const apiMatch = /^\/api\/([\w.]+)$/.exec(path);
    const responseMatch = /^\/response\/([^/]+)$/.exec(path);
    if (request.method !== 'POST' || (apiMatch === null && responseMatch === null)) return undefined;

    const body = parseBody(rawBody, request.headers['content-type']);
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const token = bearer ?? (typeof body['token'] === 'string' ? body['token'] : undefined);
    const call: RecordedSlackCall = {
      method: apiMatch?.[1] ?? RESPONSE_URL_METHOD,
      body,
      rawBody,
      receivedAt: Date.now(),
    };
    if (token !== undefined) call.token = token;
    if (responseMatch?.[1] !== undefined) call.responseUrlId = decodeURIComponent(responseMatch[1]);
    return call;
  }

  function takeOverride(call: RecordedSlackCall): FakeReply | undefined {
    const queue = overrides.get(call.method) ?? [];
    const next = queue.find((override) => override.remaining > 0);
    if (next === undefined) return undefined;

    next.remaining -= 1;
    return typeof next.reply === 'function' ? next.reply(call) : next.reply;
  }

  function buildDefaultBody(call: RecordedSlackCall): unknown {
    if (call.method === RESPONSE_URL_METHOD) return { ok: true };
    const respond = DEFAULT_METHOD_RESPONSES[call.method];
    return respond === undefined ? { ok: false, error: 'unknown_method' } : { ok: true, ...respond(call, state) };
  }

  function sleep(milliseconds: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, milliseconds);
      timers.add(timer);
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  const addOverride = (method: string, reply: ReplySource, times = Number.POSITIVE_INFINITY): void => {
    overrides.set(method, [...(overrides.get(method) ?? []), { reply, remaining: times }]);
  };

  return {
    url: baseUrl,
    apiUrl: `${baseUrl}/api/`,
    calls,
    responseUrl: (id) => `${baseUrl}/response/${encodeURIComponent(id)}`,
    callsTo: (method) => calls.filter((call) => call.method === method),
    respondWith: addOverride,
    rateLimit: (method, retryAfterSeconds, times = 1) =>
      addOverride(method, { status: 429, headers: { 'retry-after': String(retryAfterSeconds) }, body: { ok: false, error: 'ratelimited' } }, times),
    failWith: (method, error, times = 1) => addOverride(method, { body: { ok: false, error } }, times),
    delay: (method, delayMs, times) => addOverride(method, { delayMs }, times),
    hang: (method, times) => addOverride(method, { hang: true }, times),
    clearOverrides: () => overrides.clear(),
    waitFor: (predicate, timeoutMs = 2000) => waitForCall(calls, waiters, predicate, timeoutMs),
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function waitForCall(
  calls: RecordedSlackCall[],
  waiters: Set<() => void>,
  predicate: string | ((call: RecordedSlackCall) => boolean),
  timeoutMs: number,
): Promise<RecordedSlackCall> {
  const matches = typeof predicate === 'string' ? (call: RecordedSlackCall) => call.method === predicate : predicate;

  return new Promise((resolve, reject) => {
    const check = (): void => {
      const found = calls.find(matches);
      if (found === undefined) return;
      cleanUp();
      resolve(found);
    };
    const timer = setTimeout(() => {
      cleanUp();
      const seen = calls.map((call) => call.method).join(', ') || 'none';
      reject(new Error(`No matching Slack call within ${timeoutMs} ms. Calls received: ${seen}`));
    }, timeoutMs);
    const cleanUp = (): void => {
      clearTimeout(timer);
      waiters.delete(check);
    };

    waiters.add(check);
    check();
  });
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseBody(rawBody: string, contentType: string | undefined): Record<string, unknown> {
  if (rawBody === '') return {};
  if (contentType?.includes('application/json') === true) {
    const parsed: unknown = JSON.parse(rawBody);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : { value: parsed };
  }

  const body: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(rawBody)) {
    body[key] = JSON_FORM_FIELDS.has(key) ? parseJsonField(value) : value;
  }
  return body;
}

function parseJsonField(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
}
