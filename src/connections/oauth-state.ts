import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

import type { BitbucketAccountSummary } from './connection.js';
import type { SlackUserRef } from './keys.js';
import type { PendingCommand } from './oauth-flow-types.js';

/** The value under `oauth-state:{state}`, from `startAuthorization` until confirmation. */
export interface OAuthStateRecord {
  slackUser: SlackUserRef;
  pending?: PendingCommand;
  createdAt: number;
  /** Epoch ms after which the state is rejected, even when the store still returns it. */
  expiresAt: number;
  /** `authorizing` until the callback exchanged the code, then `confirming`. */
  phase: 'authorizing' | 'confirming';
  /** SHA-256 (base64url) of the confirm form's CSRF token. */
  csrfTokenHash?: string;
  account?: BitbucketAccountSummary;
  /** The exchanged tokens, encrypted with the state key as context. */
  accessTokenEncrypted?: string;
  refreshTokenEncrypted?: string;
  accessTokenExpiresAt?: number;
  scopes?: string[];
}

/** Random bytes in a state or CSRF token: 256 bits, so guessing one is infeasible. */
const TOKEN_BYTES = 32;

/** Returns a new random state or CSRF token, base64url-encoded. */
export function createRandomToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** Returns the SHA-256 of a token, base64url-encoded, so the store never keeps the CSRF token itself. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

/** Compares a token with a stored hash in constant time. */
export function tokenMatches(token: string, expectedHash: string | undefined): boolean {
  if (!expectedHash) return false;
  const actual = Buffer.from(hashToken(token));
  const expected = Buffer.from(expectedHash);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
