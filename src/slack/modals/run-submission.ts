import type { types, ViewResponseAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';

import type { SlackUserRef } from '../../connections/keys.js';
import type { SlackMessage } from '../render/blocks.js';
import { buildErrorReply } from '../replies/reply-with-error.js';
import type { SlackDependencies } from '../slack-dependencies.js';
import { claimSubmission } from './claim-submission.js';
import type { FormFeedback } from './modal-blocks.js';
import { settleWithin } from './settle-within.js';

/**
 * How long a view submission waits for Bitbucket before it responds to Slack. Slack needs the
 * response to a view_submission within 3 seconds; the rest is left for the store and the network.
 */
export const SUBMISSION_BUDGET_MS = 2_000;

/** One submitted form: the change to make in Bitbucket and how to show each outcome. */
export interface Submission<T> {
  deps: SlackDependencies;
  ack: (response?: ViewResponseAction) => Promise<void>;
  client: WebClient;
  /** Id of the submitted view; a late result replaces it with views.update. */
  viewId: string;
  slackUser: SlackUserRef;
  /** Name of the user's task for log lines, e.g. "pull request form". */
  operation: string;
  /** `performance.now()` when the request arrived; the budget counts from there. */
  startedAt: number;
  budgetMs?: number;
  /** Makes the change in Bitbucket. */
  send(): Promise<T>;
  /** Maps an input error to `{ block_id: message }`; undefined for errors that are not about a field. */
  mapFieldErrors(error: unknown): Record<string, string> | undefined;
  /** View shown while Bitbucket is still working. */
  workingView: types.ModalView;
  /** View shown when the change was made after Slack got the form's response. */
  buildDoneView(result: T): types.ModalView;
  /** The form again, with what the user entered and the problems Bitbucket reported. */
  buildRetryView(feedback: FormFeedback): types.ModalView;
  /** View pushed over the form for an error that is not about one field. */
  buildErrorView(message: SlackMessage): types.ModalView;
  /** Announces the change where the form was opened. */
  announce(result: T): Promise<void>;
}

/**
 * Makes the change and responds to the view_submission within the budget. A view submitted twice
 * sends its change once (see claimSubmission); the second submission closes the modal or shows
 * the working view. Otherwise:
 * - done in time: the modal closes and the change is announced;
 * - rejected for a field: the errors show under the fields and the modal stays open as typed;
 * - failed otherwise: an error view is pushed over the form, so Back returns to it;
 * - not done in time: the form becomes a "working" view, and views.update later shows the result,
 *   or the form again with the problems, because a late result cannot use `response_action`.
 */
export async function runSubmission<T>(submission: Submission<T>): Promise<void> {
  const { deps } = submission;
  const budgetMs = submission.budgetMs ?? SUBMISSION_BUDGET_MS;
  const claim = await claimSubmission(deps, submission.viewId, submission.slackUser, budgetMs - (performance.now() - submission.startedAt));
  if (claim.status === 'done') {
    // An earlier submission of this view made the change and announced it, so the modal just closes.
    await submission.ack();
    return;
  }
  if (claim.status === 'busy') {
    // The earlier submission replaces this view with its result when Bitbucket responds.
    await submission.ack({ response_action: 'update', view: submission.workingView });
    return;
  }

  const task = deps.pendingWork.track(sendClaimed(submission, claim));
  const outcome = await settleWithin(task, budgetMs - (performance.now() - submission.startedAt));

  if (outcome.status === 'fulfilled') {
    await submission.ack();
    await deps.pendingWork.track(announceSafely(submission, outcome.value));
    return;
  }
  if (outcome.status === 'rejected') {
    await respondToFailure(submission, outcome.error);
    return;
  }

  await submission.ack({ response_action: 'update', view: submission.workingView });
  await deps.pendingWork.track(finishLate(submission, task));
}

/** Sends the change, marks the view as submitted once it was made, and then lets the next submission of the view go ahead. */
async function sendClaimed<T>(submission: Submission<T>, claim: { markDone(): Promise<void>; release(): Promise<void> }): Promise<T> {
  try {
    const result = await submission.send();
    await claim.markDone();
    return result;
  } finally {
    await claim.release();
  }
}

async function respondToFailure<T>(submission: Submission<T>, error: unknown): Promise<void> {
  const fieldErrors = submission.mapFieldErrors(error);
  if (fieldErrors !== undefined) {
    logFieldErrors(submission, error);
    await submission.ack({ response_action: 'errors', errors: fieldErrors });
    return;
  }
  const reply = await buildErrorReply(error, { slackUser: submission.slackUser, operation: submission.operation }, submission.deps);
  await submission.ack({ response_action: 'push', view: submission.buildErrorView(reply) });
}

async function finishLate<T>(submission: Submission<T>, task: Promise<T>): Promise<void> {
  let result: T;
  try {
    result = await task;
  } catch (error) {
    const fieldErrors = submission.mapFieldErrors(error);
    let feedback: FormFeedback;
    if (fieldErrors !== undefined) {
      logFieldErrors(submission, error);
      feedback = { fieldErrors };
    } else {
      const reply = await buildErrorReply(error, { slackUser: submission.slackUser, operation: submission.operation }, submission.deps);
      feedback = { notice: reply.blocks };
    }
    await updateView(submission, submission.buildRetryView(feedback));
    return;
  }

  await updateView(submission, submission.buildDoneView(result));
  await announceSafely(submission, result);
}

async function updateView<T>(submission: Submission<T>, view: types.ModalView): Promise<void> {
  try {
    await submission.client.views.update({ view_id: submission.viewId, view });
  } catch (error) {
    // The user may have closed the modal; the announcement still reports a made change.
    submission.deps.logger.warn(
      { err: error, slackUserId: submission.slackUser.userId, operation: submission.operation },
      'could not show the late result of a form',
    );
  }
}

async function announceSafely<T>(submission: Submission<T>, result: T): Promise<void> {
  try {
    await submission.announce(result);
  } catch (error) {
    submission.deps.logger.error(
      { err: error, slackTeamId: submission.slackUser.teamId, slackUserId: submission.slackUser.userId, operation: submission.operation },
      'could not announce the result of a form; the change itself was made',
    );
  }
}

function logFieldErrors<T>(submission: Submission<T>, error: unknown): void {
  submission.deps.logger.info(
    { err: error, slackTeamId: submission.slackUser.teamId, slackUserId: submission.slackUser.userId, operation: submission.operation },
    'Bitbucket rejected a form field',
  );
}
