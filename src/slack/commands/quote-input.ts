import { truncate } from '../render/mrkdwn.js';

/**
 * Characters of a typed value that an error message repeats. The user still has the whole command
 * in Slack, and a longer echo would push the hint and the usage out of the reply.
 */
const QUOTED_INPUT_MAX = 60;

/** Returns `value` in double quotes for an error message, cut to 60 characters with an ellipsis. */
export function quoteInput(value: string): string {
  return `"${truncate(value, QUOTED_INPUT_MAX)}"`;
}
