import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import KeyvRedis, { Keyv } from '@keyv/redis';

import { AppError } from '../app-error.js';
import type { Logger } from '../logging/logger.js';
import { StorageUnavailableError } from './errors.js';
import { STORE_NAMESPACE, toRedisKey } from './keys.js';
import { createRedisConnection, describeRedisUrl } from './redis-client.js';
import type { Store } from './store.js';
import { decodeKeyvEntry } from './keyv-entry.js';

export interface RedisStoreOptions {
  url: string;
  logger: Logger;
  /** Key namespace, `bbslack` by default. Tests pass their own so they never share keys. */
  namespace?: string;
  /** Time allowed to open a connection. Default 1,000 ms. */
  connectTimeoutMs?: number;
  /**
   * Time allowed for one store call before it fails with StorageUnavailableError. It covers a
   * connection that hangs without closing, which the client's offline check cannot see.
   * Default 3,000 ms.
   */
  operationTimeoutMs?: number;
  /** Wait between two attempts to take a busy lock. Default 25 ms. */
  lockPollMs?: number;
}

/** The commands this store sends past Keyv; standalone, cluster and sentinel clients all have them. */
interface RedisCommands {
  getDel(key: string): Promise<string | null>;
  set(key: string, value: string, options: { NX: true; PX: number }): Promise<string | null>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  exists(key: string): Promise<number>;
}

/** Deletes the lock only while it still holds the caller's token, so an expired lock taken over by another holder survives. */
const RELEASE_LOCK_SCRIPT = `
if redis.call("GET", KEYS[1]) == ARGV[1] then
  return redis.call("DEL", KEYS[1])
end
return 0`;

/**
 * The Store on Redis through Keyv 5 and @keyv/redis 5. Every process of one Slack app shares
 * it, so OAuth states, connections and refresh locks work across processes. While Redis is
 * unreachable every call throws StorageUnavailableError at once; the client reconnects by itself.
 */
export class RedisStore implements Store {
  readonly kind = 'redis' as const;

  private readonly keyv: Keyv;
  private readonly adapter: KeyvRedis<string>;
  private readonly namespace: string;
  private readonly operationTimeoutMs: number;
  private readonly lockPollMs: number;
  private readonly logger: Logger;
  private reportedErrors = 0;
  private connecting: Promise<unknown> | undefined;
  /** Locks whose SET may still reach Redis after the call failed. They are deleted after the next successful call. */
  private readonly orphanedLocks = new Map<string, string>();

  constructor(options: RedisStoreOptions) {
    this.namespace = options.namespace ?? STORE_NAMESPACE;
    this.operationTimeoutMs = options.operationTimeoutMs ?? 3_000;
    this.lockPollMs = options.lockPollMs ?? 25;
    this.logger = options.logger.child({ component: 'redis-store', redis: describeRedisUrl(options.url) });

    const connectTimeoutMs = options.connectTimeoutMs ?? 1_000;
    const client = createRedisConnection(options.url, { connectTimeoutMs, maxReconnectDelayMs: 2_000 });
    this.adapter = new KeyvRedis<string>(client, {
      throwOnConnectError: true,
      throwOnErrors: true,
      connectionTimeout: connectTimeoutMs,
    });
    this.keyv = new Keyv({ store: this.adapter, namespace: this.namespace, throwOnErrors: true });

    // Logging every failed reconnect attempt would flood the log during an outage, so only the
    // first few errors of each outage are logged.
    this.keyv.on('error', (error: unknown) => this.reportClientError(error));
    this.adapter.on('connect', () => {
      if (this.reportedErrors > 0) this.logger.info({ errors: this.reportedErrors }, 'Redis connection restored');
      this.reportedErrors = 0;
    });
  }

  async get<T>(key: string): Promise<T | undefined> {
    return this.run('get', key, () => this.keyv.get<T>(key));
  }

  async set<T>(key: string, value: T, ttlMs?: number): Promise<void> {
    const stored = await this.run('set', key, () => this.keyv.set(key, value, ttlMs));
    if (!stored) {
      throw new StorageUnavailableError(`Redis did not store "${key}".`);
    }
  }

  async delete(key: string): Promise<boolean> {
    return this.run('delete', key, () => this.keyv.delete(key));
  }

  async take<T>(key: string): Promise<T | undefined> {
    return this.run('take', key, async () => {
      const commands = await this.commands();
      const raw = await commands.getDel(toRedisKey(this.namespace, key));
      if (raw === null) return undefined;
      return decodeKeyvEntry<T>(await this.keyv.deserializeData<T>(raw), Date.now());
    });
  }

  async acquireLock(name: string, ttlMs: number, waitMs: number): Promise<(() => Promise<void>) | null> {
    const redisKey = toRedisKey(this.namespace, name);
    const token = randomUUID();
    const deadline = Date.now() + waitMs;

    for (;;) {
      let reply: string | null;
      try {
        reply = await this.run('lock', name, async () => {
          const commands = await this.commands();
          return commands.set(redisKey, token, { NX: true, PX: ttlMs });
        });
      } catch (error) {
        // A SET that timed out may still be applied when a hung Redis resumes, and would then
        // block this lock for its whole TTL. Its token is unique, so deleting it later is safe.
        this.orphanedLocks.set(redisKey, token);
        throw error;
      }
      if (reply === 'OK') {
        return () => this.releaseLock(name, redisKey, token);
      }
      if (Date.now() >= deadline) {
        return null;
      }
      await sleep(Math.min(this.lockPollMs, Math.max(1, deadline - Date.now())));
    }
  }

  async ping(): Promise<void> {
    await this.run('ping', 'ping', async () => {
      const commands = await this.commands();
      await commands.exists(toRedisKey(this.namespace, 'ping'));
    });
  }

  /** Closes the connection gracefully, or drops it when Redis does not respond within the operation timeout. */
  async close(): Promise<void> {
    const graceful = this.adapter.disconnect(false).then(
      () => true,
      () => false,
    );
    const closed = await Promise.race([graceful, sleep(this.operationTimeoutMs).then(() => false)]);
    if (closed) return;
    try {
      await this.adapter.disconnect(true);
    } catch (error) {
      this.logger.warn({ err: error }, 'closing the Redis connection failed');
    }
  }

  private async releaseLock(name: string, redisKey: string, token: string): Promise<void> {
    await this.run('unlock', name, async () => {
      const commands = await this.commands();
      await commands.eval(RELEASE_LOCK_SCRIPT, { keys: [redisKey], arguments: [token] });
    });
  }

  private async deleteOrphanedLocks(): Promise<void> {
    for (const [redisKey, token] of [...this.orphanedLocks]) {
      this.orphanedLocks.delete(redisKey);
      await this.releaseLock(redisKey, redisKey, token).catch((error: unknown) => {
        this.orphanedLocks.set(redisKey, token);
        this.logger.debug({ err: error }, 'deleting a lock left by a failed call failed; will retry');
      });
    }
  }

  private async commands(): Promise<RedisCommands> {
    return (await this.adapter.getClient()) as unknown as RedisCommands;
  }

  /**
   * Opens the connection once for all concurrent callers. The client counts as open as soon as
   * it starts connecting, and with the offline queue disabled a command sent before the
   * handshake ends would fail, so every call waits for the one connect in progress.
   */
  private async connectOnce(): Promise<void> {
    if (this.connecting) {
      await this.connecting;
      return;
    }
    if (this.adapter.client.isOpen) return;
    this.connecting = this.adapter.getClient().finally(() => {
      this.connecting = undefined;
    });
    await this.connecting;
  }

  /** Runs one store call with a time limit and turns every Redis failure into StorageUnavailableError. */
  private async run<R>(operation: string, key: string, call: () => Promise<R>): Promise<R> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`timed out after ${this.operationTimeoutMs} ms`)),
        this.operationTimeoutMs,
      );
    });
    try {
      const result = (async () => {
        await this.connectOnce();
        return call();
      })();
      const value = await Promise.race([result, timeout]);
      if (this.orphanedLocks.size > 0 && operation !== 'unlock') void this.deleteOrphanedLocks();
      return value;
    } catch (error) {
      if (error instanceof AppError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new StorageUnavailableError(`Redis is unavailable (${operation} "${key}" failed: ${reason}).`, {
        cause: error,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  private reportClientError(error: unknown): void {
    this.reportedErrors += 1;
    if (this.reportedErrors <= 3) {
      this.logger.warn({ err: error }, 'Redis connection error');
    } else if (this.reportedErrors === 4) {
      this.logger.warn('Redis connection errors continue; further ones are not logged until it reconnects');
    }
  }
}
