import type { Logger } from '../logging/logger.js';
import { EmbeddedStore } from './embedded-store.js';
import { describeRedisUrl } from './redis-client.js';
import { RedisStore } from './redis-store.js';
import type { Store } from './store.js';

export interface CreateStoreOptions {
  /** Redis, Redis Cluster or Sentinel URL; without it the embedded store under `dataDir` is used. */
  redisUrl?: string;
  dataDir: string;
  logger: Logger;
  /** Key namespace; defaults to `bbslack`. Tests pass their own. */
  namespace?: string;
}

/**
 * Creates the app's store: Redis when `redisUrl` is set, else the embedded file store, and logs
 * which one is in use (the Redis URL without its password). Redis connects on first use, so a
 * Redis that is down at start-up shows up as StorageUnavailableError on the first call.
 */
export function createStore(options: CreateStoreOptions): Store {
  if (options.redisUrl) {
    const store = new RedisStore({ url: options.redisUrl, logger: options.logger, namespace: options.namespace });
    options.logger.info({ store: 'redis', redis: describeRedisUrl(options.redisUrl) }, 'using Redis for connections and state');
    return store;
  }

  const store = EmbeddedStore.open({ dataDir: options.dataDir, logger: options.logger, namespace: options.namespace });
  options.logger.info(
    { store: 'embedded', dataDir: options.dataDir },
    'using the embedded store; set REDIS_URL to run more than one process',
  );
  return store;
}
