import { EventEmitter } from 'node:events';
import type { DatabaseSync, StatementSync } from 'node:sqlite';

import type { KeyvStoreAdapter, StoredData } from 'keyv';

/**
 * A Keyv 5 storage adapter on one node:sqlite table. Keyv hands it serialized strings under
 * already prefixed keys. Rows carry their own expiry (epoch ms) so an expired row is never
 * returned, even before `purgeExpired` deletes it. Calls are synchronous underneath, so each
 * one is atomic within the process.
 */
export class SqliteKeyvAdapter extends EventEmitter implements KeyvStoreAdapter {
  readonly opts = { dialect: 'sqlite' };
  namespace?: string;

  private readonly selectValue: StatementSync;
  private readonly upsertValue: StatementSync;
  private readonly deleteValue: StatementSync;
  private readonly deleteExpired: StatementSync;
  private readonly deleteByPrefix: StatementSync;

  constructor(
    private readonly db: DatabaseSync,
    private readonly now: () => number = Date.now,
  ) {
    super();
    db.exec(`CREATE TABLE IF NOT EXISTS keyv_entries (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL,
      expires_at INTEGER
    ) STRICT`);
    this.selectValue = db.prepare(
      'SELECT value FROM keyv_entries WHERE key = ? AND (expires_at IS NULL OR expires_at > ?)',
    );
    this.upsertValue = db.prepare(
      'INSERT INTO keyv_entries (key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at',
    );
    this.deleteValue = db.prepare('DELETE FROM keyv_entries WHERE key = ? RETURNING value, expires_at');
    this.deleteExpired = db.prepare('DELETE FROM keyv_entries WHERE expires_at IS NOT NULL AND expires_at <= ?');
    this.deleteByPrefix = db.prepare("DELETE FROM keyv_entries WHERE substr(key, 1, length(?)) = ?");
  }

  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    const row = this.selectValue.get(key, this.now()) as { value: string } | undefined;
    return row?.value as StoredData<Value> | undefined;
  }

  async set(key: string, value: string, ttl?: number): Promise<boolean> {
    const expiresAt = typeof ttl === 'number' && ttl > 0 ? this.now() + ttl : null;
    this.upsertValue.run(key, String(value), expiresAt);
    return true;
  }

  /** Deletes `key`; returns true only when it held a value that had not expired. */
  async delete(key: string): Promise<boolean> {
    return this.take(key) !== undefined;
  }

  /** Deletes `key` and returns its serialized value, or undefined when it was missing or expired. */
  take(key: string): string | undefined {
    const row = this.deleteValue.get(key) as { value: string; expires_at: number | null } | undefined;
    if (!row) return undefined;
    if (row.expires_at !== null && row.expires_at <= this.now()) return undefined;
    return row.value;
  }

  /** Deletes every key of this adapter's namespace. The app itself never calls it. */
  async clear(): Promise<void> {
    const prefix = this.namespace ? `${this.namespace}:` : '';
    this.deleteByPrefix.run(prefix, prefix);
  }

  /** Deletes expired rows; returns how many. */
  purgeExpired(): number {
    return Number(this.deleteExpired.run(this.now()).changes);
  }
}
