import type { IncomingHttpHeaders } from 'node:http';

import type { FakeState, FakeUser } from './model.js';

/** A request as the handlers see it, with the path already percent-decoded. */
export interface FakeRequest {
  method: string;
  /** The path as sent, without the query string. */
  rawPath: string;
  /** The path with every segment percent-decoded. `%2F` inside a segment becomes `/`. */
  path: string;
  /** Percent-decoded path segments, split on the `/` characters that were sent unencoded. */
  segments: string[];
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  /** Parsed JSON, or the fields of a form body; undefined when the body is empty or unreadable. */
  body: unknown;
}

/** A response before it is written, so that faults can replace it after the state changed. */
export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  /** A Buffer or string is sent as is; anything else is sent as JSON. */
  body?: unknown;
}

/** One request the fake received, in arrival order. */
export interface RecordedRequest {
  method: string;
  /** The percent-decoded path, without the query string. */
  path: string;
  /** The path as sent, without the query string. */
  rawPath: string;
  /** Query parameters; a repeated parameter has several values. */
  query: Record<string, string[]>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON or form fields; undefined when the request had no body. */
  body: unknown;
  /** The status sent; undefined when no response was sent (a hang or a dropped connection). */
  status: number | undefined;
  /** Every way the request broke openapi.json; empty for a valid request. */
  violations: string[];
  /** The uuid of the user whose token authenticated the request. */
  userUuid: string | undefined;
  /** Date.now() when the request arrived, to compare with the fake Slack's call times. */
  receivedAt: number;
}

/** Fields of Bitbucket's error body besides the message. */
export interface ErrorExtras {
  detail?: unknown;
  fields?: Record<string, string[]>;
  data?: Record<string, unknown>;
}

/** Thrown by handlers to send Bitbucket's error body, `{"type":"error","error":{"message",…}}`. */
export class FakeHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extras: ErrorExtras = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'FakeHttpError';
  }
}

/** Builds Bitbucket's error body. */
export function buildErrorBody(message: string, extras: ErrorExtras = {}): unknown {
  return { type: 'error', error: { message, ...extras } };
}

/** Converts a FakeHttpError into the response that Bitbucket would send. */
export function toErrorResponse(error: FakeHttpError): FakeResponse {
  return {
    status: error.status,
    headers: error.headers,
    body: buildErrorBody(error.message, error.extras),
  };
}

/** The URLs and clock of one fake server, shared by every handler. */
export interface FakeEnvironment {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `${url}/2.0` */
  apiUrl: string;
  /** Base of `links.html` hrefs. These are never fetched by the fake. */
  htmlUrl: string;
  now(): number;
  /** Lifetime of access tokens issued by the token endpoint. */
  accessTokenLifetimeSeconds: number;
  /** Lifetime of authorization codes. */
  authorizationCodeLifetimeSeconds: number;
}

/** Everything an API handler needs for one request. */
export interface RouteContext {
  request: FakeRequest;
  /** Percent-decoded path parameters by their openapi.json names. */
  params: Record<string, string>;
  state: FakeState;
  env: FakeEnvironment;
  /** The user behind the bearer token. */
  user: FakeUser;
}

/** One API operation the fake implements, under `/2.0`. */
export interface ApiRoute {
  method: string;
  /** The openapi.json path template, e.g. `/repositories/{workspace}/{repo_slug}`. */
  template: string;
  /** The OAuth consumer scope the operation needs; null when any valid token may call it. */
  scope: string | null;
  /** True for issue-tracker endpoints, which respond 410 while issues are removed. */
  issueTracker?: boolean;
  handle(context: RouteContext): FakeResponse | Promise<FakeResponse>;
}

/** Returns a JSON response with status 200 unless another status is given. */
export function jsonResponse(body: unknown, status = 200): FakeResponse {
  return { status, body };
}
