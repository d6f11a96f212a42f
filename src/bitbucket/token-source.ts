/**
 * Supplies the bearer token for one Bitbucket call. The connection layer implements it so that
 * tokens can be refreshed ahead of expiry and once after a 401; the client asks for a token on
 * every request and never stores one.
 */
export interface TokenSource {
  /** Returns an access token that is valid now, refreshing it first when it is about to expire. */
  getAccessToken(): Promise<string>;

  /**
   * Called at most once per request after Bitbucket answered 401 to `rejectedToken`.
   * Returns a fresh token to retry with, or null when no refresh is possible.
   */
  refreshAfterUnauthorized?(rejectedToken: string): Promise<string | null>;

  /** Short description for replies and logs, e.g. "shared access token". */
  readonly description?: string;
}

/** A token source for a fixed token, such as a workspace access token or a CLI token. */
export function createStaticTokenSource(token: string, description = 'access token'): TokenSource {
  return {
    description,
    getAccessToken: async () => token,
  };
}
