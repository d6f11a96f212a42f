import { createStaticTokenSource, type TokenSource } from '../bitbucket/token-source.js';
import type { Logger } from '../logging/logger.js';
import type { BitbucketOAuthClient } from './bitbucket-oauth-client.js';
import { toPublicConnection, type Connection } from './connection.js';
import { ConnectionLock } from './connection-lock.js';
import { ConnectionRepository } from './connection-repository.js';
import { ConnectionTokenSource } from './connection-token-source.js';
import { ConnectionBrokenError, NotConnectedError } from './errors.js';
import type { SlackUserRef } from './keys.js';
import { OAuthFlow } from './oauth-flow.js';
import type { OAuthFlowHooks, PendingCommand } from './oauth-flow-types.js';
import type { Store } from './store.js';
import type { TokenCipher } from './token-cipher.js';
import { TokenRefresher } from './token-refresher.js';

export interface ConnectionServiceOptions {
  store: Store;
  cipher: TokenCipher;
  /** Undefined when no OAuth consumer is configured; `startAuthorization` then throws ConnectDisabledError. */
  oauthClient?: BitbucketOAuthClient;
  /** BITBUCKET_BEARER_TOKEN: used for Slack users without their own connection. Off when undefined. */
  sharedAccessToken?: string;
  logger: Logger;
  hooks?: OAuthFlowHooks;
  /** Clock in epoch ms; tests move it to expire tokens and states. */
  now?: () => number;
  /** Refresh this long before the access token expires. Default 5 minutes. */
  refreshMarginMs?: number;
  /**
   * Lifetime of the cross-process connection lock that refreshes, confirmations and disconnects
   * take. Default 60 seconds, or the OAuth client's request timeout plus 15 seconds when that is
   * longer, so the lock outlasts the token request.
   */
  refreshLockTtlMs?: number;
}

/** The credentials that Bitbucket calls use for one Slack user. */
export interface UserTokenSource {
  tokens: TokenSource;
  /** `user` for the user's own connection, `shared` for BITBUCKET_BEARER_TOKEN, so replies can name it. */
  via: 'user' | 'shared';
  connection?: Connection;
}

/**
 * The connection layer's entry point for the Slack layer: who a Slack user is on Bitbucket, the
 * tokens to act as them, linking (`startAuthorization` and the OAuth flow) and unlinking.
 * Store failures surface as StorageUnavailableError, never as "not connected".
 */
export class ConnectionService {
  readonly flow: OAuthFlow;
  private readonly repository: ConnectionRepository;
  private readonly lock: ConnectionLock;
  private readonly refresher: TokenRefresher | undefined;

  constructor(private readonly options: ConnectionServiceOptions) {
    const now = options.now ?? Date.now;
    const logger = options.logger.child({ component: 'connections' });
    this.repository = new ConnectionRepository(options.store, options.cipher);
    const lockTtlMs =
      options.refreshLockTtlMs ?? (options.oauthClient ? computeRefreshLockTtl(options.oauthClient.requestTimeoutMs) : 60_000);
    this.lock = new ConnectionLock(options.store, logger, lockTtlMs);
    this.flow = new OAuthFlow({
      store: options.store,
      repository: this.repository,
      lock: this.lock,
      cipher: options.cipher,
      oauthClient: options.oauthClient,
      logger,
      now,
      hooks: options.hooks,
    });
    this.refresher = options.oauthClient
      ? new TokenRefresher({
          lock: this.lock,
          repository: this.repository,
          oauthClient: options.oauthClient,
          logger,
          now,
          refreshMarginMs: options.refreshMarginMs ?? 5 * 60_000,
        })
      : undefined;
  }

  /**
   * Returns the token source to act as `slackUser`: their own connection, else the shared access
   * token when one is configured. Throws NotConnectedError when there is neither,
   * ConnectionBrokenError when their connection needs reconnecting, StorageUnavailableError when
   * the store is down and TokenDecryptionError when TOKEN_ENCRYPTION_KEY changed.
   */
  async getTokenSource(slackUser: SlackUserRef): Promise<UserTokenSource> {
    const record = await this.repository.get(slackUser);
    if (record) {
      if (record.broken || !record.tokens) {
        throw new ConnectionBrokenError(
          'Bitbucket no longer accepts your connection. Run /bitbucket connect to link your account again.',
        );
      }
      const connection = toPublicConnection(record);
      if (!this.refresher) {
        // Without client credentials a stored token cannot be refreshed, but it works until it expires.
        const tokens = createStaticTokenSource(record.tokens.accessToken, 'your Bitbucket account');
        return { tokens, via: 'user', connection };
      }
      return { tokens: new ConnectionTokenSource(record, this.refresher), via: 'user', connection };
    }

    if (this.options.sharedAccessToken) {
      return { tokens: createStaticTokenSource(this.options.sharedAccessToken, 'shared access token'), via: 'shared' };
    }
    throw new NotConnectedError('You have not connected a Bitbucket account yet. Run /bitbucket connect to link one.');
  }

  /** Returns the user's connection without tokens, or undefined when they have none. */
  async getConnection(slackUser: SlackUserRef): Promise<Connection | undefined> {
    const record = await this.repository.get(slackUser);
    return record ? toPublicConnection(record) : undefined;
  }

  /**
   * Deletes this user's connection and nothing else; returns whether one existed. A refresh in
   * flight finishes first, so it cannot store the connection again after the delete.
   */
  async disconnect(slackUser: SlackUserRef): Promise<boolean> {
    const existed = await this.lock.run(slackUser, () => this.repository.delete(slackUser));
    if (existed) {
      this.options.logger.info({ slackTeamId: slackUser.teamId, slackUserId: slackUser.userId }, 'disconnected a Bitbucket account');
    }
    return existed;
  }

  /** Starts linking: returns the Bitbucket authorize URL to send the user to. See OAuthFlow. */
  async startAuthorization(
    slackUser: SlackUserRef,
    pending?: PendingCommand,
  ): Promise<{ url: string; expiresAt: number }> {
    return this.flow.startAuthorization(slackUser, pending);
  }

  /** True when BITBUCKET_CLIENT_ID and BITBUCKET_CLIENT_SECRET are set, so users can connect. */
  get connectEnabled(): boolean {
    return this.options.oauthClient !== undefined;
  }

  /** True when a shared access token serves users without their own connection. */
  get sharedAccessEnabled(): boolean {
    return this.options.sharedAccessToken !== undefined;
  }

  /** Resolves when the store responds and throws StorageUnavailableError otherwise. For `/readyz`. */
  async ping(): Promise<void> {
    await this.options.store.ping();
  }
}

/**
 * Returns the refresh lock's default lifetime. It covers the token request plus the connection
 * read before it and the write after it, each of which may take up to 3 seconds with Redis.
 */
function computeRefreshLockTtl(tokenRequestTimeoutMs: number): number {
  return Math.max(60_000, tokenRequestTimeoutMs + 15_000);
}
