import {
  ConnectDisabledError,
  ConnectionBrokenError,
  ConnectionLockTimeoutError,
  EmbeddedStoreInUseError,
  NotConnectedError,
  OAuthExchangeError,
  OAuthInvalidGrantError,
  OAuthStateError,
  StorageUnavailableError,
  TokenDecryptionError,
} from '../../connections/errors.js';
import { SLASH_COMMAND } from '../ids.js';
import type { ErrorDescription } from './error-description.js';

const CONNECT_AGAIN = `Run \`${SLASH_COMMAND} connect\` to connect again.`;

/** Describes the errors of the connection layer (store, tokens, OAuth); undefined for any other error. */
export function describeConnectionError(error: unknown): ErrorDescription | undefined {
  if (error instanceof StorageUnavailableError) {
    return {
      headline: "The app's storage is unavailable, so nothing was read or changed.",
      details: ['Try again shortly.'],
      operatorHint:
        'Check that Redis (REDIS_URL) is running and reachable from the app. ' +
        "Without REDIS_URL, check that the embedded store's data directory is writable.",
      logLevel: 'error',
    };
  }
  if (error instanceof EmbeddedStoreInUseError) {
    return {
      headline: "The app's storage is in use by another process, so nothing was read or changed.",
      details: ['Try again shortly.'],
      operatorHint: 'Only one process can use the embedded store. Set REDIS_URL to run several processes.',
      logLevel: 'error',
    };
  }
  if (error instanceof ConnectionLockTimeoutError) {
    return {
      headline: 'Your Bitbucket connection was busy being updated, so nothing was run.',
      details: ['Try again in a few seconds.'],
      operatorHint:
        "Another request held this user's connection lock until it expired, for example while Bitbucket's token endpoint was slow. " +
        'Repeated occurrences point to a slow Bitbucket or Redis.',
      logLevel: 'warn',
    };
  }
  if (error instanceof NotConnectedError) {
    return {
      headline: 'Connect your Bitbucket account first.',
      details: ['Commands run as your own Bitbucket account, so the app needs your approval once.'],
      button: 'connect',
      logLevel: 'info',
    };
  }
  if (error instanceof ConnectionBrokenError || error instanceof OAuthInvalidGrantError) {
    return {
      headline: 'Your Bitbucket connection no longer works.',
      details: [`Bitbucket rejected its refresh token, for example because access was revoked. ${CONNECT_AGAIN}`],
      button: 'reconnect',
      logLevel: 'warn',
    };
  }
  if (error instanceof TokenDecryptionError) {
    return {
      headline: 'The app could not read your stored Bitbucket connection.',
      details: [CONNECT_AGAIN],
      operatorHint:
        'The stored token does not decrypt with TOKEN_ENCRYPTION_KEY, which usually means the key changed. ' +
        'Restore the previous key to keep the existing connections.',
      button: 'reconnect',
      logLevel: 'error',
    };
  }
  if (error instanceof ConnectDisabledError) {
    return {
      headline: 'Connecting Bitbucket accounts is turned off on this app.',
      details: ['Ask the operator of the app to turn it on.'],
      operatorHint: 'Set BITBUCKET_CLIENT_ID and BITBUCKET_CLIENT_SECRET to the OAuth consumer of your Bitbucket workspace.',
      logLevel: 'warn',
    };
  }
  if (error instanceof OAuthStateError) {
    return {
      headline: 'This connect link has expired or was already used.',
      details: [`Run \`${SLASH_COMMAND} connect\` for a new link.`],
      button: 'connect',
      logLevel: 'info',
    };
  }
  if (error instanceof OAuthExchangeError) {
    return {
      headline: 'Bitbucket did not complete the connection.',
      details: [`Run \`${SLASH_COMMAND} connect\` to try again.`],
      operatorHint:
        "Check that BITBUCKET_CLIENT_SECRET matches the OAuth consumer and that the consumer's callback URL " +
        'is BITBUCKET_OAUTH_REDIRECT_URI.',
      button: 'connect',
      logLevel: 'warn',
    };
  }
  return undefined;
}
