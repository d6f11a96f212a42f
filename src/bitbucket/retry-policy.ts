import { RequestError, TimeoutError } from 'got';

import { parseRetryAfterSeconds } from './error-mapping.js';

/** Retry settings of a BitbucketClient. Tests pass tiny delays or their own `sleep`. */
export interface RetrySettings {
  /** Tries in all, the first one included. Default 3. */
  maxAttempts?: number;
  /** Back-off before the first retry, in milliseconds; doubled for each further retry. Default 500. */
  baseDelayMs?: number;
  /** Upper bound of a computed back-off, in milliseconds. Default 5,000. */
  maxDelayMs?: number;
  /**
   * Longest Retry-After the client waits for, in milliseconds. A longer one is not waited out: the
   * request fails at once with the time Bitbucket asked for. Default 10,000.
   */
  maxRetryAfterMs?: number;
  /** Waits `ms` milliseconds; replaceable so tests need not wait. */
  sleep?: (ms: number) => Promise<void>;
  /** Returns a number in [0, 1) for jitter; replaceable for deterministic tests. */
  random?: () => number;
}

export type ResolvedRetrySettings = Required<RetrySettings>;

/** Methods that change nothing on Bitbucket, so repeating them is safe. */
const SAFE_METHODS = new Set(['GET', 'HEAD']);

const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

/** Connection errors after which a GET may be repeated (got reports "socket hang up" as ECONNRESET). */
const RETRYABLE_ERROR_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ECONNABORTED',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

export function resolveRetrySettings(settings: RetrySettings = {}): ResolvedRetrySettings {
  return {
    maxAttempts: settings.maxAttempts ?? 3,
    baseDelayMs: settings.baseDelayMs ?? 500,
    maxDelayMs: settings.maxDelayMs ?? 5_000,
    maxRetryAfterMs: settings.maxRetryAfterMs ?? 10_000,
    sleep: settings.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: settings.random ?? Math.random,
  };
}

/** Returns true when a response with `status` to `method` may be repeated. */
export function isRetryableStatus(method: string, status: number): boolean {
  return SAFE_METHODS.has(method) && RETRYABLE_STATUSES.has(status);
}

/**
 * Returns true when a GET or HEAD that failed without a response may be repeated. A timeout is
 * not repeated, so a hung server fails within one request timeout.
 */
export function isRetryableTransportError(method: string, error: unknown): boolean {
  if (!SAFE_METHODS.has(method)) return false;
  if (error instanceof TimeoutError) return false;
  return error instanceof RequestError && error.code !== undefined && RETRYABLE_ERROR_CODES.has(error.code);
}

/**
 * Computes the wait before retry number `retry` (1 for the first retry). Honours Retry-After when
 * Bitbucket sent one, and returns undefined when it requests a longer wait than `maxRetryAfterMs`.
 * Otherwise it is exponential back-off with jitter between half and all of the computed delay.
 */
export function computeRetryDelay(
  retry: number,
  retryAfterHeader: string | string[] | undefined,
  settings: ResolvedRetrySettings,
): number | undefined {
  const retryAfterSeconds = parseRetryAfterSeconds(retryAfterHeader);
  if (retryAfterSeconds !== undefined) {
    const waitMs = retryAfterSeconds * 1000;
    return waitMs <= settings.maxRetryAfterMs ? waitMs : undefined;
  }

  const backoff = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (retry - 1));
  return Math.round(backoff / 2 + (backoff / 2) * settings.random());
}
