import { connectionKey, type SlackUserRef } from './keys.js';
import type { ConnectionRecord, StoredConnection } from './connection.js';
import type { Store } from './store.js';
import type { TokenCipher } from './token-cipher.js';

/**
 * Reads and writes connection records, encrypting tokens on the way in and decrypting them on
 * the way out. Each token's ciphertext is bound to its connection key, so it cannot be copied
 * to another user's record. Store failures surface as StorageUnavailableError and a wrong key as
 * TokenDecryptionError.
 */
export class ConnectionRepository {
  constructor(
    private readonly store: Store,
    private readonly cipher: TokenCipher,
  ) {}

  async get(user: SlackUserRef): Promise<ConnectionRecord | undefined> {
    const key = connectionKey(user);
    const stored = await this.store.get<StoredConnection>(key);
    return stored ? this.decode(key, stored) : undefined;
  }

  async save(record: ConnectionRecord): Promise<void> {
    const key = connectionKey(record.slackUser);
    await this.store.set<StoredConnection>(key, this.encode(key, record));
  }

  /** Deletes only this user's connection; returns whether one existed. */
  async delete(user: SlackUserRef): Promise<boolean> {
    return this.store.delete(connectionKey(user));
  }

  private encode(key: string, record: ConnectionRecord): StoredConnection {
    const stored: StoredConnection = {
      schemaVersion: 1,
      slackTeamId: record.slackUser.teamId,
      slackUserId: record.slackUser.userId,
      bitbucketUuid: record.account.uuid,
      bitbucketDisplayName: record.account.displayName,
      accessTokenEncrypted: record.tokens ? this.cipher.encrypt(record.tokens.accessToken, `${key}:access`) : null,
      refreshTokenEncrypted: record.tokens ? this.cipher.encrypt(record.tokens.refreshToken, `${key}:refresh`) : null,
      accessTokenExpiresAt: record.tokens?.expiresAt ?? record.accessTokenExpiresAt,
      scopes: record.scopes,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
    };
    if (record.slackUser.enterpriseId) stored.slackEnterpriseId = record.slackUser.enterpriseId;
    if (record.account.accountId) stored.bitbucketAccountId = record.account.accountId;
    if (record.account.nickname) stored.bitbucketNickname = record.account.nickname;
    if (record.broken) {
      stored.brokenAt = record.broken.at;
      stored.brokenReason = record.broken.reason;
    }
    return stored;
  }

  private decode(key: string, stored: StoredConnection): ConnectionRecord {
    const slackUser: SlackUserRef = { teamId: stored.slackTeamId, userId: stored.slackUserId };
    if (stored.slackEnterpriseId) slackUser.enterpriseId = stored.slackEnterpriseId;

    const tokens =
      stored.accessTokenEncrypted && stored.refreshTokenEncrypted
        ? {
            accessToken: this.cipher.decrypt(stored.accessTokenEncrypted, `${key}:access`),
            refreshToken: this.cipher.decrypt(stored.refreshTokenEncrypted, `${key}:refresh`),
            expiresAt: stored.accessTokenExpiresAt,
          }
        : null;

    const record: ConnectionRecord = {
      slackUser,
      account: {
        uuid: stored.bitbucketUuid,
        accountId: stored.bitbucketAccountId,
        displayName: stored.bitbucketDisplayName,
        nickname: stored.bitbucketNickname,
      },
      scopes: stored.scopes,
      accessTokenExpiresAt: stored.accessTokenExpiresAt,
      createdAt: stored.createdAt,
      updatedAt: stored.updatedAt,
      tokens,
    };
    if (stored.brokenAt !== undefined) {
      record.broken = { at: stored.brokenAt, reason: stored.brokenReason ?? 'refresh token rejected' };
    }
    return record;
  }
}
