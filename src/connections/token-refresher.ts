import type { Logger } from '../logging/logger.js';
import type { BitbucketOAuthClient } from './bitbucket-oauth-client.js';
import type { ConnectionRecord } from './connection.js';
import type { ConnectionLock } from './connection-lock.js';
import type { ConnectionRepository } from './connection-repository.js';
import { ConnectionBrokenError, NotConnectedError, OAuthInvalidGrantError } from './errors.js';
import { connectionKey, type SlackUserRef } from './keys.js';

export interface TokenRefresherOptions {
  /** The connection lock, held across the re-read, the token request and the write of the rotated tokens. */
  lock: ConnectionLock;
  repository: ConnectionRepository;
  oauthClient: BitbucketOAuthClient;
  logger: Logger;
  now: () => number;
  /** An access token this close to expiry counts as expired. */
  refreshMarginMs: number;
}

/** The cause of a refresh request. */
export interface RefreshRequest {
  /** The access token that Bitbucket rejected with 401, or undefined for a refresh ahead of expiry. */
  rejectedToken?: string;
}

/**
 * Refreshes access tokens once per Slack user across all processes. A refresh takes the user's
 * connection lock, re-reads the connection (another process may have refreshed it meanwhile, and
 * then its token is used), calls the token endpoint, and stores the rotated pair before it
 * returns the new access token. Callers in one process share one refresh in flight.
 */
export class TokenRefresher {
  private readonly inFlight = new Map<string, Promise<ConnectionRecord>>();

  constructor(private readonly options: TokenRefresherOptions) {}

  /**
   * Returns true when the record's access token expires within the refresh margin. The margin is
   * at most half the token's lifetime, so a token issued for less than twice the margin is still
   * used before it is refreshed, rather than refreshed (and rotated) on every call.
   */
  needsRefresh(record: ConnectionRecord): boolean {
    if (!record.tokens) return true;

    const lifetimeMs = Math.max(0, record.tokens.expiresAt - record.updatedAt);
    const marginMs = Math.min(this.options.refreshMarginMs, lifetimeMs / 2);
    return record.tokens.expiresAt - marginMs <= this.options.now();
  }

  /**
   * Returns the user's connection with a usable access token, refreshing it when needed. Throws
   * ConnectionBrokenError after invalid_grant, NotConnectedError when the connection is gone,
   * ConnectionLockTimeoutError when another process keeps the lock, and StorageUnavailableError
   * when the store is down, in which case Bitbucket is not called.
   */
  async refresh(user: SlackUserRef, request: RefreshRequest = {}): Promise<ConnectionRecord> {
    const key = connectionKey(user);
    const running = this.inFlight.get(key);
    if (running) return running;

    const started = this.refreshUnderLock(user, request).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }

  private async refreshUnderLock(user: SlackUserRef, request: RefreshRequest): Promise<ConnectionRecord> {
    return this.options.lock.run(user, async () => {
      const current = await this.options.repository.get(user);
      if (!current) {
        throw new NotConnectedError(`Slack user ${user.userId} has no Bitbucket connection any more.`);
      }
      if (current.broken || !current.tokens) {
        throw brokenError();
      }
      const refreshedElsewhere =
        request.rejectedToken !== undefined && current.tokens.accessToken !== request.rejectedToken;
      if (refreshedElsewhere || (request.rejectedToken === undefined && !this.needsRefresh(current))) {
        this.options.logger.debug({ slackTeamId: user.teamId, slackUserId: user.userId }, 'token was refreshed by another caller');
        return current;
      }
      return this.refreshRecord(current);
    });
  }

  private async refreshRecord(current: ConnectionRecord): Promise<ConnectionRecord> {
    const { oauthClient, repository, logger, now } = this.options;
    const ids = {
      slackTeamId: current.slackUser.teamId,
      slackUserId: current.slackUser.userId,
      bitbucketUuid: current.account.uuid,
    };

    let response;
    try {
      response = await oauthClient.refresh(current.tokens!.refreshToken);
    } catch (error) {
      if (error instanceof OAuthInvalidGrantError) {
        logger.warn({ ...ids, err: error }, 'Bitbucket rejected the refresh token; marking the connection broken');
        const brokenAt = now();
        await repository.save({
          ...current,
          tokens: null,
          broken: { at: brokenAt, reason: 'Bitbucket rejected the refresh token (invalid_grant)' },
          updatedAt: brokenAt,
        });
        throw brokenError(error);
      }
      logger.warn({ ...ids, err: error }, 'refreshing the Bitbucket access token failed');
      throw error;
    }

    const refreshedAt = now();
    const expiresAt = refreshedAt + response.expiresInSeconds * 1000;
    const updated: ConnectionRecord = {
      ...current,
      tokens: { accessToken: response.accessToken, refreshToken: response.refreshToken, expiresAt },
      accessTokenExpiresAt: expiresAt,
      scopes: response.scopes.length > 0 ? response.scopes : current.scopes,
      updatedAt: refreshedAt,
    };
    try {
      await repository.save(updated);
    } catch (error) {
      // NOTE: Bitbucket already rotated the refresh token, so the old one stored here dies soon
      // and the user will have to connect again. Only the store failing between the lock and this
      // write leads here.
      logger.error({ ...ids, err: error }, 'storing the refreshed Bitbucket tokens failed; the user may have to connect again');
      throw error;
    }
    logger.info({ ...ids, expiresAt }, 'refreshed the Bitbucket access token');
    return updated;
  }
}

function brokenError(cause?: unknown): ConnectionBrokenError {
  return new ConnectionBrokenError(
    'Bitbucket no longer accepts this connection (the refresh token was rejected). Run /bitbucket connect to link your account again.',
    cause === undefined ? undefined : { cause },
  );
}
