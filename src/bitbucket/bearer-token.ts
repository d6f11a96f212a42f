import type { FailedRequest } from './error-mapping.js';
import { BitbucketUnauthorizedError } from './errors.js';

/**
 * Visible ASCII only. A bearer token (RFC 6750 section 2.1) never contains spaces, control
 * characters or non-ASCII. A line break would even inject a header, which Node.js refuses to send.
 */
const SENDABLE_TOKEN = /^[\x21-\x7e]+$/;

/** Returns true when `token` contains only characters a bearer token may contain. */
export function isSendableBearerToken(token: string): boolean {
  return SENDABLE_TOKEN.test(token);
}

/**
 * Throws BitbucketUnauthorizedError when `token` cannot be sent as a bearer token, so that a
 * mistyped or badly pasted token fails before any request, with a message that never quotes it.
 */
export function checkBearerToken(token: string, request: FailedRequest): void {
  if (isSendableBearerToken(token)) return;

  const description = request.tokenDescription ?? 'access token';
  throw new BitbucketUnauthorizedError(
    `The ${description} contains a space, line break or other character that a bearer token cannot contain, so nothing was sent. Copy the token again without extra characters.`,
    { method: request.method, path: request.path },
    false,
  );
}
