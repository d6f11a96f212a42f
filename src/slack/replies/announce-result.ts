import type { WebClient } from '@slack/web-api';

import type { SlackUserRef } from '../../connections/keys.js';
import { buildContext, SLACK_LIMITS, type SlackMessage } from '../render/blocks.js';
import type { SlackDependencies } from '../slack-dependencies.js';
import type { ResponseUrlReply } from './post-to-response-url.js';

/** The command's response_url and the bot's Web API client, the two ways a result can reach the user. */
export interface AnnouncementTarget {
  slackUser: SlackUserRef;
  channelId: string;
  /** Posts through the response_url of the command. */
  reply(message: ResponseUrlReply): Promise<void>;
  /** Web API client with the bot token of the user's workspace. */
  client: WebClient;
}

const PRIVATE_NOTE = ':information_source: Slack did not accept this message in the channel, so only you can see it.';

/**
 * Announces the result of a change (a new branch, a comment) in the channel the command came
 * from. When Slack rejects the post in the channel, the same message goes to the user alone:
 * ephemeral through the response_url, else as a direct message from the bot. When all three
 * fail, the result is logged at error level, because the change was made and only the message is
 * missing.
 */
export async function announceResult(target: AnnouncementTarget, message: SlackMessage, deps: SlackDependencies): Promise<void> {
  const ids = { slackTeamId: target.slackUser.teamId, slackUserId: target.slackUser.userId, channelId: target.channelId };

  try {
    await target.reply({ ...message, inChannel: true });
    return;
  } catch (error) {
    deps.logger.warn({ ...ids, err: error }, 'Slack rejected the announcement in the channel, so the result goes to the user alone');
  }

  const privateMessage = addNote(message, PRIVATE_NOTE);
  try {
    await target.reply(privateMessage);
    return;
  } catch (error) {
    deps.logger.warn({ ...ids, err: error }, 'the response_url failed, so the result goes out as a direct message');
  }

  try {
    await target.client.chat.postMessage({ channel: target.slackUser.userId, text: privateMessage.text, blocks: privateMessage.blocks });
  } catch (error) {
    deps.logger.error(
      { ...ids, err: error, result: message.text },
      'could not deliver the result of a change to the user in Slack; the change itself was made',
    );
  }
}

function addNote(message: SlackMessage, note: string): SlackMessage {
  if (message.blocks.length >= SLACK_LIMITS.messageBlocks) return message;
  return { text: message.text, blocks: [...message.blocks, buildContext(note)] };
}
