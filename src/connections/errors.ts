import { AppError } from '../app-error.js';

/** The store (Redis or the embedded file) did not answer. Nothing was read or written. */
export class StorageUnavailableError extends AppError {
  readonly code = 'storage_unavailable';
}

/** The Slack user has linked no Bitbucket account and no shared access token is configured. */
export class NotConnectedError extends AppError {
  readonly code = 'not_connected';
}

/** Bitbucket rejected the refresh token (`invalid_grant`); the user must connect again. */
export class ConnectionBrokenError extends AppError {
  readonly code = 'connection_broken';
}

/** A stored token could not be decrypted, usually because TOKEN_ENCRYPTION_KEY changed. */
export class TokenDecryptionError extends AppError {
  readonly code = 'token_decryption_failed';
}

/** Connecting is disabled because BITBUCKET_CLIENT_ID and BITBUCKET_CLIENT_SECRET are unset. */
export class ConnectDisabledError extends AppError {
  readonly code = 'connect_disabled';
}

/** The OAuth state is unknown, expired or already used. */
export class OAuthStateError extends AppError {
  readonly code = 'oauth_state_invalid';
}

/** Bitbucket's token endpoint refused the authorization code or answered with an error. */
export class OAuthExchangeError extends AppError {
  readonly code = 'oauth_exchange_failed';
}

/** The embedded store's token encryption key file exists but does not contain a usable key. */
export class EncryptionKeyFileError extends AppError {
  readonly code = 'encryption_key_file_invalid';
}

/** Another process already has the embedded store's database file open. */
export class EmbeddedStoreInUseError extends AppError {
  readonly code = 'embedded_store_in_use';
}

/**
 * Bitbucket's token endpoint returned `invalid_grant`, because the authorization code or refresh
 * token is unknown, expired, already used or revoked.
 */
export class OAuthInvalidGrantError extends AppError {
  readonly code = 'oauth_invalid_grant';
}

/** Another process held a Slack user's connection lock for longer than its lifetime. */
export class ConnectionLockTimeoutError extends AppError {
  readonly code = 'connection_lock_timeout';
}
