import type { App, SlashCommand } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';

import type { CommandContext } from '../../commands/command-context.js';
import type { CommandHandlers, CommandKind } from '../../commands/command-handler.js';
import { dispatchCommand } from '../../commands/dispatch-command.js';
import { parseCommand } from '../../commands/parse-command.js';
import { SLASH_COMMAND } from '../../ids.js';
import { postToResponseUrl } from '../../replies/post-to-response-url.js';
import type { SlackDependencies } from '../../slack-dependencies.js';
import { BUSY_TEXT, replyBusy } from '../busy-reply.js';

/**
 * Commands that open a form with views.open. Their trigger_id works only within 3 seconds of the
 * command, so they start at once instead of waiting in the work queue.
 */
const FORM_COMMAND_KINDS: ReadonlySet<CommandKind> = new Set<CommandKind>(['pr-create', 'repo-create', 'repo-delete', 'issue-create', 'issue-update']);

/**
 * Registers `/bitbucket`: acknowledges at once with an empty body, then runs the command and
 * replies through the response_url, so a slow Bitbucket never produces Slack's timeout and the
 * reply arrives in DMs and in channels the bot is not a member of. Commands that open a form
 * start at once; the others wait in the work queue until the process has room. When that queue
 * is full, the acknowledgement itself tells the user to try again.
 */
export function registerCommandListeners(app: App, deps: SlackDependencies, handlers: CommandHandlers): void {
  app.command(SLASH_COMMAND, async ({ command, ack, client }) => {
    const logFields = { slackTeamId: command.team_id, slackUserId: command.user_id };
    const parsed = parseCommand(command.text);
    const opensForm = parsed.kind !== 'error' && FORM_COMMAND_KINDS.has(parsed.kind);
    if (!opensForm && !deps.pendingWork.hasRoom) {
      deps.logger.warn({ ...logFields, queued: deps.pendingWork.queued }, 'rejected a /bitbucket command: the work queue is full');
      await ack({ response_type: 'ephemeral', text: BUSY_TEXT });
      return;
    }
    await ack();

    const context = createCommandContext(command, client, deps);
    const run = () =>
      dispatchCommand(context, handlers, deps, parsed).catch((error: unknown) => {
        deps.logger.error({ ...logFields, err: error }, 'could not deliver the reply to a /bitbucket command');
      });

    if (opensForm) {
      await deps.pendingWork.track(run());
    } else if (!deps.pendingWork.defer('/bitbucket command', run)) {
      // Another request took the last place in the queue while this one was being acknowledged.
      await replyBusy(deps, command.response_url, logFields);
    }
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
    reply: (message) => postToResponseUrl(deps.postJson, command.response_url, message),
  };
}
