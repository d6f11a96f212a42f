import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { setTimeout as sleep } from 'node:timers/promises';

import { Keyv } from 'keyv';

import { AppError } from '../app-error.js';
import type { Logger } from '../logging/logger.js';
import { EmbeddedStoreInUseError, StorageUnavailableError } from './errors.js';
import { STORE_NAMESPACE } from './keys.js';
import { decodeKeyvEntry } from './keyv-entry.js';
import { SqliteKeyvAdapter } from './sqlite-keyv-adapter.js';
import type { Store } from './store.js';

export interface EmbeddedStoreOptions {
  dataDir: string;
  logger: Logger;
  namespace?: string;
  /** Database file name inside `dataDir`. Default `bbslack.sqlite`. */
  fileName?: string;
  /** How often expired rows are deleted. Default 10 minutes. */
  purgeIntervalMs?: number;
  /** Wait between two attempts to take a busy lock. Default 25 ms. */
  lockPollMs?: number;
}

/** SQLITE_BUSY and SQLITE_LOCKED: another connection holds the database lock. */
const SQLITE_BUSY_CODES = new Set([5, 6]);

/**
 * The Store for a single process without Redis: a node:sqlite database file under DATA_DIR,
 * behind Keyv, so connections survive restarts. Locks live in this process's memory, which is
 * enough because the database is opened in SQLite's exclusive locking mode: a second process
 * that opens the same file fails with EmbeddedStoreInUseError. The OS drops that lock when the
 * process exits, so a crash leaves no stale lock behind.
 */
export class EmbeddedStore implements Store {
  readonly kind = 'embedded' as const;

  private readonly locks = new Map<string, { token: string; expiresAt: number }>();
  private readonly purgeTimer: NodeJS.Timeout;
  private readonly lockPollMs: number;
  private closed = false;

  private constructor(
    private readonly db: DatabaseSync,
    private readonly adapter: SqliteKeyvAdapter,
    private readonly keyv: Keyv,
    private readonly logger: Logger,
    options: EmbeddedStoreOptions,
  ) {
    this.lockPollMs = options.lockPollMs ?? 25;
    this.purgeTimer = setInterval(() => this.purgeExpired(), options.purgeIntervalMs ?? 10 * 60_000);
    this.purgeTimer.unref();
  }

  /** Opens (creating when needed) the database file. Throws EmbeddedStoreInUseError when another process has it open. */
  static open(options: EmbeddedStoreOptions): EmbeddedStore {
    const file = path.resolve(options.dataDir, options.fileName ?? 'bbslack.sqlite');
    const logger = options.logger.child({ component: 'embedded-store' });
    try {
      mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw new StorageUnavailableError(
        `The data directory ${path.resolve(options.dataDir)} cannot be created (${describe(error)}). Set DATA_DIR to a writable directory.`,
        { cause: error },
      );
    }

    let db: DatabaseSync;
    try {
      db = new DatabaseSync(file, { timeout: 0 });
    } catch (error) {
      throw new StorageUnavailableError(`Opening ${file} failed: ${describe(error)}`, { cause: error });
    }

    try {
      // SQLite gives the write-ahead log the database file's mode when it creates the log, so the
      // file must be private before WAL mode is switched on.
      chmodSync(file, 0o600);
      // Exclusive locking mode keeps the file lock from the first write until close.
      db.exec('PRAGMA locking_mode = EXCLUSIVE');
      db.exec('PRAGMA journal_mode = WAL');
      db.exec('BEGIN EXCLUSIVE; COMMIT;');
    } catch (error) {
      db.close();
      if (isSqliteBusy(error)) {
        throw new EmbeddedStoreInUseError(
          `${file} is already open in another process. Run one process per DATA_DIR, or set REDIS_URL so several processes can share state.`,
          { cause: error },
        );
      }
      throw new StorageUnavailableError(`Opening ${file} failed: ${describe(error)}`, { cause: error });
    }

    const adapter = new SqliteKeyvAdapter(db);
    const keyv = new Keyv({ store: adapter, namespace: options.namespace ?? STORE_NAMESPACE, throwOnErrors: true });
    keyv.on('error', (error: unknown) => logger.warn({ err: error }, 'embedded store error'));

    const store = new EmbeddedStore(db, adapter, keyv, logger, options);
    store.purgeExpired();
    return store;
  }

  async get<T>(key: string): Promise<T | undefined> {
    return this.run('get', key, () => this.keyv.get<T>(key));
  }

  async set<T>(key: string, value: T, ttlMs?: number): Promise<void> {
    await this.run('set', key, () => this.keyv.set(key, value, ttlMs));
  }

  async delete(key: string): Promise<boolean> {
    return this.run('delete', key, () => this.keyv.delete(key));
  }

  async take<T>(key: string): Promise<T | undefined> {
    return this.run('take', key, async () => {
      const raw = this.adapter.take(`${this.keyv.namespace}:${key}`);
      if (raw === undefined) return undefined;
      return decodeKeyvEntry<T>(await this.keyv.deserializeData<T>(raw), Date.now());
    });
  }

  async acquireLock(name: string, ttlMs: number, waitMs: number): Promise<(() => Promise<void>) | null> {
    this.assertOpen();
    const token = randomUUID();
    const deadline = Date.now() + waitMs;

    for (;;) {
      const now = Date.now();
      const holder = this.locks.get(name);
      if (!holder || holder.expiresAt <= now) {
        this.locks.set(name, { token, expiresAt: now + ttlMs });
        return async () => {
          if (this.locks.get(name)?.token === token) this.locks.delete(name);
        };
      }
      if (now >= deadline) {
        return null;
      }
      await sleep(Math.min(this.lockPollMs, Math.max(1, deadline - now)));
    }
  }

  async ping(): Promise<void> {
    await this.run('ping', 'ping', async () => {
      this.db.prepare('SELECT 1').get();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.purgeTimer);
    this.db.close();
  }

  private purgeExpired(): void {
    try {
      const purged = this.adapter.purgeExpired();
      if (purged > 0) this.logger.debug({ purged }, 'deleted expired entries');
    } catch (error) {
      this.logger.warn({ err: error }, 'deleting expired entries failed');
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new StorageUnavailableError('The embedded store is closed.');
  }

  private async run<R>(operation: string, key: string, call: () => Promise<R>): Promise<R> {
    this.assertOpen();
    try {
      return await call();
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new StorageUnavailableError(`The embedded store failed (${operation} "${key}": ${describe(error)}).`, {
        cause: error,
      });
    }
  }
}

function isSqliteBusy(error: unknown): boolean {
  const code = (error as { errcode?: unknown } | null)?.errcode;
  return typeof code === 'number' && SQLITE_BUSY_CODES.has(code);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
