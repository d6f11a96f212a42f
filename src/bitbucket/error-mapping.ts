import { STATUS_CODES, type IncomingHttpHeaders } from 'node:http';

import { RequestError, TimeoutError } from 'got';

import {
  BitbucketForbiddenError,
  BitbucketNotFoundError,
  BitbucketRateLimitedError,
  BitbucketTimeoutError,
  BitbucketUnauthorizedError,
  BitbucketUpstreamError,
  BitbucketValidationError,
  IssueTrackerUnavailableError,
  type BitbucketError,
  type BitbucketErrorContext,
} from './errors.js';

/** Details of the failed request that the error messages quote. */
export interface FailedRequest {
  method: string;
  /** Path relative to the API base URL, without the query string. */
  path: string;
  /** The object the request was about, e.g. "Repository acme/api"; used in messages. */
  resource?: string;
  /** Set on issue endpoints, where 404 and 410 mean the issue tracker is gone. */
  issueTracker?: boolean;
  /** Description of the token, e.g. "shared access token", for 401 messages. */
  tokenDescription?: string;
  timeoutMs?: number;
}

/** A response with a status Bitbucket uses for failures (3xx that was not followed, 4xx, 5xx). */
export interface FailedResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body?: Buffer | undefined;
}

/** The `error` object of Bitbucket's error body: `{"type":"error","error":{...}}`. */
interface BitbucketErrorBody {
  message?: string;
  detail?: unknown;
  fields?: Record<string, unknown>;
  data?: Record<string, unknown>;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Connection failures that happen before a request is sent, so a write cannot have happened. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

const NO_ISSUE_TRACKER_MESSAGE = 'Repository has no issue tracker.';

/** Maps a failed response to the typed error for its status and Bitbucket's error body. */
export function mapResponseError(response: FailedResponse, request: FailedRequest): BitbucketError {
  const { status } = response;
  const context = buildContext(request, status, response.headers);
  const body = parseErrorBody(response.body);
  const bitbucketMessage = body.message ? ` Bitbucket said: "${body.message}"` : '';
  const subject = request.resource ?? `The resource at ${request.path}`;

  if (request.issueTracker && (status === 404 || status === 410)) {
    return mapIssueTrackerError(body, context, request);
  }

  if (status === 401) {
    const tokenExpired = isExpiredTokenMessage(body.message, response.headers['www-authenticate']);
    const token = request.tokenDescription ?? 'access token';
    const message = tokenExpired
      ? `Bitbucket rejected the ${token} because it has expired.`
      : `Bitbucket rejected the ${token} (401 Unauthorized).${bitbucketMessage}`;
    return new BitbucketUnauthorizedError(message, context, tokenExpired);
  }

  if (status === 403) {
    const required = readStringList(body.detail, 'required');
    const granted = readStringList(body.detail, 'granted');
    const message =
      required.length > 0
        ? `Bitbucket denied access because the token lacks the scope ${required.join(', ')}` +
          ` (it has ${granted.length > 0 ? granted.join(', ') : 'no matching scopes'}).` +
          ' Add the scope to the OAuth consumer, then connect again.'
        : `Bitbucket denied access to ${lowerFirst(subject)}: the account lacks permission.${bitbucketMessage}`;
    return new BitbucketForbiddenError(message, context, required, granted);
  }

  if (status === 404) {
    return new BitbucketNotFoundError(
      `${subject} was not found on Bitbucket, or the token cannot see it.${bitbucketMessage}`,
      context,
    );
  }

  if (status === 410) {
    const announcement = typeof body.data?.['announcement_url'] === 'string' ? ` See ${body.data['announcement_url']}` : '';
    return new BitbucketNotFoundError(
      `Bitbucket no longer serves ${lowerFirst(subject)} (410 Gone).${bitbucketMessage}${announcement}`,
      context,
    );
  }

  if (status === 429) {
    const retryAfterSeconds = parseRetryAfterSeconds(response.headers['retry-after']);
    const unit = retryAfterSeconds === 1 ? 'second' : 'seconds';
    const when = retryAfterSeconds !== undefined ? `in ${retryAfterSeconds} ${unit}` : 'in a few minutes';
    return new BitbucketRateLimitedError(
      `Bitbucket's rate limit was reached for ${request.method} ${request.path}. Try again ${when}.`,
      context,
      retryAfterSeconds,
    );
  }

  if (status >= 500) {
    return mapServerError(status, context, request, bitbucketMessage);
  }

  if (status >= 400) {
    const fields = readFields(body.fields);
    const fieldText = Object.entries(fields)
      .map(([field, messages]) => `${field}: ${messages.join('; ')}`)
      .join('; ');
    const reason = fieldText || body.message || `${status} ${STATUS_CODES[status] ?? 'Client Error'}`;
    return new BitbucketValidationError(`Bitbucket rejected the request: ${reason}`, context, fields);
  }

  // The client follows redirects only under the API base URL, so this one points to another host
  // or another path. Its query string may contain a signature or token, so it is left out.
  const location = response.headers.location?.replace(/[?#].*$/s, '') ?? 'an unknown location';
  return new BitbucketUpstreamError(
    `Bitbucket redirected ${request.method} ${request.path} to ${location}, which is outside the API base URL, so it was not followed.`,
    context,
  );
}

/** Maps a failure without a response (timeout, refused or dropped connection) to a typed error. */
export function mapTransportError(error: unknown, request: FailedRequest): BitbucketError {
  const context = buildContext(request);
  const isWrite = WRITE_METHODS.has(request.method);
  const code = error instanceof RequestError ? error.code : undefined;

  if (error instanceof TimeoutError) {
    const waited = request.timeoutMs !== undefined ? ` within ${request.timeoutMs} ms` : '';
    const message = isWrite
      ? `Bitbucket did not respond to ${request.method} ${request.path}${waited} (timed out), so the outcome is unknown: the change may or may not have been made. Check Bitbucket before trying again.`
      : `Bitbucket did not respond to ${request.method} ${request.path}${waited} (timed out). Try again later.`;
    return new BitbucketTimeoutError(message, context, { cause: error, outcomeUnknown: isWrite });
  }

  const reason = code ?? (error instanceof Error ? error.message : String(error));
  const notSent = code !== undefined && NOT_SENT_CODES.has(code);
  if (isWrite && !notSent) {
    return new BitbucketUpstreamError(
      `The connection to Bitbucket failed (${reason}) during ${request.method} ${request.path}, so the outcome is unknown: the change may or may not have been made. Check Bitbucket before trying again.`,
      context,
      { cause: error, outcomeUnknown: true },
    );
  }
  return new BitbucketUpstreamError(
    `The connection to Bitbucket failed (${reason}) during ${request.method} ${request.path}. Try again later.`,
    context,
    { cause: error },
  );
}

/**
 * An HTTP date starts with the day name in all three formats of RFC 9110 section 5.6.7. Checking
 * it first matters because Date.parse also reads values such as "-5" or "1.5" as dates.
 */
const HTTP_DATE_START = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /i;

/**
 * Reads Retry-After as whole seconds from now. It may be a number of seconds or an HTTP date.
 * Returns undefined when the header is missing or is neither, so the caller backs off instead.
 */
export function parseRetryAfterSeconds(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (value === undefined || value === '') return undefined;

  if (/^\d+$/.test(value)) return Number(value);
  if (!HTTP_DATE_START.test(value)) return undefined;

  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

function mapIssueTrackerError(body: BitbucketErrorBody, context: BitbucketErrorContext, request: FailedRequest): BitbucketError {
  const repository = request.resource ?? 'This repository';
  if (body.message?.trim() === NO_ISSUE_TRACKER_MESSAGE) {
    return new IssueTrackerUnavailableError(
      `${repository} has no issue tracker on Bitbucket, so its issues cannot be read or changed.`,
      context,
      'no_tracker',
    );
  }
  return new IssueTrackerUnavailableError(
    `Bitbucket returned ${context.status} for the issue tracker of ${lowerFirst(repository)}.` +
      ' Bitbucket Cloud removed Issues and their API on 20 August 2026; where a tracker still works,' +
      ' check that the issue exists.',
    context,
    'removed',
  );
}

function mapServerError(
  status: number,
  context: BitbucketErrorContext,
  request: FailedRequest,
  bitbucketMessage: string,
): BitbucketError {
  const statusText = `${status} ${STATUS_CODES[status] ?? 'Server Error'}`;
  if (WRITE_METHODS.has(request.method)) {
    return new BitbucketUpstreamError(
      `Bitbucket returned ${statusText} for ${request.method} ${request.path}, so the outcome is unknown: the change may or may not have been made. Check Bitbucket before trying again.${bitbucketMessage}`,
      context,
      { outcomeUnknown: true },
    );
  }
  return new BitbucketUpstreamError(
    `Bitbucket failed to respond to ${request.method} ${request.path} (${statusText}). Try again later.${bitbucketMessage}`,
    context,
  );
}

function buildContext(request: FailedRequest, status?: number, headers?: IncomingHttpHeaders): BitbucketErrorContext {
  const context: BitbucketErrorContext = { method: request.method, path: request.path };
  if (status !== undefined) context.status = status;
  const requestId = headers?.['x-request-id'];
  if (typeof requestId === 'string' && requestId !== '') context.requestId = requestId;
  return context;
}

function parseErrorBody(body: Buffer | undefined): BitbucketErrorBody {
  if (!body || body.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (!isRecord(parsed)) return {};
    const inner = parsed['error'];
    if (!isRecord(inner)) return {};
    return {
      message: typeof inner['message'] === 'string' ? inner['message'] : undefined,
      detail: inner['detail'],
      fields: isRecord(inner['fields']) ? inner['fields'] : undefined,
      data: isRecord(inner['data']) ? inner['data'] : undefined,
    };
  } catch {
    return {};
  }
}

function isExpiredTokenMessage(message: string | undefined, wwwAuthenticate: string | undefined): boolean {
  return /expired/i.test(message ?? '') || /expired/i.test(wwwAuthenticate ?? '');
}

function readStringList(detail: unknown, key: string): string[] {
  if (!isRecord(detail)) return [];
  const value = detail[key];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function readFields(fields: Record<string, unknown> | undefined): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [field, value] of Object.entries(fields ?? {})) {
    const messages = Array.isArray(value) ? value.map(String) : [String(value)];
    result[field] = messages;
  }
  return result;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
