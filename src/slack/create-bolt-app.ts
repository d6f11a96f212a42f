import { App, HTTPReceiver, LogLevel, SocketModeReceiver, type Receiver } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';

import type { Config } from '../config/config.js';
import type { Store } from '../connections/store.js';
import type { TokenCipher } from '../connections/token-cipher.js';
import type { HttpRoute } from '../http/http-route.js';
import { toSlackLogger, type Logger } from '../logging/logger.js';
import { createFetchWithTimeout } from './fetch-with-timeout.js';
import { createPostJson, type PostJson } from './replies/post-json.js';
import { createStoreInstallationStore } from './installations/store-installation-store.js';
import { createSlackRetryPolicy } from './slack-retry-policy.js';
import { SocketModeStartError } from './socket-mode-start-error.js';

/** Bot scopes requested when a workspace installs the app through Slack OAuth; manifest.yml lists the same. */
export const SLACK_BOT_SCOPES = ['commands', 'chat:write', 'chat:write.public', 'users:read'];

/** Path of every Slack request: commands, interactivity, options loads and events. */
export const SLACK_EVENTS_PATH = '/slack/events';
export const SLACK_INSTALL_PATH = '/slack/install';
export const SLACK_OAUTH_REDIRECT_PATH = '/slack/oauth_redirect';

/** Slack Web API calls and respond() give up after this long, so a hung Slack cannot stall a listener. */
const SLACK_REQUEST_TIMEOUT_MS = 10_000;

export interface BoltAppParts {
  app: App;
  receiver: HTTPReceiver | SocketModeReceiver;
  /** The fetch Bolt uses for Web API calls and respond(), with its timeout. */
  fetch: typeof fetch;
  /** Posts JSON to a response_url, with the same timeout as `fetch`. */
  postJson: PostJson;
  /** Web API client options (API URL, retries, timeout) for clients made outside Bolt. */
  clientOptions: WebClientOptions;
  /** Starts serving: the HTTP server on `port`, plus the WebSocket in Socket Mode. Returns the bound port. */
  start(port: number): Promise<number>;
  /** Stops taking requests; requests already acknowledged keep running. */
  stop(): Promise<void>;
}

export interface CreateBoltAppOptions {
  config: Config;
  logger: Logger;
  store: Store;
  /** Encrypts Slack installations (they carry bot tokens) in the store. */
  cipher: TokenCipher;
  routes: HttpRoute[];
  /** Replaces the fetch used for Slack calls, e.g. in tests. Defaults to the global fetch. */
  fetch?: typeof fetch;
}

/**
 * Creates the Bolt app for the configured mode: HTTP (one endpoint, `/slack/events`, plus the
 * app's own routes) or Socket Mode (no public URL; the routes get their own HTTP server), each
 * with one workspace's bot token or with installs through Slack OAuth kept in the store.
 */
export function createBoltApp(options: CreateBoltAppOptions): BoltAppParts {
  const { config, logger } = options;
  const slackLogger = toSlackLogger(logger);
  slackLogger.setLevel(toBoltLogLevel(config.logLevel));

  const slackFetch = createFetchWithTimeout(SLACK_REQUEST_TIMEOUT_MS, options.fetch);
  const postJson = createPostJson(SLACK_REQUEST_TIMEOUT_MS);
  const clientOptions: WebClientOptions = {
    slackApiUrl: config.slackApiUrl,
    fetch: slackFetch,
    // A failing call ends within seconds (see createSlackRetryPolicy), and a 429 fails at once so
    // the caller can tell the user.
    retryConfig: createSlackRetryPolicy(),
    timeout: SLACK_REQUEST_TIMEOUT_MS,
    rejectRateLimitedCalls: true,
  };

  const oauth =
    config.slack.mode === 'oauth'
      ? {
          clientId: config.slack.clientId,
          clientSecret: config.slack.clientSecret,
          stateSecret: config.slack.stateSecret,
          scopes: SLACK_BOT_SCOPES,
          installationStore: createStoreInstallationStore(options.store, options.cipher),
          redirectUri: `${config.publicUrl}${SLACK_OAUTH_REDIRECT_PATH}`,
        }
      : undefined;
  const installerOptions = {
    directInstall: true,
    installPath: SLACK_INSTALL_PATH,
    redirectUriPath: SLACK_OAUTH_REDIRECT_PATH,
    clientOptions,
  };

  let receiver: HTTPReceiver | SocketModeReceiver;
  if (config.slack.appToken) {
    receiver = new SocketModeReceiver({
      appToken: config.slack.appToken,
      logger: slackLogger,
      customRoutes: options.routes,
      ...oauth,
      installerOptions: { ...installerOptions, port: config.port },
    });
  } else {
    receiver = new HTTPReceiver({
      // parseConfig requires the signing secret whenever Socket Mode is off.
      signingSecret: config.slack.signingSecret ?? '',
      endpoints: SLACK_EVENTS_PATH,
      customRoutes: options.routes,
      logger: slackLogger,
      processBeforeResponse: false,
      ...oauth,
      installerOptions,
    });
  }

  const app = new App({
    receiver: receiver as Receiver,
    logger: slackLogger,
    clientOptions,
    // The error handler then receives the request body, so it can answer the user and log their ids.
    extendedErrorHandler: true,
    // No listener reads `context.conversation`; Bolt's default store would look it up on every request.
    convoStore: false,
    // In OAuth mode the receiver's installer authorizes each request from the installation store.
    ...(config.slack.mode === 'single-workspace' ? { token: config.slack.botToken } : {}),
  });

  return {
    app,
    receiver,
    fetch: slackFetch,
    postJson,
    clientOptions,
    async start(port: number) {
      if (receiver instanceof HTTPReceiver) {
        const server = await receiver.start(port);
        const address = server.address();
        return typeof address === 'object' && address ? address.port : port;
      }
      // NOTE: Bolt 5.1's SocketModeReceiver binds `port` without an 'error' listener, so a port in
      // use ends the process through Node's unhandled 'error' event, and PORT=0 is returned as 0.
      try {
        await receiver.start();
      } catch (error) {
        throw SocketModeStartError.from(error);
      }
      return config.port;
    },
    async stop() {
      await receiver.stop();
    },
  };
}

function toBoltLogLevel(level: Config['logLevel']): LogLevel {
  switch (level) {
    case 'debug':
      return LogLevel.DEBUG;
    case 'info':
      return LogLevel.INFO;
    case 'warn':
      return LogLevel.WARN;
    case 'error':
      return LogLevel.ERROR;
  }
}
