import { truncate } from '../../render/mrkdwn.js';
import type { ModalMessage } from '../modal-context.js';
import { MODAL_LIMITS } from '../modal-blocks.js';

/** Bitbucket stores issue titles of up to 255 characters. */
export const ISSUE_TITLE_MAX = 255;

/** Characters of a long message shown in the modal as an excerpt. */
export const MESSAGE_EXCERPT_LENGTH = 500;

/**
 * Composes the text filed for a Slack message: an optional note, the message, and a link back to
 * it in Slack. Nothing is cut: Bitbucket takes descriptions and comments longer than a modal's
 * text input can contain.
 */
export function composeMessageContent(message: ModalMessage, note?: string): string {
  const parts = [note?.trim(), message.text, message.permalink === undefined ? undefined : `Posted in Slack: ${message.permalink}`];
  return parts.filter((part): part is string => part !== undefined && part.trim() !== '').join('\n\n');
}

/** Returns true when the composed text does not fit a text input (3,000 characters) and the modal shows an excerpt instead. */
export function isLongMessage(message: ModalMessage): boolean {
  return composeMessageContent(message).length > MODAL_LIMITS.textInput;
}

/** Suggests an issue title: the message's first non-empty line, cut to 255 characters without splitting an emoji. */
export function suggestIssueTitle(text: string): string {
  const firstLine = text.split('\n').find((line) => line.trim() !== '')?.trim() ?? '';
  return truncate(firstLine, ISSUE_TITLE_MAX);
}
