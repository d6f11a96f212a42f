import type { types, ViewResponseAction, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';

import type { SlackUserRef } from '../../../connections/keys.js';
import { runUserAction, type UserActionResult } from '../../commands/run-user-action.js';
import { BLOCK_IDS, VIEW_IDS } from '../../ids.js';
import { announceInOrigin } from '../../messages/announce-in-origin.js';
import { buildSection } from '../../render/blocks.js';
import { escapeMrkdwn } from '../../render/mrkdwn.js';
import { renderRepositoryDeleted } from '../../render/render-deleted.js';
import type { SlackDependencies } from '../../slack-dependencies.js';
import { buildModal, buildTextInput, type FormFeedback } from '../modal-blocks.js';
import { createModalContextId, trySaveModalContext, type ModalOrigin, type RepositoryName } from '../modal-context.js';
import { runSubmission } from '../run-submission.js';
import { needsConnection, showFormFailure } from '../show-form-failure.js';
import { buildLoadingView, buildMessageView, buildWorkingView } from '../status-views.js';
import { loadSubmissionContext } from '../submission-context.js';
import { readText } from '../view-state.js';

const TITLE = 'Delete repository';

/** Builds the modal where the user types the repository's full name to confirm its deletion. */
export function buildDeleteRepositoryModal(options: {
  contextId: string;
  repository: RepositoryName;
  typedName?: string;
  feedback?: FormFeedback;
}): types.ModalView {
  const fullName = `${options.repository.workspace}/${options.repository.repoSlug}`;
  return buildModal({
    callbackId: VIEW_IDS.deleteRepository,
    title: TITLE,
    submit: 'Delete',
    contextId: options.contextId,
    blocks: [
      buildSection(
        `:warning: This deletes *${escapeMrkdwn(fullName)}* for good: its code, branches, pull requests and settings. ` +
          'It cannot be undone. Forks of it are kept.',
      ),
      buildTextInput({
        blockId: BLOCK_IDS.deleteRepository.confirmName,
        label: `Type ${fullName} to confirm`,
        initialValue: options.typedName,
        maxLength: 300,
        placeholder: fullName,
      }),
    ],
    ...(options.feedback === undefined ? {} : { feedback: options.feedback }),
  });
}

/**
 * Opens the confirmation modal for `/bitbucket repo delete`. The repository and the requester are
 * kept in the modal's context, so only the form's own submission, by the requester, deletes it.
 * A user without a usable connection gets the Connect prompt in the modal instead, before they
 * type the name. Other errors of the connection check go to the caller.
 */
export async function openDeleteRepositoryModal(
  deps: SlackDependencies,
  client: WebClient,
  request: { triggerId: string; slackUser: SlackUserRef; origin: ModalOrigin; repository: RepositoryName },
): Promise<void> {
  const contextId = createModalContextId();
  // The check reads only the store and calls no Bitbucket API, because the trigger expires 3 seconds after the command.
  const connectionError = await checkConnection(deps, request.slackUser);
  if (connectionError !== undefined) {
    await showConnectPrompt(deps, client, { ...request, contextId }, connectionError);
    return;
  }

  await client.views.open({ trigger_id: request.triggerId, view: buildDeleteRepositoryModal({ contextId, repository: request.repository }) });
  await trySaveModalContext(deps.store, deps.logger, contextId, {
    form: 'delete-repository',
    requester: request.slackUser,
    origin: request.origin,
    repository: request.repository,
    createdAt: deps.now(),
  });
}

/** Returns the error that leaves the user without a usable connection, or undefined when they have one. */
async function checkConnection(deps: SlackDependencies, slackUser: SlackUserRef): Promise<unknown> {
  try {
    await deps.connections.getTokenSource(slackUser);
    return undefined;
  } catch (error) {
    if (needsConnection(error)) return error;
    throw error;
  }
}

/** Opens a loading view at once, then replaces it with the Connect prompt for `error`. */
async function showConnectPrompt(
  deps: SlackDependencies,
  client: WebClient,
  request: { triggerId: string; slackUser: SlackUserRef; origin: ModalOrigin; repository: RepositoryName; contextId: string },
  error: unknown,
): Promise<void> {
  const view = { callbackId: VIEW_IDS.deleteRepository, title: TITLE, contextId: request.contextId };
  const opened = await client.views.open({ trigger_id: request.triggerId, view: buildLoadingView({ ...view, text: 'Preparing the link to connect Bitbucket…' }) });
  const target = {
    ...view,
    slackUser: request.slackUser,
    origin: request.origin,
    operation: 'repository deletion form',
    viewId: opened.view?.id ?? '',
    hash: opened.view?.hash,
  };
  await showFormFailure(deps, client, target, error, (notice) =>
    buildDeleteRepositoryModal({ contextId: request.contextId, repository: request.repository, feedback: { notice } }),
  );
}

/**
 * Handles the confirmation. The repository is deleted only when the requester typed its full name
 * exactly. Anything else is an error under the field, and nothing is sent.
 */
export async function submitDeleteRepository(options: {
  deps: SlackDependencies;
  body: ViewSubmitAction;
  ack: (response?: ViewResponseAction) => Promise<void>;
  client: WebClient;
  startedAt: number;
}): Promise<void> {
  const { deps, body } = options;
  const blockId = BLOCK_IDS.deleteRepository.confirmName;
  const submission = await loadSubmissionContext(deps, body);
  const repository = submission.context?.repository;
  const typed = readText(body.view.state.values, blockId);

  if (submission.otherRequester !== undefined) {
    await options.ack({ response_action: 'errors', errors: { [blockId]: 'Only the person who asked to delete this repository can confirm it.' } });
    return;
  }
  if (submission.context === undefined || repository === undefined) {
    await options.ack({ response_action: 'errors', errors: { [blockId]: 'This confirmation is too old. Run /bitbucket repo delete again.' } });
    return;
  }
  const fullName = `${repository.workspace}/${repository.repoSlug}`;
  if (typed !== fullName) {
    await options.ack({ response_action: 'errors', errors: { [blockId]: `Type ${fullName} exactly to delete it, or press Cancel.` } });
    return;
  }

  const render = (result: UserActionResult<undefined>, actorUserId?: string) =>
    renderRepositoryDeleted({ ...repository, viaSharedToken: result.viaSharedToken, ...(actorUserId === undefined ? {} : { actorUserId }) });

  await runSubmission<UserActionResult<undefined>>({
    deps,
    ack: options.ack,
    client: options.client,
    viewId: body.view.id,
    slackUser: submission.slackUser,
    operation: `repository deletion of ${fullName}`,
    startedAt: options.startedAt,
    send: () =>
      runUserAction<undefined>(deps, submission.slackUser, 'BITBUCKET_DELETE_REPOSITORY', { workspace: repository.workspace, repo_slug: repository.repoSlug }),
    // Every refusal (no admin access, not found) is about the repository, not the typed name.
    mapFieldErrors: () => undefined,
    workingView: buildWorkingView({ callbackId: VIEW_IDS.deleteRepository, title: TITLE, contextId: submission.contextId, text: `Deleting ${fullName}…` }),
    buildDoneView: (result) => buildMessageView({ callbackId: VIEW_IDS.deleteRepository, title: TITLE, contextId: submission.contextId, message: render(result) }),
    buildRetryView: (feedback) => buildDeleteRepositoryModal({ contextId: submission.contextId, repository, typedName: typed, feedback }),
    buildErrorView: (message) => buildMessageView({ callbackId: VIEW_IDS.deleteRepository, title: TITLE, contextId: submission.contextId, message, close: 'Back' }),
    announce: async (result) => {
      await announceInOrigin(deps, options.client, { requester: submission.slackUser, ...submission }, render(result, submission.slackUser.userId));
    },
  });
}
