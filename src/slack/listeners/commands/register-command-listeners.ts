import type { App, SlashCommand } from '@slack/bolt';

import type { CommandContext } from '../../commands/command-context.js';
import type { CommandHandlers } from '../../commands/command-handler.js';
import { dispatchCommand } from '../../commands/dispatch-command.js';
import { SLASH_COMMAND } from '../../ids.js';
import { postToResponseUrl } from '../../replies/post-to-response-url.js';
import type { SlackDependencies } from '../../slack-dependencies.js';
import type { WebClient } from '@slack/web-api';

/**
 * Registers `/bitbucket`: acknowledges at once with an empty body, then runs the command and
 * answers through the response_url, so a slow Bitbucket never produces Slack's timeout and the
 * answer arrives in DMs and in channels the bot is not a member of.
 */
export function registerCommandListeners(app: App, deps: SlackDependencies, handlers: CommandHandlers): void {
  app.command(SLASH_COMMAND, async ({ command, ack, client }) => {
    await ack();

    const context = createCommandContext(command, client, deps);
    await deps.pendingWork.track(
      dispatchCommand(context, handlers, deps).catch((error: unknown) => {
        deps.logger.error(
          { err: error, slackTeamId: command.team_id, slackUserId: command.user_id },
          'could not deliver the reply to a /bitbucket command',
        );
      }),
    );
  });
}

function createCommandContext(command: SlashCommand, client: WebClient, deps: SlackDependencies): CommandContext {
  return {
    slackUser: {
      teamId: command.team_id,
      userId: command.user_id,
      ...(command.enterprise_id ? { enterpriseId: command.enterprise_id } : {}),
    },
    userName: command.user_name,
    channelId: command.channel_id,
    text: command.text,
    responseUrl: command.response_url,
    triggerId: command.trigger_id,
    client,
    reply: (message) => postToResponseUrl(deps.fetch, command.response_url, message),
  };
}
