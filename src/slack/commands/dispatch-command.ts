import { buildFallbackText, buildSection, type SlackMessage } from '../render/blocks.js';
import { escapeMrkdwn } from '../render/mrkdwn.js';
import { buildErrorReply } from '../replies/reply-with-error.js';
import { catchUndeliveredReplies, sendAsDirectMessage, UndeliveredReplyError } from '../replies/undelivered-reply.js';
import type { SlackDependencies } from '../slack-dependencies.js';
import type { CommandContext } from './command-context.js';
import type { CommandHandler, CommandHandlers, CommandKind } from './command-handler.js';
import { parseCommand } from './parse-command.js';
import type { CommandError, ParsedCommand } from './parsed-command.js';

/**
 * Parses the command text, unless the caller passes it parsed, and runs its handler. Every failure
 * ends in a reply that says what went wrong and what to do; a user without a connection gets a
 * Connect button, and the same command runs once they have connected. A reply whose post to the
 * response_url fails goes out as a direct message, and when that fails too, the error is thrown
 * for the caller to log.
 */
export async function dispatchCommand(
  context: CommandContext,
  handlers: CommandHandlers,
  deps: SlackDependencies,
  command: ParsedCommand = parseCommand(context.text),
): Promise<void> {
  try {
    await runCommand(catchUndeliveredReplies(context), command, handlers, deps);
  } catch (error) {
    if (!(error instanceof UndeliveredReplyError)) throw error;
    await sendAsDirectMessage(context, error, deps);
  }
}

async function runCommand(context: CommandContext, command: ParsedCommand, handlers: CommandHandlers, deps: SlackDependencies): Promise<void> {
  if (command.kind === 'error') {
    await context.reply(renderCommandError(command));
    return;
  }

  try {
    const handler = handlers[command.kind] as CommandHandler<CommandKind>;
    await handler(command as Extract<ParsedCommand, { kind: CommandKind }>, context, deps);
  } catch (error) {
    // The command ran, and only its reply did not arrive, so an error reply would be wrong.
    if (error instanceof UndeliveredReplyError) throw error;

    const reply = await buildErrorReply(
      error,
      {
        slackUser: context.slackUser,
        operation: `/bitbucket ${command.kind}`,
        pendingCommandText: context.text.trim(),
        pending: {
          kind: 'slash_command',
          text: context.text,
          channelId: context.channelId,
          responseUrl: context.responseUrl,
          userName: context.userName,
        },
      },
      deps,
    );
    await context.reply(reply);
  }
}

function renderCommandError(error: CommandError): SlackMessage {
  const lines = [`:warning: ${escapeMrkdwn(error.message)}`];
  if (error.suggestions && error.suggestions.length > 0) {
    lines.push(`Did you mean: ${error.suggestions.map((suggestion) => `\`/bitbucket ${escapeMrkdwn(suggestion)}\``).join(', ')}?`);
  }
  if (error.usage) {
    lines.push('Usage:', '```', escapeMrkdwn(error.usage), '```');
  }
  return { text: buildFallbackText(error.message), blocks: [buildSection(lines.join('\n'))] };
}
