/**
 * The one key-value store behind all state: connections, OAuth states, Slack installations,
 * locks and caches. Implemented by Redis (through keyv and @keyv/redis) and by an embedded,
 * file-backed store for a single process. Every method throws StorageUnavailableError when the
 * backend cannot be reached; none of them reports a miss in that case.
 *
 * Keys are given without the namespace; the implementation adds it. Times are epoch milliseconds
 * and TTLs are milliseconds.
 */
export interface Store {
  readonly kind: 'redis' | 'embedded';

  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<boolean>;

  /** Reads and deletes `key` in one atomic step, so a single-use value is used at most once. */
  take<T>(key: string): Promise<T | undefined>;

  /**
   * Acquires a lock named `name` for at most `ttlMs`, waiting up to `waitMs` for another holder.
   * Returns a release function, or null when the lock stayed taken. Holders on other processes
   * sharing the same Redis are excluded too.
   */
  acquireLock(name: string, ttlMs: number, waitMs: number): Promise<(() => Promise<void>) | null>;

  /** Resolves when the backend answers; throws StorageUnavailableError otherwise. */
  ping(): Promise<void>;

  close(): Promise<void>;
}
