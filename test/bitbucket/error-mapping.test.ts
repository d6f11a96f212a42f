import { describe, expect, it } from 'vitest';

import { mapResponseError, parseRetryAfterSeconds } from '../../src/bitbucket/error-mapping.js';
import {
  BitbucketForbiddenError,
  BitbucketNotFoundError,
  BitbucketRateLimitedError,
  BitbucketUnauthorizedError,
  BitbucketUpstreamError,
  BitbucketValidationError,
  IssueTrackerUnavailableError,
} from '../../src/bitbucket/errors.js';

function errorBody(error: Record<string, unknown>): Buffer {
  return Buffer.from(JSON.stringify({ type: 'error', error }));
}

const repositoryRequest = { method: 'GET', path: '/repositories/acme/api', resource: 'Repository acme/api' };
const issueRequest = { method: 'POST', path: '/repositories/acme/api/issues', resource: 'Repository acme/api', issueTracker: true };

describe('mapResponseError', () => {
  it('maps 404 to not found with a readable message', () => {
    const error = mapResponseError({ status: 404, headers: {}, body: errorBody({ message: 'Repository not found' }) }, repositoryRequest);

    expect(error).toBeInstanceOf(BitbucketNotFoundError);
    expect(error.message).toContain('Repository acme/api was not found on Bitbucket');
  });

  it('maps 403 with the required and granted scopes', () => {
    const body = errorBody({
      message: 'Your credentials lack one or more required privilege scopes.',
      detail: { required: ['repository:admin'], granted: ['repository'] },
    });

    const error = mapResponseError({ status: 403, headers: {}, body }, repositoryRequest);

    expect(error).toBeInstanceOf(BitbucketForbiddenError);
    expect((error as BitbucketForbiddenError).requiredScopes).toEqual(['repository:admin']);
    expect((error as BitbucketForbiddenError).grantedScopes).toEqual(['repository']);
    expect(error.message).toContain('repository:admin');
  });

  it.each([400, 409, 422])('maps %i to a validation error with fields', (status) => {
    const body = errorBody({ message: 'reviewers: Malformed reviewers list', fields: { reviewers: ['Malformed reviewers list'] } });

    const error = mapResponseError({ status, headers: {}, body }, repositoryRequest);

    expect(error).toBeInstanceOf(BitbucketValidationError);
    expect((error as BitbucketValidationError).fields).toEqual({ reviewers: ['Malformed reviewers list'] });
    expect(error.message).toBe('Bitbucket rejected the request: reviewers: Malformed reviewers list');
  });

  it('maps 401 and tells an expired token apart', () => {
    const expired = mapResponseError({ status: 401, headers: {}, body: errorBody({ message: 'Access token expired.' }) }, repositoryRequest);
    const other = mapResponseError({ status: 401, headers: {}, body: errorBody({ message: 'Invalid token' }) }, repositoryRequest);

    expect(expired).toBeInstanceOf(BitbucketUnauthorizedError);
    expect((expired as BitbucketUnauthorizedError).tokenExpired).toBe(true);
    expect((other as BitbucketUnauthorizedError).tokenExpired).toBe(false);
  });

  it('maps 429 with Retry-After', () => {
    const error = mapResponseError({ status: 429, headers: { 'retry-after': '30' } }, repositoryRequest);

    expect(error).toBeInstanceOf(BitbucketRateLimitedError);
    expect((error as BitbucketRateLimitedError).retryAfterSeconds).toBe(30);
  });

  it('maps 5xx on a POST to an unknown outcome', () => {
    const error = mapResponseError({ status: 503, headers: {} }, { method: 'POST', path: '/repositories/acme/api/pullrequests' });

    expect(error).toBeInstanceOf(BitbucketUpstreamError);
    expect(error.outcomeUnknown).toBe(true);
    expect(error.message).toContain('Check Bitbucket before trying again');
  });

  it('maps 5xx on a GET to an upstream error with a known outcome', () => {
    const error = mapResponseError({ status: 502, headers: {} }, repositoryRequest);

    expect(error).toBeInstanceOf(BitbucketUpstreamError);
    expect(error.outcomeUnknown).toBe(false);
  });

  it('maps "no issue tracker" on an issue endpoint', () => {
    const body = errorBody({ message: 'Repository has no issue tracker.' });

    const error = mapResponseError({ status: 404, headers: {}, body }, issueRequest);

    expect(error).toBeInstanceOf(IssueTrackerUnavailableError);
    expect((error as IssueTrackerUnavailableError).reason).toBe('no_tracker');
    expect(error.message).not.toContain('not found');
  });

  it.each([404, 410])('maps %i on an issue endpoint to the removed tracker', (status) => {
    const error = mapResponseError({ status, headers: {}, body: errorBody({ message: 'Resource removed' }) }, issueRequest);

    expect(error).toBeInstanceOf(IssueTrackerUnavailableError);
    expect((error as IssueTrackerUnavailableError).reason).toBe('removed');
    expect(error.message).toContain('removed Issues');
  });

  it('keeps X-Request-Id in the context', () => {
    const error = mapResponseError({ status: 500, headers: { 'x-request-id': 'abc-1' } }, repositoryRequest);

    expect(error.context).toEqual({ method: 'GET', path: '/repositories/acme/api', status: 500, requestId: 'abc-1' });
  });
});

describe('mapResponseError redirects', () => {
  it('quotes the target without its query string', () => {
    const location = 'https://media.example/lfs/blob?X-Amz-Signature=abc123#part';

    const error = mapResponseError({ status: 302, headers: { location } }, repositoryRequest);

    expect(error).toBeInstanceOf(BitbucketUpstreamError);
    expect(error.message).toBe(
      'Bitbucket redirected GET /repositories/acme/api to https://media.example/lfs/blob, which is outside the API base URL, so it was not followed.',
    );
  });
});

describe('parseRetryAfterSeconds', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-09-01T10:00:00Z');

    expect(parseRetryAfterSeconds('120', now)).toBe(120);
    expect(parseRetryAfterSeconds('Tue, 01 Sep 2026 10:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfterSeconds(undefined, now)).toBeUndefined();
    expect(parseRetryAfterSeconds('soon', now)).toBeUndefined();
  });
});
