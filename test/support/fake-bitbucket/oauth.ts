/**
 * Bitbucket's OAuth 2.0 endpoints under `/site/oauth2`: the browser's authorize step and the
 * token endpoint with the `authorization_code` and `refresh_token` grants. Refresh tokens rotate:
 * each refresh returns a new pair and the old refresh token stops working at once (Bitbucket lets
 * it live "shortly after", which the fake shortens to zero).
 */
import { timingSafeEqual } from 'node:crypto';

import { createOpaqueToken } from './ids.js';
import type { FakeEnvironment, FakeRequest, FakeResponse } from './http-types.js';
import type { FakeOAuthClient, FakeState, FakeUser } from './model.js';
import { countTokenRequest, issueTokenPair } from './tokens.js';

/** Serves a request under `/site/oauth2`, or returns undefined when no endpoint matches. */
export function handleOAuthRequest(
  request: FakeRequest,
  state: FakeState,
  env: FakeEnvironment,
): FakeResponse | undefined {
  if (request.method === 'GET' && request.path === '/site/oauth2/authorize') return authorize(request, state, env);
  if (request.method === 'POST' && request.path === '/site/oauth2/access_token') return exchangeToken(request, state, env);
  return undefined;
}

function authorize(request: FakeRequest, state: FakeState, env: FakeEnvironment): FakeResponse {
  const clientId = request.query.get('client_id') ?? '';
  const client = state.oauthClients.get(clientId);
  if (client === undefined) return htmlPage(400, `Invalid client_id: no OAuth consumer ${JSON.stringify(clientId)}.`);

  const redirectUri = request.query.get('redirect_uri') ?? undefined;
  if (redirectUri !== undefined && !redirectUri.startsWith(client.callbackUrl)) {
    return htmlPage(400, `Invalid redirect_uri: it must start with the consumer's callback URL ${client.callbackUrl}.`);
  }

  const target = redirectUri ?? client.callbackUrl;
  const stateParam = request.query.get('state');
  const redirect = (params: Record<string, string>) => {
    const url = new URL(target);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    if (stateParam !== null) url.searchParams.set('state', stateParam);
    return { status: 302, headers: { location: url.toString() }, body: '' };
  };

  if (request.query.get('response_type') !== 'code') {
    return redirect({ error: 'unsupported_response_type', error_description: 'Only response_type=code is supported.' });
  }

  const user = state.authorizingUser;
  if (user === null) {
    return redirect({ error: 'access_denied', error_description: 'The user denied access to the consumer.' });
  }

  const code = createOpaqueToken('fake-code');
  state.authorizationCodes.set(code, {
    code,
    clientId: client.clientId,
    user,
    redirectUri,
    expiresAt: env.now() + env.authorizationCodeLifetimeSeconds * 1000,
    used: false,
  });
  return redirect({ code });
}

function exchangeToken(request: FakeRequest, state: FakeState, env: FakeEnvironment): FakeResponse {
  const client = authenticateClient(request, state);
  if (client === undefined) {
    return oauthError(401, 'invalid_client', 'Client credentials are missing or invalid; send them with HTTP Basic auth.');
  }

  const form = readForm(request);
  const grantType = form.get('grant_type');
  if (grantType === null) {
    return oauthError(400, 'invalid_request', 'grant_type is missing; send an application/x-www-form-urlencoded body.');
  }
  if (grantType === 'authorization_code') return exchangeCode(form, client, state, env);
  if (grantType === 'refresh_token') return refresh(form, client, state, env);
  return oauthError(400, 'unsupported_grant_type', `Unsupported grant_type ${JSON.stringify(grantType)}.`);
}

function exchangeCode(form: URLSearchParams, client: FakeOAuthClient, state: FakeState, env: FakeEnvironment): FakeResponse {
  const code = state.authorizationCodes.get(form.get('code') ?? '');
  if (code === undefined || code.clientId !== client.clientId) {
    return oauthError(400, 'invalid_grant', 'The authorization code is invalid.');
  }
  if (code.used) return oauthError(400, 'invalid_grant', 'The authorization code was already used.');
  if (code.expiresAt <= env.now()) return oauthError(400, 'invalid_grant', 'The authorization code expired.');
  if (code.redirectUri !== undefined && form.get('redirect_uri') !== code.redirectUri) {
    return oauthError(400, 'invalid_grant', 'redirect_uri does not match the one sent to /authorize.');
  }

  code.used = true;
  countTokenRequest(state, code.user, 'codeExchanges');
  return tokenResponse(state, env, code.user, client, 'authorization_code');
}

function refresh(form: URLSearchParams, client: FakeOAuthClient, state: FakeState, env: FakeEnvironment): FakeResponse {
  const token = state.refreshTokens.get(form.get('refresh_token') ?? '');
  if (token === undefined || token.used || token.clientId !== client.clientId) {
    state.stats.rejectedRefreshes += 1;
    return oauthError(400, 'invalid_grant', 'Invalid refresh_token');
  }

  token.used = true;
  countTokenRequest(state, token.user, 'refreshes');
  return tokenResponse(state, env, token.user, client, 'refresh_token', token.scopes);
}

function tokenResponse(
  state: FakeState,
  env: FakeEnvironment,
  user: FakeUser,
  client: FakeOAuthClient,
  grantType: string,
  scopes: string[] = client.scopes,
): FakeResponse {
  const pair = issueTokenPair(state, user, {
    scopes,
    expiresInSeconds: env.accessTokenLifetimeSeconds,
    clientId: client.clientId,
    now: env.now(),
  });
  return {
    status: 200,
    headers: { 'cache-control': 'no-store' },
    // Bitbucket sends the scopes space-separated and repeats the grant type in `state`.
    body: {
      access_token: pair.access_token,
      scopes: scopes.join(' '),
      expires_in: env.accessTokenLifetimeSeconds,
      token_type: 'bearer',
      state: grantType,
      refresh_token: pair.refresh_token,
    },
  };
}

function authenticateClient(request: FakeRequest, state: FakeState): FakeOAuthClient | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (match?.[1] === undefined) return undefined;

  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return undefined;

  const client = state.oauthClients.get(decoded.slice(0, colon));
  if (client === undefined) return undefined;
  const sent = Buffer.from(decoded.slice(colon + 1));
  const expected = Buffer.from(client.clientSecret);
  return sent.length === expected.length && timingSafeEqual(sent, expected) ? client : undefined;
}

function readForm(request: FakeRequest): URLSearchParams {
  const contentType = (request.headers['content-type'] ?? '').toLowerCase();
  if (!contentType.startsWith('application/x-www-form-urlencoded')) return new URLSearchParams();
  return new URLSearchParams(request.rawBody.toString('utf8'));
}

function oauthError(status: number, error: string, description: string): FakeResponse {
  return { status, headers: { 'cache-control': 'no-store' }, body: { error, error_description: description } };
}

function htmlPage(status: number, message: string): FakeResponse {
  const escaped = message.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: `<!DOCTYPE html><html><head><title>Bitbucket</title></head><body><p>${escaped}</p></body></html>`,
  };
}
