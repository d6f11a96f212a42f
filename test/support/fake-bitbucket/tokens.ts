import { createOpaqueToken } from './ids.js';
import type { FakeState, FakeUser } from './model.js';

export interface TokenPair {
  access_token: string;
  refresh_token: string;
}

export interface IssueTokenOptions {
  scopes: string[];
  /** Lifetime of the access token in seconds. */
  expiresInSeconds: number;
  clientId?: string;
  now: number;
}

/** Stores a new access token and refresh token for a user and returns both. */
export function issueTokenPair(state: FakeState, user: FakeUser, options: IssueTokenOptions): TokenPair {
  const accessToken = createOpaqueToken('fake-access');
  const refreshToken = createOpaqueToken('fake-refresh');

  state.accessTokens.set(accessToken, {
    token: accessToken,
    user,
    scopes: [...options.scopes],
    expiresAt: options.now + options.expiresInSeconds * 1000,
    expired: false,
    clientId: options.clientId,
  });
  state.refreshTokens.set(refreshToken, {
    token: refreshToken,
    user,
    scopes: [...options.scopes],
    clientId: options.clientId,
    used: false,
  });
  return { access_token: accessToken, refresh_token: refreshToken };
}

/** Adds one to a per-user counter of `state.stats`. */
export function countTokenRequest(state: FakeState, user: FakeUser, kind: 'codeExchanges' | 'refreshes'): void {
  state.stats[kind] += 1;
  const perUser = (state.stats.perUser[user.uuid] ??= { codeExchanges: 0, refreshes: 0 });
  perUser[kind] += 1;
}
