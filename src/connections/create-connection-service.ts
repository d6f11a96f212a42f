import type { BitbucketConfig, StoreConfig } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import { BitbucketOAuthClient } from './bitbucket-oauth-client.js';
import { ConnectionService } from './connection-service.js';
import { loadOrCreateEncryptionKey } from './encryption-key.js';
import type { OAuthFlowHooks } from './oauth-flow-types.js';
import type { Store } from './store.js';
import { createTokenCipher } from './token-cipher.js';

export interface CreateConnectionServiceOptions {
  store: Store;
  storeConfig: StoreConfig;
  bitbucket: BitbucketConfig;
  logger: Logger;
  hooks?: OAuthFlowHooks;
  now?: () => number;
}

/**
 * Wires the connection layer from configuration: the token cipher (TOKEN_ENCRYPTION_KEY, or for
 * the embedded store a key generated in DATA_DIR), the OAuth client when the consumer's
 * credentials are set, and the shared access token when BITBUCKET_BEARER_TOKEN is set.
 */
export function createConnectionService(options: CreateConnectionServiceOptions): ConnectionService {
  const { store, storeConfig, bitbucket, logger } = options;

  let key = storeConfig.tokenEncryptionKey;
  if (!key) {
    if (store.kind === 'redis') {
      throw new Error('TOKEN_ENCRYPTION_KEY is missing; with Redis every process needs the same key. Create one with `openssl rand -base64 32`.');
    }
    key = loadOrCreateEncryptionKey(storeConfig.dataDir, logger);
  }

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
    cipher: createTokenCipher(key),
    oauthClient,
    sharedAccessToken: bitbucket.bearerToken,
    logger,
    hooks: options.hooks,
    now: options.now,
  });
}
