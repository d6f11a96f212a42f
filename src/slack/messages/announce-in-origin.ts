import type { WebClient } from '@slack/web-api';

import type { SlackUserRef } from '../../connections/keys.js';
import type { ModalOrigin } from '../modals/modal-context.js';
import { buildContext, SLACK_LIMITS, type SlackMessage } from '../render/blocks.js';
import { postToResponseUrl } from '../replies/post-to-response-url.js';
import type { SlackDependencies } from '../slack-dependencies.js';

/** The places a modal's result can be announced. */
export interface AnnouncementPlace {
  requester: SlackUserRef;
  origin: ModalOrigin;
  /** response_url Slack sent with the submission for the channel picked in the form. */
  pickedResponseUrl?: string;
}

/** The route by which an announcement reached Slack; `lost` when every route failed. */
export type AnnouncementRoute = 'picked_channel' | 'channel' | 'response_url' | 'ephemeral' | 'direct_message' | 'lost';

const PRIVATE_NOTE = ':information_source: Slack did not accept this message in the channel, so only you can see it.';

/**
 * Announces a result where the modal was opened, trying each way until one works, so the
 * confirmation is never lost:
 * 1. the channel picked in the form, through its response_url;
 * 2. chat.postMessage in the origin channel and thread (`chat:write.public` covers public
 *    channels the bot is not in);
 * 3. the response_url of the command or shortcut, in the channel and thread;
 * 4. an ephemeral message to the requester in that channel;
 * 5. a direct message to the requester.
 * Each failure is logged at warn; when all fail the result is logged at error, because the change
 * itself was made.
 */
export async function announceInOrigin(
  deps: SlackDependencies,
  client: WebClient,
  place: AnnouncementPlace,
  message: SlackMessage,
): Promise<AnnouncementRoute> {
  const { origin, requester } = place;
  const ids = { slackTeamId: requester.teamId, slackUserId: requester.userId, channelId: origin.channelId };
  const attempt = async (route: AnnouncementRoute, send: () => Promise<unknown>): Promise<boolean> => {
    try {
      await send();
      return true;
    } catch (error) {
      deps.logger.warn({ ...ids, err: error, route }, 'could not announce a result this way; trying the next');
      return false;
    }
  };

  if (place.pickedResponseUrl !== undefined) {
    const url = place.pickedResponseUrl;
    if (await attempt('picked_channel', () => postToResponseUrl(deps.postJson, url, { ...message, inChannel: true }))) return 'picked_channel';
  }

  const channel = origin.channelId;
  const thread = origin.threadTs === undefined ? {} : { thread_ts: origin.threadTs };
  if (channel !== undefined) {
    const posted = await attempt('channel', () =>
      client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false, ...thread }),
    );
    if (posted) return 'channel';
  }

  if (origin.responseUrl !== undefined) {
    const url = origin.responseUrl;
    const reply = { ...message, inChannel: true, replaceOriginal: false, ...(origin.threadTs === undefined ? {} : { threadTs: origin.threadTs }) };
    if (await attempt('response_url', () => postToResponseUrl(deps.postJson, url, reply))) return 'response_url';
  }

  const privateMessage = addNote(message, PRIVATE_NOTE);
  if (channel !== undefined) {
    const posted = await attempt('ephemeral', () =>
      client.chat.postEphemeral({ channel, user: requester.userId, text: privateMessage.text, blocks: privateMessage.blocks, ...thread }),
    );
    if (posted) return 'ephemeral';
  }

  const directMessage = channel === undefined && place.pickedResponseUrl === undefined ? message : privateMessage;
  const sent = await attempt('direct_message', () =>
    client.chat.postMessage({ channel: requester.userId, text: directMessage.text, blocks: directMessage.blocks, unfurl_links: false }),
  );
  if (sent) return 'direct_message';

  deps.logger.error({ ...ids, result: message.text }, 'could not deliver a result to the user in Slack; the change itself was made');
  return 'lost';
}

function addNote(message: SlackMessage, note: string): SlackMessage {
  if (message.blocks.length >= SLACK_LIMITS.messageBlocks) return message;
  return { text: message.text, blocks: [...message.blocks, buildContext(note)] };
}
