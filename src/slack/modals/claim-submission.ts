import { submissionLockKey, submittedViewKey, type SlackUserRef } from '../../connections/keys.js';
import type { SlackDependencies } from '../slack-dependencies.js';

/**
 * How long one submission may hold its view's lock: a few Bitbucket requests at the longest
 * configurable timeout (120 s). The lock is released as soon as the submission settles.
 */
export const SUBMISSION_LOCK_TTL_MS = 5 * 60 * 1000;

/** How long a view whose change was made stays marked, so a repeated submission sends nothing. */
export const SUBMITTED_VIEW_TTL_MS = 60 * 60 * 1000;

/**
 * The outcome of claiming a view's submission:
 * - `claimed`: this submission sends the change; call `markDone` after it was made and `release` when it settles;
 * - `done`: an earlier submission of the view made the change;
 * - `busy`: an earlier submission is still waiting for Bitbucket and will show its result in the view.
 */
export type SubmissionClaim =
  | { status: 'claimed'; markDone(): Promise<void>; release(): Promise<void> }
  | { status: 'done' }
  | { status: 'busy' };

/**
 * Claims the submission of view `viewId`, waiting up to `waitMs` for an earlier submission of the
 * same view (a second press of Submit after Slack timed out, or a request served by another
 * process). Only one submission of a view sends its change to Bitbucket. When the store fails,
 * the submission goes ahead unguarded, as it would without a store, and the failure is logged.
 */
export async function claimSubmission(deps: SlackDependencies, viewId: string, slackUser: SlackUserRef, waitMs: number): Promise<SubmissionClaim> {
  const logFields = { slackTeamId: slackUser.teamId, slackUserId: slackUser.userId, viewId };
  const unguarded: SubmissionClaim = { status: 'claimed', markDone: async () => undefined, release: async () => undefined };

  let release: (() => Promise<void>) | null;
  try {
    release = await deps.store.acquireLock(submissionLockKey(viewId), SUBMISSION_LOCK_TTL_MS, Math.max(waitMs, 0));
    if (release === null) return { status: 'busy' };
    if ((await deps.store.get<boolean>(submittedViewKey(viewId))) === true) {
      // An unreleased lock expires by itself, and the view needs no further submission.
      await release().catch(() => undefined);
      return { status: 'done' };
    }
  } catch (error) {
    deps.logger.warn({ ...logFields, err: error }, 'could not claim a form submission; sending it without the guard against a repeated submission');
    return unguarded;
  }

  const releaseLock = release;
  return {
    status: 'claimed',
    async markDone() {
      try {
        await deps.store.set(submittedViewKey(viewId), true, SUBMITTED_VIEW_TTL_MS);
      } catch (error) {
        deps.logger.warn({ ...logFields, err: error }, 'could not mark a form submission as made');
      }
    },
    async release() {
      try {
        await releaseLock();
      } catch (error) {
        deps.logger.warn({ ...logFields, err: error }, 'could not release the lock of a form submission; it expires by itself');
      }
    },
  };
}
