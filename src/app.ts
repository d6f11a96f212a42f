import { BitbucketClient } from './bitbucket/client.js';
import type { Config } from './config/config.js';
import { createConnectionService, resolveEncryptionKey } from './connections/create-connection-service.js';
import { createStore } from './connections/create-store.js';
import type { Store } from './connections/store.js';
import { createTokenCipher } from './connections/token-cipher.js';
import { createBitbucketOAuthRoutes } from './http/bitbucket-oauth-routes.js';
import { createHealthRoutes } from './http/health-routes.js';
import { createLogger, type Logger } from './logging/logger.js';
import { COMMAND_HANDLERS } from './slack/commands/command-handlers.js';
import { createConnectHooks } from './slack/connect-hooks.js';
import { createBoltApp, SLACK_INSTALL_PATH } from './slack/create-bolt-app.js';
import { createBoltErrorHandler } from './slack/handle-bolt-error.js';
import { createSlackClientProvider } from './slack/installations/create-slack-client-provider.js';
import { registerListeners } from './slack/listeners/register-listeners.js';
import { PendingWork, type PendingWorkOptions } from './slack/pending-work.js';
import type { SlackDependencies } from './slack/slack-dependencies.js';

/** Bound on how long shutdown waits for acknowledged requests whose replies are still on their way. */
const SHUTDOWN_DRAIN_MS = 10_000;

export interface StartAppOptions {
  /** Uses this logger instead of creating one from the configuration (tests capture output). */
  logger?: Logger;
  /** Key namespace of the store, in place of STORE_NAMESPACE; tests pass their own so they never share keys. */
  storeNamespace?: string;
  /** Clock in epoch milliseconds. */
  now?: () => number;
  /** Limits of the work queue in place of its defaults; tests shrink them to fill the queue quickly. */
  workQueue?: Omit<PendingWorkOptions, 'logger'>;
}

export interface RunningApp {
  /** Port the HTTP server listens on (the routes' server in Socket Mode). */
  port: number;
  store: Store;
  logger: Logger;
  /** Stops taking requests, finishes acknowledged work (bounded), closes the store. */
  stop(): Promise<void>;
}

/**
 * The composition root: builds the logger, the store, the Bitbucket client, the connection
 * layer and the Bolt app from the configuration, registers the listeners and starts serving.
 */
export async function startApp(config: Config, options: StartAppOptions = {}): Promise<RunningApp> {
  const logger = options.logger ?? createLogger({ level: config.logLevel, format: config.logFormat });
  const now = options.now ?? Date.now;
  const store = createStore({ redisUrl: config.store.redisUrl, dataDir: config.store.dataDir, logger, namespace: options.storeNamespace ?? config.store.namespace });
  const bitbucket = new BitbucketClient({ baseUrl: config.bitbucket.apiUrl, timeoutMs: config.bitbucket.requestTimeoutMs, logger });
  const pendingWork = new PendingWork({ ...options.workQueue, logger });
  let shuttingDown = false;

  let deps: SlackDependencies | undefined;
  const cipher = createTokenCipher(resolveEncryptionKey(store, config.store, logger));
  const connections = createConnectionService({
    store,
    cipher,
    storeConfig: config.store,
    bitbucket: config.bitbucket,
    logger,
    now,
    hooks: createConnectHooks(() => {
      if (!deps) throw new Error('The Slack layer is not ready yet.');
      return deps;
    }, COMMAND_HANDLERS),
  });

  const routes = [
    ...createHealthRoutes({
      store,
      logger,
      configurationProblems: describeConfigurationGaps(config),
      isShuttingDown: () => shuttingDown,
    }),
    ...createBitbucketOAuthRoutes({ flow: connections.flow, logger }),
  ];
  const bolt = createBoltApp({ config, logger, store, cipher, routes });

  deps = {
    logger,
    store,
    bitbucket,
    connections,
    pendingWork,
    postJson: bolt.postJson,
    now,
    getSlackClient: createSlackClientProvider({
      singleWorkspaceClient: config.slack.mode === 'single-workspace' ? bolt.app.client : undefined,
      store,
      cipher,
      clientOptions: bolt.clientOptions,
    }),
  };
  registerListeners(bolt.app, deps, COMMAND_HANDLERS);
  bolt.app.error(createBoltErrorHandler({ logger, postJson: bolt.postJson, installUrl: `${config.publicUrl}${SLACK_INSTALL_PATH}` }));

  const port = await bolt.start(config.port);
  logger.info(
    { port, mode: config.slack.appToken ? 'socket-mode' : 'http', slackMode: config.slack.mode, store: store.kind },
    'bitbucket-slack is listening',
  );

  return {
    port,
    store,
    logger,
    async stop() {
      shuttingDown = true;
      logger.info({ pending: pendingWork.size }, 'shutting down: no new Slack requests are taken');
      await bolt.stop();
      const unfinished = await pendingWork.drain(SHUTDOWN_DRAIN_MS);
      await connections.flow.whenHooksSettled();
      if (unfinished > 0) {
        logger.warn({ unfinished }, 'shutdown went ahead with replies still running');
      }
      await store.close();
      logger.info('stopped');
    },
  };
}

/** Gaps that leave the app running but unable to serve users; `/readyz` reports them. */
function describeConfigurationGaps(config: Config): string[] {
  const hasConsumer = config.bitbucket.clientId !== undefined && config.bitbucket.clientSecret !== undefined;
  if (!hasConsumer && !config.bitbucket.bearerToken) {
    return ['no Bitbucket credentials: set BITBUCKET_CLIENT_ID and BITBUCKET_CLIENT_SECRET, or BITBUCKET_BEARER_TOKEN'];
  }
  return [];
}
