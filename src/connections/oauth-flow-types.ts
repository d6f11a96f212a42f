import type { BitbucketAccountSummary } from './connection.js';
import type { SlackUserRef } from './keys.js';

/**
 * The Slack layer's request to run once the account is linked (command text, channel,
 * response_url, ...). Stored as given, so it must be plain JSON. A string `userName` is shown on
 * the confirm page.
 */
export type PendingCommand = Record<string, unknown>;

/** The cause of a failed link, used by the callback pages and the onConnectFailed hook. */
export type ConnectFailureReason =
  | 'missing_parameters'
  | 'access_denied'
  | 'authorization_failed'
  | 'state_unknown'
  | 'state_expired'
  | 'state_used'
  | 'exchange_failed'
  | 'csrf_invalid'
  | 'connect_disabled'
  | 'storage_unavailable'
  | 'internal_error';

/** Calls the Slack layer gets from the OAuth flow. A hook that throws is logged and ignored. */
export interface OAuthFlowHooks {
  /** After the connection was stored, e.g. to post "connected as …" and run the pending command. */
  onConnected?(event: { slackUser: SlackUserRef; account: BitbucketAccountSummary; pending?: PendingCommand }): Promise<void> | void;
  /** After a failure where the Slack user is known from the state. */
  onConnectFailed?(event: { slackUser: SlackUserRef; reason: ConnectFailureReason; pending?: PendingCommand }): Promise<void> | void;
}

/** Query parameters of Bitbucket's redirect to the callback. */
export interface CallbackParams {
  code?: string;
  state?: string;
  error?: string;
  errorDescription?: string;
}

/** Fields of the confirm form. */
export interface ConfirmParams {
  state?: string;
  csrfToken?: string;
}

export interface FailedOutcome {
  kind: 'failed';
  reason: ConnectFailureReason;
  /** Bitbucket's own error text, when there is one. Shown escaped, never with a token. */
  detail?: string;
}

export type CallbackOutcome =
  | {
      kind: 'confirm';
      slackUser: SlackUserRef;
      slackUserName?: string;
      account: BitbucketAccountSummary;
      state: string;
      csrfToken: string;
    }
  | FailedOutcome;

export type ConfirmOutcome = { kind: 'connected'; slackUser: SlackUserRef; account: BitbucketAccountSummary } | FailedOutcome;
