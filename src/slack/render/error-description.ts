/** Log level the caller should log a mapped error at. */
export type ErrorLogLevel = 'info' | 'warn' | 'error';

/** What a user sees for one error, before it becomes Block Kit. All strings are escaped mrkdwn. */
export interface ErrorDescription {
  /** One sentence saying what failed, shown in bold. */
  headline: string;
  /** Further lines: the reason, Bitbucket's own messages, and what the user can do. */
  details: string[];
  /** Advice for whoever runs the app, e.g. which setting to check. */
  operatorHint?: string;
  /** A Connect button (link the first account) or Reconnect button (replace a broken connection). */
  button?: 'connect' | 'reconnect';
  logLevel: ErrorLogLevel;
}
