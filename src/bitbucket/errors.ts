import { AppError } from '../app-error.js';

/** Fields every Bitbucket error carries so logs can quote Bitbucket's own request id. */
export interface BitbucketErrorContext {
  method: string;
  /** Path relative to the API base URL, without the query string. */
  path: string;
  status?: number;
  /** Value of Bitbucket's `X-Request-Id` response header, when it sent one. */
  requestId?: string;
}

export interface BitbucketErrorOptions {
  cause?: unknown;
  /**
   * True when a POST, PUT or DELETE may have reached Bitbucket before it failed (a 5xx, a timeout
   * or a dropped connection), so the change may or may not exist. Such a request is never retried.
   */
  outcomeUnknown?: boolean;
}

export abstract class BitbucketError extends AppError {
  readonly outcomeUnknown: boolean;

  constructor(
    message: string,
    readonly context: BitbucketErrorContext,
    options?: BitbucketErrorOptions,
  ) {
    super(message, options);
    this.outcomeUnknown = options?.outcomeUnknown ?? false;
  }
}

/** 404 on a repository, workspace, branch, file, pull request or snippet. */
export class BitbucketNotFoundError extends BitbucketError {
  readonly code = 'bitbucket_not_found';
}

/** 403. `requiredScopes` comes from `error.detail.required` when Bitbucket lists missing scopes. */
export class BitbucketForbiddenError extends BitbucketError {
  readonly code = 'bitbucket_forbidden';

  constructor(
    message: string,
    context: BitbucketErrorContext,
    readonly requiredScopes: string[] = [],
    readonly grantedScopes: string[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, context, options);
  }
}

/** 400 (and 409/422): Bitbucket rejected the request body. `fields` maps a field to its messages. */
export class BitbucketValidationError extends BitbucketError {
  readonly code = 'bitbucket_validation';

  constructor(
    message: string,
    context: BitbucketErrorContext,
    readonly fields: Record<string, string[]> = {},
    options?: { cause?: unknown },
  ) {
    super(message, context, options);
  }
}

/** 401. `tokenExpired` is true when Bitbucket said the access token expired (a refresh may help). */
export class BitbucketUnauthorizedError extends BitbucketError {
  readonly code = 'bitbucket_unauthorized';

  constructor(
    message: string,
    context: BitbucketErrorContext,
    readonly tokenExpired: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, context, options);
  }
}

/** 429 after the retries ran out. `retryAfterSeconds` is set when Bitbucket sent Retry-After. */
export class BitbucketRateLimitedError extends BitbucketError {
  readonly code = 'bitbucket_rate_limited';

  constructor(
    message: string,
    context: BitbucketErrorContext,
    readonly retryAfterSeconds?: number,
    options?: { cause?: unknown },
  ) {
    super(message, context, options);
  }
}

/** No response within the request timeout. */
export class BitbucketTimeoutError extends BitbucketError {
  readonly code = 'bitbucket_timeout';
}

/** 5xx, a dropped connection or an unreadable response. */
export class BitbucketUpstreamError extends BitbucketError {
  readonly code = 'bitbucket_upstream';
}

/**
 * Bitbucket responded, but with a body or link the client cannot use: invalid JSON, a list without
 * a `values` array, or a link to another host than the API.
 */
export class BitbucketInvalidResponseError extends BitbucketUpstreamError {}

/** The response body grew past the byte limit the caller set, so reading stopped. */
export class BitbucketResponseTooLargeError extends BitbucketUpstreamError {
  constructor(
    message: string,
    context: BitbucketErrorContext,
    readonly maxBytes: number,
    options?: BitbucketErrorOptions,
  ) {
    super(message, context, options);
  }
}

/**
 * 404 or 410 on an issue endpoint. Bitbucket Cloud removed Issues and their API on 2026-08-20;
 * before that, a repository without a tracker answered "Repository has no issue tracker.".
 */
export class IssueTrackerUnavailableError extends BitbucketError {
  readonly code = 'issue_tracker_unavailable';

  constructor(
    message: string,
    context: BitbucketErrorContext,
    readonly reason: 'removed' | 'no_tracker',
    options?: { cause?: unknown },
  ) {
    super(message, context, options);
  }
}

/** An input that cannot be sent: an empty slug, a slug with `..`, a malformed hash. Nothing was sent. */
export class BitbucketInputError extends AppError {
  readonly code = 'bitbucket_input';

  constructor(
    message: string,
    readonly parameter: string,
  ) {
    super(message);
  }
}

/**
 * A branch, tag or commit named by a person does not exist in a repository that does exist.
 * `ref` is undefined when the repository has no main branch yet because it has no commits.
 */
export class BitbucketRefNotFoundError extends BitbucketError {
  readonly code = 'bitbucket_ref_not_found';

  constructor(
    message: string,
    context: BitbucketErrorContext,
    readonly workspace: string,
    readonly repoSlug: string,
    readonly ref: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, context, options);
  }
}
