import type { WebClient } from '@slack/web-api';

import { cacheKey, slackOwnerId, type SlackUserRef } from '../../connections/keys.js';
import type { Store } from '../../connections/store.js';
import type { Logger } from '../../logging/logger.js';
import { decodeSlackText } from '../commands/decode-slack-text.js';

/** How long a Slack user's display name stays cached; renames show up after this. */
export const USER_NAME_TTL_MS = 60 * 60 * 1000;

/** Mentions without a label, `<@U123>`, the form Slack uses in message text. */
const BARE_MENTION = /<@([UW][A-Z0-9]+)>/g;

/** At most this many distinct users are looked up per message; the rest stay as `@U123`. */
const MAX_LOOKUPS = 20;

export interface DecodeMessageOptions {
  client: WebClient;
  store: Store;
  logger: Logger;
  /** The workspace the message is in; names are cached per workspace. */
  slackUser: SlackUserRef;
}

/**
 * Decodes a Slack message's text into plain text, once: `<@U123>` becomes `@Display Name`
 * (users.info, cached per workspace for an hour), `<#C123|general>` becomes `#general`, links
 * become their URLs, and `&amp;`, `&lt;`, `&gt;` become `&`, `<`, `>`. A user whose name cannot be
 * read stays `@U123`.
 */
export async function decodeMessageText(text: string, options: DecodeMessageOptions): Promise<string> {
  const userIds = [...new Set([...text.matchAll(BARE_MENTION)].map((match) => match[1] ?? ''))].slice(0, MAX_LOOKUPS);
  const names = new Map<string, string>();
  await Promise.all(
    userIds.map(async (userId) => {
      const name = await readUserName(userId, options);
      if (name !== undefined) names.set(userId, name);
    }),
  );

  // Giving each mention its name as a label lets decodeSlackText do the single decoding pass.
  const labelled = text.replace(BARE_MENTION, (mention, userId: string) => {
    const name = names.get(userId);
    return name === undefined ? mention : `<@${userId}|${escapeLabel(name)}>`;
  });
  return decodeSlackText(labelled);
}

async function readUserName(userId: string, options: DecodeMessageOptions): Promise<string | undefined> {
  const key = cacheKey('slack-user-name', slackOwnerId(options.slackUser), userId);
  try {
    const cached = await options.store.get<string>(key);
    if (cached !== undefined) return cached;

    const response = await options.client.users.info({ user: userId });
    const profile = response.user?.profile;
    const name = firstNonEmpty(profile?.display_name, profile?.real_name, response.user?.real_name, response.user?.name);
    if (name !== undefined) await options.store.set(key, name, USER_NAME_TTL_MS);
    return name;
  } catch (error) {
    options.logger.info({ err: error, slackUserId: userId }, 'could not read a Slack user name; the mention stays an id');
    return undefined;
  }
}

function firstNonEmpty(...values: Array<string | undefined>): string | undefined {
  return values.find((value) => value !== undefined && value.trim() !== '')?.trim();
}

/** Escapes a name for a `<@U…|label>` token; decodeSlackText decodes it back. */
function escapeLabel(name: string): string {
  return name.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('|', ' ');
}
