import type { types } from '@slack/bolt';

import { BitbucketError, BitbucketForbiddenError, BitbucketNotFoundError, BitbucketRateLimitedError, IssueTrackerUnavailableError } from '../../bitbucket/errors.js';
import { ConnectionBrokenError, NotConnectedError } from '../../connections/errors.js';
import type { SlackUserRef } from '../../connections/keys.js';
import { buildOption } from '../modals/modal-blocks.js';
import { settleWithin } from '../modals/settle-within.js';
import type { SlackDependencies } from '../slack-dependencies.js';
import { HINT_OPTION_VALUE } from './option-value-codec.js';

/**
 * How long an options request waits for Bitbucket. Slack drops an options response that takes
 * longer than 3 seconds, so the rest of that window is left for the store and the network.
 */
export const OPTIONS_BUDGET_MS = 2_000;

/** Text of the hint option sent when Bitbucket did not respond within the budget. */
export const SLOW_BITBUCKET_HINT = 'Bitbucket is slow to respond. Keep typing…';

/** Builds an option that only explains something; the forms reject it when it is submitted. */
export function buildHintOption(text: string): types.PlainTextOption {
  return buildOption(text, HINT_OPTION_VALUE);
}

/**
 * Runs `search` and returns its options if it finishes within `budgetMs`. Otherwise it returns a
 * "keep typing" hint and lets the search finish in the background, where it fills the cache for
 * the next keystroke. A failed search returns one hint that tells the user what to do.
 */
export async function answerOptions(
  deps: SlackDependencies,
  request: { slackUser: SlackUserRef; menu: string },
  search: () => Promise<types.PlainTextOption[]>,
  budgetMs = OPTIONS_BUDGET_MS,
): Promise<types.PlainTextOption[]> {
  const logFields = { slackTeamId: request.slackUser.teamId, slackUserId: request.slackUser.userId, menu: request.menu };
  const task = deps.pendingWork.track(search());
  const outcome = await settleWithin(task, budgetMs);

  if (outcome.status === 'fulfilled') return outcome.value;
  if (outcome.status === 'timeout') {
    deps.logger.info({ ...logFields, budgetMs }, 'Bitbucket was too slow for a select menu; sent a hint and kept loading');
    task.catch((error: unknown) => deps.logger.warn({ ...logFields, err: error }, 'loading a select menu in the background failed'));
    return [buildHintOption(SLOW_BITBUCKET_HINT)];
  }

  const hint = describeOptionsError(outcome.error);
  deps.logger[hint.logLevel]({ ...logFields, err: outcome.error }, 'could not load a select menu');
  return [buildHintOption(hint.text)];
}

/** Returns the hint for a failed menu search, in at most 75 characters, and how to log the error. */
function describeOptionsError(error: unknown): { text: string; logLevel: 'info' | 'warn' | 'error' } {
  if (error instanceof NotConnectedError) return { text: 'Connect Bitbucket first: /bitbucket connect', logLevel: 'info' };
  if (error instanceof ConnectionBrokenError) return { text: 'Reconnect Bitbucket: /bitbucket connect', logLevel: 'info' };
  if (error instanceof IssueTrackerUnavailableError) {
    return { text: 'Issues are unavailable in this repository', logLevel: 'info' };
  }
  if (error instanceof BitbucketNotFoundError) return { text: 'Not found on Bitbucket, or you lack access', logLevel: 'info' };
  if (error instanceof BitbucketForbiddenError) return { text: 'Bitbucket denied access to this list', logLevel: 'info' };
  if (error instanceof BitbucketRateLimitedError) {
    return { text: "Bitbucket's rate limit is used up. Try again later", logLevel: 'warn' };
  }
  return { text: 'Could not load the list from Bitbucket. Try again', logLevel: error instanceof BitbucketError ? 'warn' : 'error' };
}
