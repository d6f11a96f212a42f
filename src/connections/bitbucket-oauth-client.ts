import got, { type Got, type Response } from 'got';

import type { Logger } from '../logging/logger.js';
import type { BitbucketAccountSummary } from './connection.js';
import { OAuthExchangeError, OAuthInvalidGrantError } from './errors.js';

export interface BitbucketOAuthClientOptions {
  /** Base of the authorize and token endpoints, such as https://bitbucket.org/site/oauth2. */
  oauthUrl: string;
  /** API base URL, such as https://api.bitbucket.org/2.0. */
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  /** Sent with the authorization request so Bitbucket returns to this app's callback. */
  redirectUri?: string;
  timeoutMs: number;
  logger: Logger;
}

/** A token endpoint response. Bitbucket rotates the refresh token on every refresh. */
export interface OAuthTokenResponse {
  accessToken: string;
  refreshToken: string;
  expiresInSeconds: number;
  scopes: string[];
}

interface TokenEndpointBody {
  access_token?: unknown;
  refresh_token?: unknown;
  expires_in?: unknown;
  scopes?: unknown;
  error?: unknown;
  error_description?: unknown;
}

interface AccountBody {
  uuid?: unknown;
  account_id?: unknown;
  display_name?: unknown;
  nickname?: unknown;
}

/**
 * Bitbucket's OAuth 2.0 endpoints for one consumer: the authorize URL, the token endpoint
 * (client credentials in Basic auth, form body) and `GET /user` to name the account. Nothing is
 * retried, because a retried refresh could spend a refresh token that Bitbucket already rotated.
 */
export class BitbucketOAuthClient {
  private readonly http: Got;

  constructor(private readonly options: BitbucketOAuthClientOptions) {
    this.http = got.extend({
      timeout: { request: options.timeoutMs },
      retry: { limit: 0 },
      throwHttpErrors: false,
      followRedirect: false,
    });
  }

  /** Limit for one request to the token endpoint or `GET /user`, in milliseconds. */
  get requestTimeoutMs(): number {
    return this.options.timeoutMs;
  }

  /** Builds the URL that sends the person to Bitbucket's consent page. */
  buildAuthorizeUrl(state: string): string {
    const url = new URL(`${this.options.oauthUrl}/authorize`);
    url.searchParams.set('client_id', this.options.clientId);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('state', state);
    if (this.options.redirectUri) url.searchParams.set('redirect_uri', this.options.redirectUri);
    return url.toString();
  }

  /** Exchanges an authorization code for tokens. Throws OAuthInvalidGrantError or OAuthExchangeError. */
  async exchangeCode(code: string): Promise<OAuthTokenResponse> {
    const form: Record<string, string> = { grant_type: 'authorization_code', code };
    if (this.options.redirectUri) form.redirect_uri = this.options.redirectUri;
    return this.requestTokens(form, 'exchanging the authorization code');
  }

  /** Trades a refresh token for a new token pair. The old refresh token dies soon after. */
  async refresh(refreshToken: string): Promise<OAuthTokenResponse> {
    return this.requestTokens({ grant_type: 'refresh_token', refresh_token: refreshToken }, 'refreshing the access token');
  }

  /** Reads the account that `accessToken` belongs to. Throws OAuthExchangeError on any failure. */
  async getCurrentUser(accessToken: string): Promise<BitbucketAccountSummary> {
    const response = await this.send('reading the Bitbucket account', () =>
      this.http.get(`${this.options.apiUrl}/user`, {
        headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      }),
    );
    const body = parseJson<AccountBody>(response.body);
    if (response.statusCode !== 200 || typeof body?.uuid !== 'string' || typeof body.display_name !== 'string') {
      throw new OAuthExchangeError(`Reading the Bitbucket account failed: GET /user returned HTTP ${response.statusCode}.`);
    }
    return {
      uuid: body.uuid,
      accountId: typeof body.account_id === 'string' ? body.account_id : undefined,
      displayName: body.display_name,
      nickname: typeof body.nickname === 'string' ? body.nickname : undefined,
    };
  }

  private async requestTokens(form: Record<string, string>, action: string): Promise<OAuthTokenResponse> {
    const response = await this.send(action, () =>
      this.http.post(`${this.options.oauthUrl}/access_token`, {
        form,
        username: this.options.clientId,
        password: this.options.clientSecret,
        headers: { accept: 'application/json' },
      }),
    );
    const body = parseJson<TokenEndpointBody>(response.body);

    if (response.statusCode !== 200) {
      const oauthError = typeof body?.error === 'string' ? body.error : undefined;
      const description = typeof body?.error_description === 'string' ? `: ${body.error_description}` : '';
      const message = `Bitbucket rejected ${action} with HTTP ${response.statusCode} (${oauthError ?? 'no OAuth error code'}${description}).`;
      if (oauthError === 'invalid_grant') throw new OAuthInvalidGrantError(message);
      throw new OAuthExchangeError(message);
    }

    if (
      typeof body?.access_token !== 'string' ||
      typeof body.refresh_token !== 'string' ||
      typeof body.expires_in !== 'number'
    ) {
      throw new OAuthExchangeError(`Bitbucket's response to ${action} lacks access_token, refresh_token or expires_in.`);
    }
    return {
      accessToken: body.access_token,
      refreshToken: body.refresh_token,
      expiresInSeconds: body.expires_in,
      scopes: typeof body.scopes === 'string' ? body.scopes.split(/[\s,]+/).filter(Boolean) : [],
    };
  }

  private async send(action: string, request: () => Promise<Response<string>>): Promise<Response<string>> {
    try {
      return await request();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.options.logger.warn({ err: error }, `${action} failed before Bitbucket responded`);
      throw new OAuthExchangeError(`${capitalize(action)} failed: no response from Bitbucket (${reason}).`, { cause: error });
    }
  }
}

function parseJson<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
