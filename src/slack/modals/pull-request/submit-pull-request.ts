import type { ViewResponseAction, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';

import type { PullRequest } from '../../../bitbucket/types.js';
import { runUserAction, type UserActionResult } from '../../commands/run-user-action.js';
import { VIEW_IDS } from '../../ids.js';
import { announceInOrigin } from '../../messages/announce-in-origin.js';
import { mapFieldErrors } from '../../render/map-field-errors.js';
import { renderPullRequestCreated } from '../../render/render-created.js';
import type { SlackDependencies } from '../../slack-dependencies.js';
import type { ModalContext } from '../modal-context.js';
import { parseRepositoryValue, readChoiceValue } from '../option-choice.js';
import { runSubmission } from '../run-submission.js';
import { buildMessageView, buildWorkingView } from '../status-views.js';
import { describeChoiceProblem, loadSubmissionContext } from '../submission-context.js';
import { matchViewBlockIds } from '../view-state.js';
import { buildPullRequestModal, listPullRequestBlockIds, PULL_REQUEST_MODAL_TITLE, readPullRequestForm } from './pull-request-form.js';

/** The checked input of a pull request form, ready for BITBUCKET_CREATE_PULL_REQUEST. */
interface PullRequestInput {
  workspace: string;
  repoSlug: string;
  title: string;
  source: string;
  destination?: string;
  description?: string;
  reviewers: string[];
  closeSourceBranch: boolean;
}

/**
 * Handles a submitted pull request form. Problems the app can see (no repository, no source, the
 * same branch on both sides, an empty title) come back under their fields and nothing is sent;
 * Bitbucket's own refusals come back under the field they concern. See runSubmission for a slow
 * Bitbucket.
 */
export async function submitPullRequest(options: {
  deps: SlackDependencies;
  body: ViewSubmitAction;
  ack: (response?: ViewResponseAction) => Promise<void>;
  client: WebClient;
  startedAt: number;
}): Promise<void> {
  const { deps, body } = options;
  const submission = await loadSubmissionContext(deps, body);
  const form = readPullRequestForm(body.view.state.values);
  const blockIds = matchViewBlockIds(listPullRequestBlockIds(form), body.view.blocks);

  const checked = await checkPullRequestForm(deps, form, blockIds, submission.context);
  if (!checked.ok) {
    await options.ack({ response_action: 'errors', errors: checked.errors });
    return;
  }
  const input = checked.input;
  const askForChannel = submission.context !== undefined && submission.origin.channelId === undefined;

  await runSubmission<UserActionResult<PullRequest>>({
    deps,
    ack: options.ack,
    client: options.client,
    viewId: body.view.id,
    slackUser: submission.slackUser,
    operation: `pull request form for ${input.workspace}/${input.repoSlug}`,
    startedAt: options.startedAt,
    send: () =>
      runUserAction<PullRequest>(deps, submission.slackUser, 'BITBUCKET_CREATE_PULL_REQUEST', {
        workspace: input.workspace,
        repo_slug: input.repoSlug,
        title: input.title,
        source_branch: input.source,
        ...(input.destination === undefined ? {} : { destination_branch: input.destination }),
        ...(input.description === undefined ? {} : { description: input.description }),
        ...(input.reviewers.length === 0 ? {} : { reviewers: input.reviewers }),
        close_source_branch: input.closeSourceBranch,
      }),
    mapFieldErrors: (error) =>
      mapFieldErrors(error, {
        blockIdByField: {
          workspace: blockIds.repository,
          repo_slug: blockIds.repository,
          source: blockIds.source,
          source_branch: blockIds.source,
          destination: blockIds.destination,
          destination_branch: blockIds.destination,
          title: blockIds.title,
          description: blockIds.description,
          reviewers: blockIds.reviewers,
          close_source_branch: blockIds.closeSourceBranch,
        },
        // Messages without a field, such as "There are no changes to be pulled", are about the branches.
        defaultBlockId: blockIds.source,
      }),
    workingView: buildWorkingView({
      callbackId: VIEW_IDS.pullRequest,
      title: PULL_REQUEST_MODAL_TITLE,
      contextId: submission.contextId,
      text: `Opening the pull request in ${input.workspace}/${input.repoSlug}…`,
    }),
    buildDoneView: (result) =>
      buildMessageView({ callbackId: VIEW_IDS.pullRequest, title: PULL_REQUEST_MODAL_TITLE, contextId: submission.contextId, message: renderAnnouncement(input, result) }),
    buildRetryView: (feedback) =>
      buildPullRequestModal({
        contextId: submission.contextId,
        form,
        ...(submission.context?.mainBranch === undefined ? {} : { mainBranch: submission.context.mainBranch }),
        askForChannel,
        feedback,
      }),
    buildErrorView: (message) =>
      buildMessageView({ callbackId: VIEW_IDS.pullRequest, title: PULL_REQUEST_MODAL_TITLE, contextId: submission.contextId, message, close: 'Back' }),
    announce: async (result) => {
      const message = renderAnnouncement(input, result, submission.slackUser.userId);
      await announceInOrigin(deps, options.client, { requester: submission.slackUser, ...submission }, message);
    },
  });
}

function renderAnnouncement(input: PullRequestInput, result: UserActionResult<PullRequest>, actorUserId?: string) {
  return renderPullRequestCreated({
    workspace: input.workspace,
    repoSlug: input.repoSlug,
    pullRequest: result.data,
    viaSharedToken: result.viaSharedToken,
    ...(actorUserId === undefined ? {} : { actorUserId }),
  });
}

/** Checks the form without Bitbucket and returns the input, or the errors by block id. */
async function checkPullRequestForm(
  deps: SlackDependencies,
  form: ReturnType<typeof readPullRequestForm>,
  blockIds: ReturnType<typeof listPullRequestBlockIds>,
  context: ModalContext | undefined,
): Promise<{ ok: true; input: PullRequestInput } | { ok: false; errors: Record<string, string> }> {
  const errors: Record<string, string> = {};

  const repositoryChoice = await readChoiceValue(deps.store, form.repository);
  const repository = repositoryChoice.ok ? parseRepositoryValue(repositoryChoice.value) : undefined;
  const repositoryProblem = describeChoiceProblem(repositoryChoice, 'repository');
  if (repositoryProblem !== undefined) errors[blockIds.repository] = repositoryProblem;
  else if (repository === undefined) errors[blockIds.repository] = 'Pick a repository from the list.';

  const sourceChoice = await readChoiceValue(deps.store, form.source);
  const sourceProblem = describeChoiceProblem(sourceChoice, 'source branch');
  if (sourceProblem !== undefined) errors[blockIds.source] = sourceProblem;

  const destinationChoice = form.destination === undefined ? undefined : await readChoiceValue(deps.store, form.destination);
  const destinationProblem = destinationChoice === undefined ? undefined : describeChoiceProblem(destinationChoice, 'destination branch');
  if (destinationProblem !== undefined) errors[blockIds.destination] = destinationProblem;

  const title = form.title?.trim() ?? '';
  if (title === '') errors[blockIds.title] = 'Enter a title.';

  const source = sourceChoice.ok ? sourceChoice.value : undefined;
  const sameRepository =
    repository !== undefined && context?.repository?.workspace === repository.workspace && context.repository.repoSlug === repository.repoSlug;
  const mainBranch = sameRepository ? context?.mainBranch : undefined;
  const destination = destinationChoice?.ok === true ? destinationChoice.value : undefined;
  if (source !== undefined && destination !== undefined && source === destination) {
    errors[blockIds.destination] = 'The destination must be another branch than the source.';
  } else if (source !== undefined && destination === undefined && destinationProblem === undefined && source === mainBranch) {
    errors[blockIds.source] = `${source} is the main branch, where the pull request would merge into. Pick another source or a destination.`;
  }

  const reviewers: string[] = [];
  for (const reviewer of form.reviewers ?? []) {
    const value = await readChoiceValue(deps.store, reviewer);
    if (value.ok) reviewers.push(value.value);
    else errors[blockIds.reviewers] = describeChoiceProblem(value, 'reviewer') ?? '';
  }

  if (Object.keys(errors).length > 0 || repository === undefined || source === undefined) return { ok: false, errors };

  const description = form.description?.trim() ?? '';
  return {
    ok: true,
    input: {
      workspace: repository.workspace,
      repoSlug: repository.repoSlug,
      title,
      source,
      ...(destination === undefined ? {} : { destination }),
      ...(description === '' ? {} : { description }),
      reviewers,
      closeSourceBranch: form.closeSourceBranch === true,
    },
  };
}
