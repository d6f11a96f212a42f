import type { TokenSource } from '../bitbucket/token-source.js';
import type { ConnectionRecord } from './connection.js';
import type { TokenRefresher } from './token-refresher.js';

/**
 * The TokenSource of one Slack user's connection. It hands out the stored access token until it
 * comes within the refresh margin of expiry, then refreshes it through the TokenRefresher, so the
 * refresh is shared by every caller and process. After a 401 it refreshes once, unless another
 * caller already replaced the rejected token.
 */
export class ConnectionTokenSource implements TokenSource {
  readonly description: string;

  constructor(
    private record: ConnectionRecord,
    private readonly refresher: TokenRefresher,
  ) {
    const name = record.account.nickname ?? record.account.displayName;
    this.description = `your Bitbucket account (${name})`;
  }

  async getAccessToken(): Promise<string> {
    if (this.record.tokens && !this.refresher.needsRefresh(this.record)) {
      return this.record.tokens.accessToken;
    }
    this.record = await this.refresher.refresh(this.record.slackUser);
    return this.record.tokens!.accessToken;
  }

  async refreshAfterUnauthorized(rejectedToken: string): Promise<string | null> {
    this.record = await this.refresher.refresh(this.record.slackUser, { rejectedToken });
    const token = this.record.tokens!.accessToken;
    return token === rejectedToken ? null : token;
  }
}
