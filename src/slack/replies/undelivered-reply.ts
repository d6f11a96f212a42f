import { buildContext, SLACK_LIMITS } from '../render/blocks.js';
import { escapeMrkdwn, truncate } from '../render/mrkdwn.js';
import { SLASH_COMMAND } from '../ids.js';
import type { CommandContext } from '../commands/command-context.js';
import type { SlackDependencies } from '../slack-dependencies.js';
import type { ResponseUrlReply } from './post-to-response-url.js';

/** Characters of the command text the direct message repeats, so the user can tell which command it replies to. */
const COMMAND_EXCERPT_MAX = 100;

/**
 * A reply whose post to the response_url failed: Slack responded with an error status, the
 * request failed or it timed out. `cause` is that failure.
 */
export class UndeliveredReplyError extends Error {
  override readonly name = 'UndeliveredReplyError';

  constructor(
    readonly reply: ResponseUrlReply,
    options: { cause: unknown },
  ) {
    super('Posting the reply to the response_url failed.', options);
  }
}

/** Returns `context` with a `reply` that throws UndeliveredReplyError, carrying the message, whenever the post fails. */
export function catchUndeliveredReplies(context: CommandContext): CommandContext {
  return {
    ...context,
    async reply(message) {
      try {
        await context.reply(message);
      } catch (error) {
        throw new UndeliveredReplyError(message, { cause: error });
      }
    },
  };
}

/**
 * Sends a reply whose post to the response_url failed as a direct message from the bot, with a
 * note naming the command it replies to. Throws when Slack rejects the direct message as well.
 */
export async function sendAsDirectMessage(context: CommandContext, undelivered: UndeliveredReplyError, deps: SlackDependencies): Promise<void> {
  const { slackUser } = context;
  deps.logger.warn(
    { err: undelivered.cause, slackTeamId: slackUser.teamId, slackUserId: slackUser.userId, channelId: context.channelId },
    'posting the reply to the response_url failed, so it goes out as a direct message',
  );

  const command = truncate(`${SLASH_COMMAND} ${context.text.trim()}`, COMMAND_EXCERPT_MAX);
  const note = buildContext(
    `:information_source: This answers \`${escapeMrkdwn(command)}\`. Slack did not accept it where you ran the command, so it comes as a direct message.`,
  );
  const { text, blocks } = undelivered.reply;
  const withNote = blocks.length < SLACK_LIMITS.messageBlocks ? [...blocks, note] : blocks;

  await context.client.chat.postMessage({ channel: slackUser.userId, text, blocks: withNote });
}
