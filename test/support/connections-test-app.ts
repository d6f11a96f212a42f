import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { BitbucketConfig, StoreConfig } from '../../src/config/config.js';
import type { ConnectionService } from '../../src/connections/connection-service.js';
import { createConnectionService } from '../../src/connections/create-connection-service.js';
import type { OAuthFlowHooks } from '../../src/connections/oauth-flow-types.js';
import type { Store } from '../../src/connections/store.js';
import { createBitbucketOAuthRoutes } from '../../src/http/bitbucket-oauth-routes.js';
import type { HttpRoute } from '../../src/http/http-route.js';
import type { Logger } from '../../src/logging/logger.js';

/** A loopback HTTP server that mounts the OAuth routes the way Bolt's receiver would. */
export interface ConnectionsTestApp {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly callbackUrl: string;
  readonly service: ConnectionService;
  close(): Promise<void>;
}

export interface ConnectionsTestAppOptions {
  store: Store;
  logger: Logger;
  /** The test Bitbucket's OAuth and API base URLs. */
  oauthUrl: string;
  apiUrl: string;
  clientId?: string;
  clientSecret?: string;
  /** TOKEN_ENCRYPTION_KEY; without it the key is loaded from, or created in, `dataDir`. */
  encryptionKey?: Buffer;
  dataDir?: string;
  sharedAccessToken?: string;
  hooks?: OAuthFlowHooks;
  now?: () => number;
  /** Port to listen on; 0 picks a free one. */
  port?: number;
  /**
   * redirect_uri sent to Bitbucket; defaults to this app's own callback. Processes behind one
   * load balancer share one, as they share BITBUCKET_OAUTH_REDIRECT_URI.
   */
  redirectUri?: string;
}

/** Starts the app's OAuth routes on 127.0.0.1 with a ConnectionService built from configuration objects. */
export async function startConnectionsTestApp(options: ConnectionsTestAppOptions): Promise<ConnectionsTestApp> {
  const routes: HttpRoute[] = [];
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = routes.find((candidate) => candidate.path === path && candidate.method === req.method);
    if (!route) {
      res.writeHead(404).end('not found');
      return;
    }
    route.handler(req, res);
  });
  server.listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const callbackUrl = `${url}/bitbucket/oauth/callback`;

  const bitbucket: BitbucketConfig = {
    apiUrl: options.apiUrl,
    oauthUrl: options.oauthUrl,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    redirectUri: options.redirectUri ?? callbackUrl,
    scopes: ['account'],
    bearerToken: options.sharedAccessToken,
    requestTimeoutMs: 5_000,
  };
  const storeConfig: StoreConfig = { dataDir: options.dataDir ?? '/nonexistent', tokenEncryptionKey: options.encryptionKey };
  const service = createConnectionService({
    store: options.store,
    storeConfig,
    bitbucket,
    logger: options.logger,
    hooks: options.hooks,
    now: options.now,
  });
  routes.push(...createBitbucketOAuthRoutes({ flow: service.flow, logger: options.logger }));

  return {
    url,
    callbackUrl,
    service,
    async close() {
      server.closeAllConnections();
      server.close();
      await service.flow.whenHooksSettled();
    },
  };
}

/** What the browser saw on the callback page. */
export interface CallbackPage {
  status: number;
  html: string;
  /** Hidden fields of the confirm form, when the page has one. */
  form?: { state: string; csrfToken: string };
}

/**
 * Plays the browser from the authorize URL to the callback page: follows Bitbucket's 302 to the
 * app's callback by hand and returns the page there.
 */
export async function openAuthorizeUrl(authorizeUrl: string): Promise<CallbackPage> {
  const authorize = await fetch(authorizeUrl, { redirect: 'manual' });
  const location = authorize.headers.get('location');
  if (authorize.status !== 302 || !location) {
    throw new Error(`expected a 302 from /authorize, got ${authorize.status}: ${await authorize.text()}`);
  }
  return openCallback(location);
}

/** Requests a callback URL and reads the confirm form from the page. */
export async function openCallback(callbackUrl: string): Promise<CallbackPage> {
  const response = await fetch(callbackUrl, { redirect: 'manual' });
  const html = await response.text();
  const state = /name="state" value="([^"]+)"/.exec(html)?.[1];
  const csrfToken = /name="csrf_token" value="([^"]+)"/.exec(html)?.[1];
  const page: CallbackPage = { status: response.status, html };
  if (state && csrfToken) page.form = { state, csrfToken };
  return page;
}

/** Posts the confirm form as the browser would. */
export async function postConfirm(
  appUrl: string,
  fields: Record<string, string>,
): Promise<{ status: number; html: string }> {
  const response = await fetch(`${appUrl}/bitbucket/oauth/confirm`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  return { status: response.status, html: await response.text() };
}

/**
 * Links `slackUser` to the test Bitbucket's signed-in user (`setAuthorizingUser`) through the
 * real HTTP flow: authorize, callback page, confirm POST. Throws when any step fails.
 */
export async function connectThroughBrowser(app: ConnectionsTestApp, slackUser: { teamId: string; userId: string }): Promise<void> {
  const { url } = await app.service.startAuthorization(slackUser);
  const page = await openAuthorizeUrl(url);
  if (!page.form) throw new Error(`the callback page has no confirm form (HTTP ${page.status}): ${page.html}`);
  const confirmed = await postConfirm(app.url, { state: page.form.state, csrf_token: page.form.csrfToken });
  if (confirmed.status !== 200) throw new Error(`confirm failed with HTTP ${confirmed.status}: ${confirmed.html}`);
}
