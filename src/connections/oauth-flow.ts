import type { Logger } from '../logging/logger.js';
import type { BitbucketOAuthClient } from './bitbucket-oauth-client.js';
import type { ConnectionLock } from './connection-lock.js';
import type { ConnectionRepository } from './connection-repository.js';
import { ConnectDisabledError, StorageUnavailableError, TokenDecryptionError } from './errors.js';
import { oauthStateKey, type SlackUserRef } from './keys.js';
import { createRandomToken, hashToken, tokenMatches, type OAuthStateRecord } from './oauth-state.js';
import type {
  CallbackOutcome,
  CallbackParams,
  ConfirmOutcome,
  ConfirmParams,
  ConnectFailureReason,
  OAuthFlowHooks,
  PendingCommand,
} from './oauth-flow-types.js';
import type { Store } from './store.js';
import type { TokenCipher } from './token-cipher.js';

/**
 * How long a state stays in the store after it expired, so a late callback or confirm request
 * can still name the Slack user to notify. One hour is a guess at how late people come back.
 */
const EXPIRED_STATE_RETENTION_MS = 60 * 60_000;

export interface OAuthFlowOptions {
  store: Store;
  repository: ConnectionRepository;
  /** The connection lock, held while the confirmed connection is stored so a refresh in flight cannot overwrite it. */
  lock: ConnectionLock;
  cipher: TokenCipher;
  /** Undefined when BITBUCKET_CLIENT_ID and BITBUCKET_CLIENT_SECRET are unset. */
  oauthClient?: BitbucketOAuthClient;
  logger: Logger;
  now: () => number;
  hooks?: OAuthFlowHooks;
  /** How long a state stays valid before the callback. Default 10 minutes. */
  stateTtlMs?: number;
  /** How long the confirm page stays valid after the callback. Default 10 minutes. */
  confirmTtlMs?: number;
}

/**
 * Links a Slack user to their Bitbucket account with OAuth 2.0 in three steps. `startAuthorization`
 * stores a single-use state bound to the Slack user. The callback exchanges the code and shows
 * who is being linked to whom. The connection is stored only when that page is confirmed with
 * its CSRF token, so a forwarded authorize link cannot silently attach someone else's account.
 */
export class OAuthFlow {
  private readonly stateTtlMs: number;
  private readonly confirmTtlMs: number;
  private readonly runningHooks = new Set<Promise<void>>();

  constructor(private readonly options: OAuthFlowOptions) {
    this.stateTtlMs = options.stateTtlMs ?? 10 * 60_000;
    this.confirmTtlMs = options.confirmTtlMs ?? 10 * 60_000;
  }

  /**
   * Stores a new state for `slackUser` and returns the Bitbucket authorize URL. `pending` is kept
   * as given and handed to the hooks; a string `userName` in it is shown on the confirm page.
   * Throws ConnectDisabledError without client credentials.
   */
  async startAuthorization(
    slackUser: SlackUserRef,
    pending?: PendingCommand,
  ): Promise<{ url: string; expiresAt: number }> {
    const oauthClient = this.requireClient();
    const state = createRandomToken();
    const createdAt = this.options.now();
    const record: OAuthStateRecord = {
      slackUser: copyUser(slackUser),
      createdAt,
      expiresAt: createdAt + this.stateTtlMs,
      phase: 'authorizing',
    };
    if (pending !== undefined) record.pending = pending;

    await this.storeState(oauthStateKey(state), record);
    this.options.logger.info({ slackTeamId: slackUser.teamId, slackUserId: slackUser.userId }, 'started Bitbucket authorization');
    return { url: oauthClient.buildAuthorizeUrl(state), expiresAt: record.expiresAt };
  }

  /** Handles Bitbucket's redirect back: validates the state, exchanges the code, reads the account. */
  async handleCallback(params: CallbackParams): Promise<CallbackOutcome> {
    const claim: StateClaim = {};
    try {
      return await this.runCallback(params, claim);
    } catch (error) {
      return this.unexpectedFailure(error, 'callback', claim.record);
    }
  }

  /** Stores the connection when the confirm form comes back with the state's CSRF token. */
  async confirm(params: ConfirmParams): Promise<ConfirmOutcome> {
    const claim: StateClaim = {};
    try {
      return await this.runConfirm(params, claim);
    } catch (error) {
      return this.unexpectedFailure(error, 'confirm', claim.record);
    }
  }

  /** Resolves when every hook started so far has finished. Used by tests and at shutdown. */
  async whenHooksSettled(): Promise<void> {
    while (this.runningHooks.size > 0) {
      await Promise.all([...this.runningHooks]);
    }
  }

  private async runCallback(params: CallbackParams, claim: StateClaim): Promise<CallbackOutcome> {
    const { store, logger } = this.options;
    if (!params.state) {
      return this.fail('missing_parameters');
    }
    const key = oauthStateKey(params.state);

    if (params.error) {
      const record = await store.take<OAuthStateRecord>(key);
      if (record?.phase === 'confirming') {
        // Another tab already exchanged the code and its confirm page still works, so the state
        // is put back and no failure message is sent.
        await this.storeState(key, record);
        return this.fail('state_used');
      }
      const reason: ConnectFailureReason = params.error === 'access_denied' ? 'access_denied' : 'authorization_failed';
      logger.info({ ...userIds(record?.slackUser), oauthError: params.error }, 'Bitbucket authorization did not complete');
      return this.fail(reason, record, params.errorDescription);
    }
    if (!params.code) {
      return this.fail('missing_parameters');
    }

    const record = await store.get<OAuthStateRecord>(key);
    const invalid = this.checkState(record);
    // A used state belongs to a flow that may still be confirmed in another tab (a reloaded
    // callback page), so the Slack user is not told that connecting failed.
    if (invalid === 'state_used') return this.fail(invalid);
    if (invalid) {
      if (invalid === 'state_expired') await store.delete(key);
      return this.fail(invalid, record);
    }
    // Claims the state atomically: of two callbacks racing with one state, only one gets past here.
    const claimed = await store.take<OAuthStateRecord>(key);
    if (!claimed || claimed.phase !== 'authorizing') {
      return this.fail('state_used');
    }
    claim.record = claimed;

    const oauthClient = this.requireClient();
    let tokens;
    let account;
    try {
      tokens = await oauthClient.exchangeCode(params.code);
      account = await oauthClient.getCurrentUser(tokens.accessToken);
    } catch (error) {
      logger.warn({ ...userIds(claimed.slackUser), err: error }, 'exchanging the Bitbucket authorization code failed');
      return this.fail('exchange_failed', claimed, error instanceof Error ? error.message : undefined);
    }

    const csrfToken = createRandomToken();
    const confirmedUntil = this.options.now() + this.confirmTtlMs;
    const confirming: OAuthStateRecord = {
      ...claimed,
      phase: 'confirming',
      expiresAt: confirmedUntil,
      csrfTokenHash: hashToken(csrfToken),
      account,
      accessTokenEncrypted: this.options.cipher.encrypt(tokens.accessToken, `${key}:access`),
      refreshTokenEncrypted: this.options.cipher.encrypt(tokens.refreshToken, `${key}:refresh`),
      accessTokenExpiresAt: this.options.now() + tokens.expiresInSeconds * 1000,
      scopes: tokens.scopes,
    };
    await this.storeState(key, confirming);

    logger.info({ ...userIds(claimed.slackUser), bitbucketUuid: account.uuid }, 'Bitbucket authorization waits for confirmation');
    return {
      kind: 'confirm',
      slackUser: claimed.slackUser,
      slackUserName: readUserName(claimed.pending),
      account,
      state: params.state,
      csrfToken,
    };
  }

  private async runConfirm(params: ConfirmParams, claim: StateClaim): Promise<ConfirmOutcome> {
    const { store, repository, cipher, logger, now } = this.options;
    if (!params.state || !params.csrfToken) {
      return this.fail('missing_parameters');
    }
    const key = oauthStateKey(params.state);

    const record = await store.get<OAuthStateRecord>(key);
    if (!record) return this.fail('state_unknown');
    if (record.phase !== 'confirming') return this.fail('csrf_invalid', record);
    if (record.expiresAt < now()) {
      await store.delete(key);
      return this.fail('state_expired', record);
    }
    if (!tokenMatches(params.csrfToken, record.csrfTokenHash)) {
      logger.warn(userIds(record.slackUser), 'confirm form came back with a wrong CSRF token');
      return this.fail('csrf_invalid', record);
    }

    const confirmed = await store.take<OAuthStateRecord>(key);
    if (!confirmed?.account || !confirmed.accessTokenEncrypted || !confirmed.refreshTokenEncrypted) {
      // Another request (a double-clicked Connect button) took the state first and connects the
      // account, so no failure message is sent to the Slack user.
      return this.fail('state_used');
    }
    claim.record = confirmed;

    const slackUser = confirmed.slackUser;
    const account = confirmed.account;
    const tokens = {
      accessToken: cipher.decrypt(confirmed.accessTokenEncrypted, `${key}:access`),
      refreshToken: cipher.decrypt(confirmed.refreshTokenEncrypted, `${key}:refresh`),
    };
    await this.options.lock.run(slackUser, async () => {
      // A record that no longer decrypts (TOKEN_ENCRYPTION_KEY changed) is replaced by this one.
      const existing = await repository.get(slackUser).catch((error: unknown) => {
        if (error instanceof TokenDecryptionError) return undefined;
        throw error;
      });
      const connectedAt = now();
      const expiresAt = confirmed.accessTokenExpiresAt ?? connectedAt;
      await repository.save({
        slackUser,
        account,
        tokens: { ...tokens, expiresAt },
        scopes: confirmed.scopes ?? [],
        accessTokenExpiresAt: expiresAt,
        createdAt: existing?.account.uuid === account.uuid ? existing.createdAt : connectedAt,
        updatedAt: connectedAt,
      });
    });

    logger.info({ ...userIds(slackUser), bitbucketUuid: account.uuid }, 'connected a Bitbucket account');
    this.runHook('onConnected', () => this.options.hooks?.onConnected?.({ slackUser, account, pending: confirmed.pending }));
    return { kind: 'connected', slackUser, account };
  }

  /** Stores a state record until its `expiresAt` plus the time an expired state is kept. */
  private async storeState(key: string, record: OAuthStateRecord): Promise<void> {
    const ttlMs = record.expiresAt - this.options.now() + EXPIRED_STATE_RETENTION_MS;
    if (ttlMs > 0) await this.options.store.set(key, record, ttlMs);
  }

  /** Returns why a state record cannot be used for a callback, or undefined when it can. */
  private checkState(record: OAuthStateRecord | undefined): ConnectFailureReason | undefined {
    if (!record) return 'state_unknown';
    if (record.phase !== 'authorizing') return 'state_used';
    if (record.expiresAt < this.options.now()) return 'state_expired';
    return undefined;
  }

  private fail(
    reason: ConnectFailureReason,
    record?: Pick<OAuthStateRecord, 'slackUser' | 'pending'>,
    detail?: string,
  ): { kind: 'failed'; reason: ConnectFailureReason; detail?: string } {
    if (record) {
      this.runHook('onConnectFailed', () =>
        this.options.hooks?.onConnectFailed?.({ slackUser: record.slackUser, reason, pending: record.pending }),
      );
    }
    return detail === undefined ? { kind: 'failed', reason } : { kind: 'failed', reason, detail };
  }

  /**
   * Logs an error that a step threw and returns its failure. When the step had already taken the
   * state record (`claimed`) from the store, the onConnectFailed hook runs too, because the state
   * is gone and the Slack user must start again.
   */
  private unexpectedFailure(
    error: unknown,
    step: string,
    claimed: OAuthStateRecord | undefined,
  ): { kind: 'failed'; reason: ConnectFailureReason } {
    const ids = userIds(claimed?.slackUser);
    if (error instanceof StorageUnavailableError) {
      this.options.logger.error({ ...ids, err: error, step }, 'the store is unavailable during Bitbucket authorization');
      return this.fail('storage_unavailable', claimed);
    }
    if (error instanceof ConnectDisabledError) {
      return this.fail('connect_disabled', claimed);
    }
    this.options.logger.error({ ...ids, err: error, step }, 'Bitbucket authorization failed unexpectedly');
    return this.fail('internal_error', claimed);
  }

  /** Runs a hook without making the page wait for it; its failure is logged, never shown. */
  private runHook(name: string, call: () => Promise<void> | void | undefined): void {
    const running = Promise.resolve()
      .then(call)
      .catch((error: unknown) => this.options.logger.error({ err: error, hook: name }, `the ${name} hook failed`))
      .finally(() => this.runningHooks.delete(running));
    this.runningHooks.add(running);
  }

  private requireClient(): BitbucketOAuthClient {
    if (!this.options.oauthClient) {
      throw new ConnectDisabledError(
        'Connecting Bitbucket accounts is disabled: set BITBUCKET_CLIENT_ID and BITBUCKET_CLIENT_SECRET to the OAuth consumer\'s key and secret.',
      );
    }
    return this.options.oauthClient;
  }
}

/** The state record a callback or confirm request took from the store, once it took one. */
interface StateClaim {
  record?: OAuthStateRecord;
}

function readUserName(pending: PendingCommand | undefined): string | undefined {
  const name = pending?.userName;
  return typeof name === 'string' && name.trim() !== '' ? name : undefined;
}

function copyUser(user: SlackUserRef): SlackUserRef {
  const copy: SlackUserRef = { teamId: user.teamId, userId: user.userId };
  if (user.enterpriseId) copy.enterpriseId = user.enterpriseId;
  return copy;
}

function userIds(user: SlackUserRef | undefined): Record<string, string> {
  return user ? { slackTeamId: user.teamId, slackUserId: user.userId } : {};
}
