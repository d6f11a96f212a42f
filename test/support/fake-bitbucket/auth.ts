/**
 * Bearer-token authentication and OAuth consumer scopes of the API. Bitbucket accepts OAuth calls
 * only with `Authorization: Bearer` since 4 May 2026, and app passwords (Basic) were removed on
 * 28 July 2026, so the fake rejects every other scheme.
 */
import { FakeHttpError, type FakeRequest } from './http-types.js';
import type { FakeAccessToken, FakeState } from './model.js';

/** Bitbucket's message for an expired access token; clients look for "expired" to refresh. */
export const expiredTokenMessage = 'Access token expired. Use your refresh token to obtain a new access token.';

/**
 * Scopes that each scope grants on top of itself, from the scope chapter of openapi.json's
 * authentication narrative. `repository:admin` and `repository:delete` grant nothing else.
 */
const impliedScopes: Record<string, string[]> = {
  'repository:write': ['repository'],
  pullrequest: ['repository'],
  'pullrequest:write': ['pullrequest', 'repository:write', 'repository'],
  project: ['repository'],
  'issue:write': ['issue'],
  'snippet:write': ['snippet'],
  'account:write': ['account'],
  'pipeline:write': ['pipeline'],
  'runner:write': ['runner'],
};

/** Every OAuth consumer scope in openapi.json's security scheme, the default grant of issued tokens. */
export const allOAuthScopes = [
  'account',
  'account:write',
  'email',
  'issue',
  'issue:write',
  'pipeline',
  'pipeline:variable',
  'pipeline:write',
  'project',
  'project:admin',
  'pullrequest',
  'pullrequest:write',
  'repository',
  'repository:admin',
  'repository:delete',
  'repository:write',
  'runner',
  'runner:write',
  'snippet',
  'snippet:write',
  'webhook',
  'wiki',
];

/** Returns the granted scopes together with the scopes they imply. */
export function expandScopes(scopes: readonly string[]): Set<string> {
  const expanded = new Set<string>();
  for (const scope of scopes) {
    expanded.add(scope);
    for (const implied of impliedScopes[scope] ?? []) expanded.add(implied);
  }
  return expanded;
}

/**
 * Finds the access token of a request, or throws 401: for a missing header, another scheme, an
 * unknown token, or an expired one (with Bitbucket's "Access token expired" message).
 */
export function authenticate(request: FakeRequest, state: FakeState, now: number): FakeAccessToken {
  const header = request.headers.authorization;
  if (header === undefined || header.trim() === '') {
    throw new FakeHttpError(401, 'Authentication required: send an access token in the Authorization: Bearer header.');
  }

  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (match?.[1] === undefined) {
    throw new FakeHttpError(401, 'Unsupported authentication scheme: Bitbucket accepts only Authorization: Bearer <access token>.');
  }

  const token = state.accessTokens.get(match[1]);
  if (token === undefined) throw new FakeHttpError(401, 'Invalid access token.');
  if (token.expired || (token.expiresAt !== undefined && token.expiresAt <= now)) {
    throw new FakeHttpError(401, expiredTokenMessage);
  }
  return token;
}

/** Throws Bitbucket's 403 with `detail.required` and `detail.granted` when the token lacks `scope`. */
export function requireScope(token: FakeAccessToken, scope: string): void {
  if (expandScopes(token.scopes).has(scope)) return;
  throw new FakeHttpError(403, 'Your credentials lack one or more required privilege scopes.', {
    detail: { required: [scope], granted: [...token.scopes] },
  });
}
