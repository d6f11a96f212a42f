import type { IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';

import type { Logger } from '../logging/logger.js';
import { ApiBaseUrl, type QueryValue } from './api-base-url.js';
import { checkBearerToken } from './bearer-token.js';
import { mapResponseError, mapTransportError, type FailedRequest } from './error-mapping.js';
import { BitbucketInvalidResponseError, BitbucketUpstreamError } from './errors.js';
import { collectPages, type CollectedPages, type PaginationOptions } from './pagination.js';
import {
  computeRetryDelay,
  isRetryableStatus,
  isRetryableTransportError,
  resolveRetrySettings,
  type ResolvedRetrySettings,
  type RetrySettings,
} from './retry-policy.js';
import { createSendOnce, type SendOnce } from './send-once.js';
import type { TokenSource } from './token-source.js';

export type { QueryValue } from './api-base-url.js';

export const DEFAULT_BITBUCKET_API_URL = 'https://api.bitbucket.org/2.0';

/**
 * Largest response body read when a request sets no limit of its own. A page of 100 repositories
 * is well under 1 MiB, so 32 MiB only stops a runaway or hostile server from exhausting memory.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

export interface BitbucketClientOptions {
  /** API base URL such as https://api.bitbucket.org/2.0; a trailing slash is ignored. */
  baseUrl: string;
  /** Limit for one request from start to the end of the response, in milliseconds. */
  timeoutMs: number;
  logger: Logger;
  retry?: RetrySettings;
  /**
   * Items per page requested from list endpoints, capped at each endpoint's maximum (100, or 50
   * for pull requests). Defaults to that maximum, which needs the fewest requests.
   */
  pagelen?: number;
  /** Largest response body any request reads unless it sets its own limit. Default DEFAULT_MAX_RESPONSE_BYTES. */
  maxResponseBytes?: number;
}

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';

/** One API call. Paths come from the builders in paths.ts, so every segment is already encoded. */
export interface BitbucketRequest {
  method: HttpMethod;
  /**
   * Encoded path below the base URL, starting with "/", or an absolute URL under the base URL
   * (a `next` link). An absolute URL anywhere else is rejected before the token is sent.
   */
  path: string;
  /** Query parameters; an array value is sent as a repeated parameter, undefined is left out. */
  query?: Record<string, QueryValue>;
  json?: unknown;
  /** Accept header; defaults to application/json. */
  accept?: string;
  /** The object the request is about, e.g. "Repository acme/api", for error messages. */
  resource?: string;
  /** Marks an issue endpoint, where 404 and 410 mean the issue tracker is unavailable. */
  issueTracker?: boolean;
  /**
   * Fails the request with BitbucketUpstreamError once the body grows past this many bytes.
   * Defaults to the client's `maxResponseBytes`.
   */
  maxResponseBytes?: number;
}

export interface BitbucketResponse<T> {
  status: number;
  headers: IncomingHttpHeaders;
  body: T;
  /** Final URL of the response, after same-origin redirects. */
  url: string;
}

type RawResponse = BitbucketResponse<Buffer>;

/**
 * HTTP client for Bitbucket Cloud API 2.0. It stores no token: each call receives a TokenSource
 * and requests a token from it on every try. GET and HEAD are retried on 429, 502, 503, 504 and
 * connection errors. POST, PUT and DELETE are never repeated, with one exception: after a 401
 * they are sent once more with a refreshed token, because Bitbucket did nothing on a 401.
 */
export class BitbucketClient {
  readonly baseUrl: string;
  private readonly base: ApiBaseUrl;
  private readonly timeoutMs: number;
  private readonly logger: Logger;
  private readonly retry: ResolvedRetrySettings;
  private readonly pagelen: number | undefined;
  private readonly maxResponseBytes: number;
  private readonly sendOnce: SendOnce;

  constructor(options: BitbucketClientOptions) {
    this.base = new ApiBaseUrl(options.baseUrl);
    this.sendOnce = createSendOnce(this.base);
    this.baseUrl = this.base.href;
    this.timeoutMs = options.timeoutMs;
    this.logger = options.logger;
    this.retry = resolveRetrySettings(options.retry);
    this.pagelen = options.pagelen;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  }

  /** Sends a request and parses the JSON body; returns undefined for an empty body (204). */
  async requestJson<T>(tokens: TokenSource, request: BitbucketRequest): Promise<T> {
    const response = await this.send(tokens, request);
    if (response.body.length === 0) return undefined as T;

    try {
      return JSON.parse(response.body.toString('utf8')) as T;
    } catch (error) {
      const path = this.base.describePath(new URL(response.url));
      throw new BitbucketInvalidResponseError(
        `Bitbucket sent a response to ${request.method} ${path} that is not valid JSON.`,
        { method: request.method, path, status: response.status },
        { cause: error },
      );
    }
  }

  /** Sends a request and returns the raw body bytes, for files served by `/src`. */
  async requestBytes(tokens: TokenSource, request: BitbucketRequest): Promise<BitbucketResponse<Buffer>> {
    return this.send(tokens, { ...request, accept: request.accept ?? '*/*' });
  }

  /** Follows `next` links of a paginated GET; see collectPages for the limits. */
  async paginate<T>(tokens: TokenSource, request: BitbucketRequest, options: PaginationOptions = {}): Promise<CollectedPages<T>> {
    return collectPages<T>(this, tokens, request, { ...options, pagelen: options.pagelen ?? this.pagelen }, this.logger);
  }

  /** Returns true when `url` is under the API base URL, so the token may be sent to it. */
  isApiUrl(url: string | URL): boolean {
    return this.base.contains(url);
  }

  private async send(tokens: TokenSource, request: BitbucketRequest): Promise<BitbucketResponse<Buffer>> {
    const url = this.base.resolve(request.method, request.path, request.query);
    const requestInfo: FailedRequest = {
      method: request.method,
      path: this.base.describePath(url),
      resource: request.resource,
      issueTracker: request.issueTracker,
      tokenDescription: tokens.description,
      timeoutMs: this.timeoutMs,
    };

    let token = await tokens.getAccessToken();
    let refreshed = false;

    for (let attempt = 1; ; attempt += 1) {
      checkBearerToken(token, requestInfo);
      const started = performance.now();
      let response: RawResponse;
      try {
        response = await this.sendOnce(url, {
          method: request.method,
          token,
          accept: request.accept ?? 'application/json',
          json: request.json,
          timeoutMs: this.timeoutMs,
          maxResponseBytes: request.maxResponseBytes ?? this.maxResponseBytes,
        });
      } catch (error) {
        const outcome = error instanceof Error && 'code' in error ? String(error.code) : 'failed';
        this.logRequest(requestInfo, outcome, started);
        if (error instanceof BitbucketUpstreamError) throw error;

        if (attempt < this.retry.maxAttempts && isRetryableTransportError(request.method, error)) {
          await this.waitBeforeRetry(requestInfo, outcome, attempt, undefined);
          token = await tokens.getAccessToken();
          continue;
        }
        throw mapTransportError(error, requestInfo);
      }

      this.logRequest(requestInfo, response.status, started);
      const { status } = response;

      if (status === 401 && !refreshed && tokens.refreshAfterUnauthorized && attempt < this.retry.maxAttempts) {
        refreshed = true;
        const fresh = await tokens.refreshAfterUnauthorized(token);
        if (fresh !== null) {
          this.logger.warn(
            { method: requestInfo.method, path: requestInfo.path, status, attempt },
            `Bitbucket rejected the token for ${requestInfo.method} ${requestInfo.path}; retrying once with a refreshed token`,
          );
          token = fresh;
          continue;
        }
      }

      if (attempt < this.retry.maxAttempts && isRetryableStatus(request.method, status)) {
        const waited = await this.waitBeforeRetry(requestInfo, status, attempt, response.headers['retry-after']);
        if (waited) {
          token = await tokens.getAccessToken();
          continue;
        }
      }

      if (status >= 200 && status < 300) {
        return response;
      }
      throw mapResponseError({ status, headers: response.headers, body: response.body }, requestInfo);
    }
  }

  /** Sleeps before the next try and returns true, or returns false when Retry-After is too long. */
  private async waitBeforeRetry(
    requestInfo: FailedRequest,
    outcome: number | string,
    attempt: number,
    retryAfter: string | string[] | undefined,
  ): Promise<boolean> {
    const waitMs = computeRetryDelay(attempt, retryAfter, this.retry);
    if (waitMs === undefined) return false;

    this.logger.warn(
      { method: requestInfo.method, path: requestInfo.path, status: outcome, attempt: attempt + 1, maxAttempts: this.retry.maxAttempts, waitMs },
      `Retrying ${requestInfo.method} ${requestInfo.path} after ${outcome} (attempt ${attempt + 1} of ${this.retry.maxAttempts}, waiting ${waitMs} ms)`,
    );
    await this.retry.sleep(waitMs);
    return true;
  }

  private logRequest(requestInfo: FailedRequest, outcome: number | string, started: number): void {
    const ms = Math.round(performance.now() - started);
    this.logger.debug(
      { method: requestInfo.method, path: requestInfo.path, status: outcome, ms },
      `${requestInfo.method} ${requestInfo.path} ${outcome} ${ms}ms`,
    );
  }
}
