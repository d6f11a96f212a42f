import { NotConnectedError } from '../../connections/errors.js';
import type { SlackUserRef } from '../../connections/keys.js';
import type { PendingCommand } from '../../connections/oauth-flow-types.js';
import { renderConnectPrompt } from '../render/render-connection.js';
import { renderError } from '../render/render-error.js';
import type { SlackMessage } from '../render/blocks.js';
import type { SlackDependencies } from '../slack-dependencies.js';

export interface ErrorReplyContext {
  slackUser: SlackUserRef;
  /** What the user was doing, for the log line, e.g. "prs acme/api". */
  operation: string;
  /** Stored with the OAuth state when the user is not connected, so the command runs after connecting. */
  pending?: PendingCommand;
  /** Command text shown in the connect prompt. */
  pendingCommandText?: string;
}

/**
 * Turns an error into the reply the user sees and logs it once with the Slack ids: a Connect
 * prompt when the user has no connection, else the message from renderError. Unexpected errors
 * are logged at error level with the reference id shown to the user.
 */
export async function buildErrorReply(error: unknown, context: ErrorReplyContext, deps: SlackDependencies): Promise<SlackMessage> {
  const logFields = {
    slackTeamId: context.slackUser.teamId,
    slackUserId: context.slackUser.userId,
    operation: context.operation,
  };

  if (error instanceof NotConnectedError) {
    try {
      const { url, expiresAt } = await deps.connections.startAuthorization(context.slackUser, context.pending);
      deps.logger.info(logFields, 'asked a Slack user to connect a Bitbucket account');
      return renderConnectPrompt({
        authorizeUrl: url,
        pendingCommand: context.pendingCommandText,
        expiresInMinutes: Math.round((expiresAt - deps.now()) / 60_000),
      });
    } catch (startError) {
      return buildErrorReply(startError, { ...context, pending: undefined }, deps);
    }
  }

  const rendered = renderError(error);
  const requestId = readBitbucketRequestId(error);
  const fields = { ...logFields, err: error, referenceId: rendered.referenceId, bitbucketRequestId: requestId };
  deps.logger[rendered.logLevel](fields, `${context.operation} failed`);
  return rendered.message;
}

function readBitbucketRequestId(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'context' in error) {
    const context = (error as { context?: { requestId?: unknown } }).context;
    return typeof context?.requestId === 'string' ? context.requestId : undefined;
  }
  return undefined;
}
