import type { BitbucketClient } from './client.js';
import type { TokenSource } from './token-source.js';
import type { Account } from './types.js';

/** Reads the account the token belongs to (`GET /user`). Bitbucket leaves out the email address. */
export async function getCurrentUser(client: BitbucketClient, tokens: TokenSource): Promise<Account> {
  return client.requestJson<Account>(tokens, { method: 'GET', path: '/user', resource: 'The current user' });
}
