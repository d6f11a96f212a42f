import { ErrorCode, type RetryOptions } from '@slack/web-api';

/** p-retry's hook, which @slack/web-api's RetryOptions type leaves out. */
interface RetryOptionsWithHook extends RetryOptions {
  onFailedAttempt(error: Error): void;
}

/**
 * Creates the retry policy of every Slack Web API client the app makes: two quick retries of a
 * network error or an HTTP 5xx, instead of the library's ten over about thirty minutes. A call that
 * timed out is not retried, because Slack may have received it, so a retry could post a message
 * twice. With the per-attempt timeout, a hung method therefore fails after one timeout.
 *
 * @slack/web-api 8.2.0 hands `retryConfig` to p-retry 4 unchanged (WebClient.makeRequest), and
 * p-retry stops retrying when `onFailedAttempt` throws.
 */
export function createSlackRetryPolicy(): RetryOptions {
  const policy: RetryOptionsWithHook = {
    retries: 2,
    factor: 2,
    minTimeout: 250,
    maxTimeout: 2_000,
    randomize: true,
    onFailedAttempt(error) {
      if (isTimeout(error)) throw error;
    },
  };
  return policy;
}

/** Returns true for the WebAPIRequestError that an aborted (timed-out) fetch becomes. */
function isTimeout(error: Error): boolean {
  if ((error as { code?: unknown }).code !== ErrorCode.RequestError) return false;
  const original = (error as { original?: unknown }).original;
  return original instanceof Error && (original.name === 'TimeoutError' || original.name === 'AbortError');
}
