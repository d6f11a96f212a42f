import type { Logger } from '../logging/logger.js';
import { ConnectionLockTimeoutError } from './errors.js';
import { refreshLockKey, type SlackUserRef } from './keys.js';
import type { Store } from './store.js';

/**
 * The per-user lock that every writer of a connection holds, across processes: a token refresh,
 * storing a confirmed connection, and disconnecting. A refresh reads the connection, waits for
 * Bitbucket and then writes the rotated tokens. Without the lock, a disconnect or a reconnect in
 * that wait would be overwritten with the old account's tokens.
 */
export class ConnectionLock {
  /**
   * `ttlMs` is the lock's lifetime and also the longest wait for another holder. It must outlast
   * one token request, because a second refresh with the same refresh token after the lock
   * expired would fail with invalid_grant.
   */
  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    readonly ttlMs: number,
  ) {}

  /**
   * Runs `write` while holding `user`'s lock. Throws ConnectionLockTimeoutError when another
   * holder keeps the lock for `ttlMs`, and StorageUnavailableError when the store is down, in
   * which case `write` does not run.
   */
  async run<T>(user: SlackUserRef, write: () => Promise<T>): Promise<T> {
    const release = await this.store.acquireLock(refreshLockKey(user), this.ttlMs, this.ttlMs);
    if (!release) {
      throw new ConnectionLockTimeoutError(
        `Timed out after ${this.ttlMs} ms waiting for another process to finish updating the Bitbucket connection of Slack user ${user.userId}. Try again.`,
      );
    }

    try {
      return await write();
    } finally {
      await release().catch((error: unknown) =>
        this.logger.warn({ err: error, slackUserId: user.userId }, 'releasing the connection lock failed; it expires by itself'),
      );
    }
  }
}
