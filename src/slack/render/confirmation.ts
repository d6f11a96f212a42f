import type { types } from '@slack/bolt';

import {
  buildContext,
  buildFallbackText,
  buildReplyContextBlocks,
  buildSection,
  type ReplyContext,
  type SlackMessage,
} from './blocks.js';
import { formatSlackUser } from './format-account.js';

/**
 * The person who ran the command, named when a confirmation is announced in a channel, and
 * whether the change was made through the shared access token.
 */
export interface ActorInput extends ReplyContext {
  /** Slack user id of the person who ran the command; the sentence then starts with their mention. */
  actorUserId?: string;
}

/**
 * Builds a confirmation message. `sentence` is escaped mrkdwn in the form "created branch ...";
 * it gets the actor's mention in front, or a capital letter when there is no actor.
 */
export function buildConfirmation(options: {
  actor: ActorInput;
  sentence: string;
  /** Raw text for notifications, e.g. "Created branch x in acme/api". */
  fallback: string;
  /** Extra escaped mrkdwn shown under the sentence, e.g. a quoted comment. */
  body?: string;
  /** Escaped mrkdwn strings for the context line. */
  context?: string[];
}): SlackMessage {
  const lead =
    options.actor.actorUserId === undefined
      ? capitalize(options.sentence)
      : `${formatSlackUser(options.actor.actorUserId)} ${options.sentence}`;

  const blocks: types.KnownBlock[] = [
    buildSection(`:white_check_mark: ${lead}${options.body === undefined ? '' : `\n${options.body}`}`),
  ];
  const context = (options.context ?? []).filter((part) => part !== '');
  if (context.length > 0) blocks.push(buildContext(context.join(' · ')));
  blocks.push(...buildReplyContextBlocks(options.actor));

  return { text: buildFallbackText(options.fallback), blocks };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
