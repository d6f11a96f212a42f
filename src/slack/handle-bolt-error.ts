import { ErrorCode, type App } from '@slack/bolt';

import type { Logger } from '../logging/logger.js';
import { buildFallbackText, buildSection } from './render/blocks.js';
import type { PostJson } from './replies/post-json.js';
import { postToResponseUrl } from './replies/post-to-response-url.js';

/** Arguments Bolt passes to an error handler when the app is created with `extendedErrorHandler: true`. */
type ExtendedErrorHandler = Parameters<App['error']>[0];
type ExtendedErrorHandlerArgs = Parameters<ExtendedErrorHandler>[0];

/**
 * Creates Bolt's error handler. A request from a workspace without an installation of the app gets
 * a reply with the install URL when it carries a response_url. Every other error that no listener
 * handled is logged with the Slack ids.
 */
export function createBoltErrorHandler(options: { logger: Logger; postJson: PostJson; installUrl: string }): ExtendedErrorHandler {
  return async (args: ExtendedErrorHandlerArgs): Promise<void> => {
    const { error } = args;
    // Every payload is a JSON object; only its id and response_url fields are read.
    const body = args.body as unknown as Record<string, unknown>;
    const ids = readSlackIds(body);

    if (error.code === ErrorCode.AuthorizationError) {
      options.logger.warn({ err: error, ...ids }, 'a Slack request came from a workspace without an installation of this app');
      const responseUrl = typeof body.response_url === 'string' ? body.response_url : undefined;
      if (!responseUrl) return;

      const text =
        'This Slack workspace has not installed the Bitbucket app, so the command did not run. ' +
        `Ask a Slack admin to install it from ${options.installUrl}`;
      await postToResponseUrl(options.postJson, responseUrl, { text: buildFallbackText(text), blocks: [buildSection(text)] }).catch(
        (postError: unknown) => options.logger.warn({ err: postError, ...ids }, 'could not tell the workspace to install the app'),
      );
      return;
    }

    options.logger.error({ err: error, ...ids }, 'a Slack listener failed');
  };
}

function readSlackIds(body: Record<string, unknown>): { slackTeamId?: string; slackUserId?: string } {
  const team = body.team as { id?: string } | undefined;
  const user = body.user as { id?: string } | undefined;
  const teamId = typeof body.team_id === 'string' ? body.team_id : team?.id;
  const userId = typeof body.user_id === 'string' ? body.user_id : user?.id;
  return { ...(teamId ? { slackTeamId: teamId } : {}), ...(userId ? { slackUserId: userId } : {}) };
}
