import type { WebClient } from '@slack/web-api';

import type { SlackUserRef } from '../../connections/keys.js';
import type { Store } from '../../connections/store.js';
import type { Logger } from '../../logging/logger.js';
import type { ModalMessage } from '../modals/modal-context.js';
import { decodeMessageText } from './decode-message-text.js';

/** The message of a message shortcut payload, as far as this app reads it. */
export interface ShortcutMessage {
  ts: string;
  text?: string;
  thread_ts?: string;
  attachments?: Array<{ fallback?: string; text?: string; pretext?: string }>;
}

/** Returns the raw text of a message: its `text`, else the text of its attachments (bot messages often have only those). */
export function extractMessageText(message: ShortcutMessage): string {
  if (message.text !== undefined && message.text.trim() !== '') return message.text;
  const parts = (message.attachments ?? []).flatMap((attachment) =>
    [attachment.pretext, attachment.text ?? attachment.fallback].filter((part): part is string => part !== undefined && part.trim() !== ''),
  );
  return parts.join('\n\n');
}

/**
 * Reads what a message shortcut files: the message decoded from Slack markup and its permalink.
 * A permalink that cannot be read is left out (and logged), because the message text matters more.
 */
export async function readShortcutMessage(options: {
  client: WebClient;
  store: Store;
  logger: Logger;
  slackUser: SlackUserRef;
  channelId: string;
  message: ShortcutMessage;
}): Promise<ModalMessage> {
  const { client, message } = options;
  const [text, permalink] = await Promise.all([
    decodeMessageText(extractMessageText(message), options),
    client.chat
      .getPermalink({ channel: options.channelId, message_ts: message.ts })
      .then((response) => response.permalink)
      .catch((error: unknown) => {
        options.logger.info({ err: error, channelId: options.channelId }, 'could not read a message permalink; filing the message without it');
        return undefined;
      }),
  ]);
  return { text, ...(permalink === undefined ? {} : { permalink }) };
}
