import type { BitbucketConfig, StoreConfig } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import { BitbucketOAuthClient } from './bitbucket-oauth-client.js';
import { ConnectionService } from './connection-service.js';
import { loadOrCreateEncryptionKey } from './encryption-key.js';
import type { OAuthFlowHooks } from './oauth-flow-types.js';
import type { Store } from './store.js';
import { createTokenCipher, type TokenCipher } from './token-cipher.js';

export interface CreateConnectionServiceOptions {
  store: Store;
  storeConfig: StoreConfig;
  bitbucket: BitbucketConfig;
  logger: Logger;
  hooks?: OAuthFlowHooks;
  now?: () => number;
  /** Cipher shared with other stored secrets (Slack installations); made from the configuration when absent. */
  cipher?: TokenCipher;
}

/**
 * Returns the key that encrypts stored tokens: TOKEN_ENCRYPTION_KEY, or for the embedded store a
 * key generated once in DATA_DIR. With Redis the key is required, because every process must share it.
 */
export function resolveEncryptionKey(store: Store, storeConfig: StoreConfig, logger: Logger): Buffer {
  if (storeConfig.tokenEncryptionKey) return storeConfig.tokenEncryptionKey;
  if (store.kind === 'redis') {
    throw new Error('TOKEN_ENCRYPTION_KEY is missing; with Redis every process needs the same key. Create one with `openssl rand -base64 32`.');
  }
  return loadOrCreateEncryptionKey(storeConfig.dataDir, logger);
}

/**
 * Wires the connection layer from configuration: the token cipher (TOKEN_ENCRYPTION_KEY, or for
 * the embedded store a key generated in DATA_DIR), the OAuth client when the consumer's
 * credentials are set, and the shared access token when BITBUCKET_BEARER_TOKEN is set.
 */
export function createConnectionService(options: CreateConnectionServiceOptions): ConnectionService {
  const { store, storeConfig, bitbucket, logger } = options;

  const cipher = options.cipher ?? createTokenCipher(resolveEncryptionKey(store, storeConfig, logger));

  const oauthClient =
    bitbucket.clientId && bitbucket.clientSecret
      ? new BitbucketOAuthClient({
          oauthUrl: bitbucket.oauthUrl,
          apiUrl: bitbucket.apiUrl,
          clientId: bitbucket.clientId,
          clientSecret: bitbucket.clientSecret,
          redirectUri: bitbucket.redirectUri,
          timeoutMs: bitbucket.requestTimeoutMs,
          logger,
        })
      : undefined;
  if (!oauthClient) {
    logger.info('connecting Bitbucket accounts is disabled because BITBUCKET_CLIENT_ID and BITBUCKET_CLIENT_SECRET are unset');
  }
  if (bitbucket.bearerToken) {
    logger.info('users without their own connection act through the shared access token (BITBUCKET_BEARER_TOKEN)');
  }

  return new ConnectionService({
    store,
    cipher,
    oauthClient,
    sharedAccessToken: bitbucket.bearerToken,
    logger,
    hooks: options.hooks,
    now: options.now,
  });
}
