/**
 * Bounds of BITBUCKET_TIMEOUT_MS, the limit for one Bitbucket request in milliseconds. The app's
 * configuration and the toolkit CLI both check the variable against them.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 20_000;
export const MIN_REQUEST_TIMEOUT_MS = 100;
export const MAX_REQUEST_TIMEOUT_MS = 120_000;
