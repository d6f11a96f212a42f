import type { types } from '@slack/bolt';

import { escapeMrkdwn, truncate, truncateMrkdwn } from './mrkdwn.js';

/** A rendered reply: `text` is the notification and screen-reader fallback, `blocks` the layout. */
export interface SlackMessage {
  text: string;
  blocks: types.KnownBlock[];
}

/** How the command reached Bitbucket. A reply through the shared access token names it, so users do not mistake it for their own account. */
export interface ReplyContext {
  /** True when the command ran through the shared access token (BITBUCKET_BEARER_TOKEN), not the user's connection. */
  viaSharedToken?: boolean;
}

/** Slack's limits, from the @slack/types 3.2.0 doc comments, and the app's own bound for `text`. */
export const SLACK_LIMITS = {
  messageBlocks: 50,
  /** Slack truncates beyond 40,000 characters; the app keeps replies readable under 4,000. */
  messageText: 4000,
  sectionText: 3000,
  headerText: 150,
  contextElements: 10,
  buttonText: 75,
  buttonValue: 2000,
} as const;

/** Builds a section block from mrkdwn that is already escaped, cut to Slack's 3,000 characters. */
export function buildSection(mrkdwn: string, accessory?: types.Button): types.SectionBlock {
  const text = { type: 'mrkdwn' as const, text: truncateMrkdwn(mrkdwn, SLACK_LIMITS.sectionText) };
  return accessory === undefined ? { type: 'section', text } : { type: 'section', text, accessory };
}

/** Builds a header block; `text` is plain text, so it needs no escaping, and is cut to 150 characters. */
export function buildHeader(text: string): types.HeaderBlock {
  return { type: 'header', text: { type: 'plain_text', text: truncate(text, SLACK_LIMITS.headerText), emoji: true } };
}

/** Builds a context block with one mrkdwn element per already escaped string (at most 10). */
export function buildContext(...mrkdwnTexts: string[]): types.ContextBlock {
  const elements = mrkdwnTexts
    .filter((text) => text !== '')
    .slice(0, SLACK_LIMITS.contextElements)
    .map((text) => ({ type: 'mrkdwn' as const, text: truncateMrkdwn(text, SLACK_LIMITS.sectionText) }));
  return { type: 'context', elements };
}

export function buildDivider(): types.DividerBlock {
  return { type: 'divider' };
}

/** Builds a button; `label` is plain text cut to 75 characters. */
export function buildButton(options: {
  label: string;
  actionId: string;
  url?: string;
  value?: string;
  style?: 'primary' | 'danger';
  confirm?: types.ConfirmationDialog;
}): types.Button {
  const button: types.Button = {
    type: 'button',
    text: { type: 'plain_text', text: truncate(options.label, SLACK_LIMITS.buttonText), emoji: true },
    action_id: options.actionId,
  };
  if (options.url !== undefined) button.url = options.url;
  if (options.value !== undefined) button.value = options.value;
  if (options.style !== undefined) button.style = options.style;
  if (options.confirm !== undefined) button.confirm = options.confirm;
  return button;
}

/**
 * Builds the notification text from raw (unescaped) text: escaped, because Slack parses `text`
 * as mrkdwn too, and cut to the app's 4,000-character bound.
 */
export function buildFallbackText(rawText: string): string {
  return truncateMrkdwn(escapeMrkdwn(rawText), SLACK_LIMITS.messageText);
}

/** Builds the footer noting that a reply came through the shared access token, or returns no blocks. */
export function buildReplyContextBlocks(context: ReplyContext | undefined): types.KnownBlock[] {
  if (context?.viaSharedToken !== true) return [];
  return [
    buildContext(
      ':key: Acting as the shared access token, not your own Bitbucket account. ' +
        'Run `/bitbucket connect` to act as yourself.',
    ),
  ];
}
