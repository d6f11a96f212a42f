import type { SlackUserRef } from './keys.js';

/** The Bitbucket account behind a connection, as `GET /user` returned it when the user connected. */
export interface BitbucketAccountSummary {
  uuid: string;
  accountId?: string;
  displayName: string;
  nickname?: string;
}

/** A Slack user's link to their Bitbucket account, without its tokens. */
export interface Connection {
  slackUser: SlackUserRef;
  account: BitbucketAccountSummary;
  /** Scopes Bitbucket granted, from the token response. */
  scopes: string[];
  /** When the current access token expires (epoch ms). */
  accessTokenExpiresAt: number;
  createdAt: number;
  updatedAt: number;
  /** Set when Bitbucket rejected the refresh token; the user must connect again. */
  broken?: { at: number; reason: string };
}

/** Decrypted access and refresh tokens. They stay inside the connection layer. */
export interface ConnectionTokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms. */
  expiresAt: number;
}

/** A connection with its decrypted tokens; `tokens` is null once the connection is broken. */
export interface ConnectionRecord extends Connection {
  tokens: ConnectionTokens | null;
}

/** A connection as stored: flat, times in epoch ms, tokens encrypted with the TokenCipher. */
export interface StoredConnection {
  schemaVersion: 1;
  slackTeamId: string;
  slackEnterpriseId?: string;
  slackUserId: string;
  bitbucketUuid: string;
  bitbucketAccountId?: string;
  bitbucketDisplayName: string;
  bitbucketNickname?: string;
  /** `v1:…` ciphertext, or null once the connection is broken. */
  accessTokenEncrypted: string | null;
  refreshTokenEncrypted: string | null;
  accessTokenExpiresAt: number;
  scopes: string[];
  createdAt: number;
  updatedAt: number;
  brokenAt?: number;
  brokenReason?: string;
}

/** Returns the connection without its tokens, for callers outside the connection layer. */
export function toPublicConnection(record: ConnectionRecord): Connection {
  const { tokens: _tokens, ...connection } = record;
  return connection;
}
