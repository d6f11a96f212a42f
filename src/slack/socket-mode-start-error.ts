import { AppError } from '../app-error.js';

/** Slack error codes of apps.connections.open that mean the app-level token itself is unusable. */
const REJECTED_TOKEN_ERRORS = new Set(['invalid_auth', 'not_authed', 'token_revoked', 'account_inactive', 'not_allowed_token_type']);

/** Error raised when Socket Mode cannot open its first connection to Slack, so the app cannot receive requests. */
export class SocketModeStartError extends AppError {
  readonly code = 'socket_mode_start_failed';

  /** Wraps the error of the Socket Mode client's start in a message that names the variable to fix. */
  static from(error: unknown): SocketModeStartError {
    const slackError = (error as { data?: { error?: unknown } } | undefined)?.data?.error;
    if (typeof slackError === 'string' && REJECTED_TOKEN_ERRORS.has(slackError)) {
      return new SocketModeStartError(
        `Slack rejected SLACK_APP_TOKEN (${slackError}); create an app-level token with the connections:write scope under "Basic Information" and set SLACK_APP_TOKEN to it.`,
        { cause: error },
      );
    }
    const reason = error instanceof Error ? error.message : String(error);
    return new SocketModeStartError(`Socket Mode could not connect to Slack (${reason}); check SLACK_APP_TOKEN and that SLACK_API_URL is reachable.`, {
      cause: error,
    });
  }
}
