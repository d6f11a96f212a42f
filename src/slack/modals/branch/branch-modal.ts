import type { types, ViewResponseAction, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';

import { BitbucketInputError, BitbucketNotFoundError, BitbucketRefNotFoundError } from '../../../bitbucket/errors.js';
import { resolveRef } from '../../../bitbucket/resolve-ref.js';
import type { Branch } from '../../../bitbucket/types.js';
import type { SlackUserRef } from '../../../connections/keys.js';
import { openUserConnection, runUserAction } from '../../commands/run-user-action.js';
import { ACTION_IDS, BLOCK_IDS, VIEW_IDS } from '../../ids.js';
import { announceInOrigin } from '../../messages/announce-in-origin.js';
import { mapFieldErrors } from '../../render/map-field-errors.js';
import { renderBranchCreated } from '../../render/render-created.js';
import type { SlackDependencies } from '../../slack-dependencies.js';
import {
  buildAnnounceChannelInput,
  buildExternalSelectInput,
  buildModal,
  buildOption,
  buildTextInput,
  type FormFeedback,
} from '../modal-blocks.js';
import { createModalContextId, trySaveModalContext, type ModalOrigin } from '../modal-context.js';
import { parseRepositoryValue, readChoiceValue, type OptionChoice } from '../option-choice.js';
import { runSubmission } from '../run-submission.js';
import { showFormFailure, type OpenView } from '../show-form-failure.js';
import { buildMessageView, buildWorkingView } from '../status-views.js';
import { describeChoiceProblem, loadSubmissionContext } from '../submission-context.js';
import { readSelectedOption, readText, type ViewStateValues } from '../view-state.js';

const TITLE = 'Create a branch';

/** Values of the branch form: what it shows, or what the user entered. */
export interface BranchForm {
  repository?: OptionChoice;
  name?: string;
  /** Branch, tag or commit to start from; empty for the main branch. */
  start?: string;
}

/** Builds the branch modal. */
export function buildBranchModal(options: { contextId: string; form: BranchForm; askForChannel: boolean; feedback?: FormFeedback }): types.ModalView {
  const { form } = options;
  const ids = BLOCK_IDS.branch;
  const blocks: types.KnownBlock[] = [
    buildExternalSelectInput({
      blockId: ids.repository,
      actionId: ACTION_IDS.repositorySelect,
      label: 'Repository',
      placeholder: 'Type workspace/repository',
      initialOption: form.repository === undefined ? undefined : buildOption(form.repository.text, form.repository.value),
    }),
    buildTextInput({ blockId: ids.name, label: 'Branch name', initialValue: form.name, maxLength: 255, placeholder: 'feature/login-page' }),
    buildTextInput({
      blockId: ids.target,
      label: 'Start from',
      initialValue: form.start,
      maxLength: 255,
      optional: true,
      placeholder: 'main, v1.4.0 or a commit hash',
      hint: 'A branch, tag or commit. Leave empty to start from the main branch.',
    }),
  ];
  if (options.askForChannel) blocks.push(buildAnnounceChannelInput());

  return buildModal({
    callbackId: VIEW_IDS.branch,
    title: TITLE,
    submit: 'Create',
    blocks,
    contextId: options.contextId,
    ...(options.feedback === undefined ? {} : { feedback: options.feedback }),
  });
}

/** Reads the form from a view's state. */
export function readBranchForm(values: ViewStateValues): BranchForm {
  const ids = BLOCK_IDS.branch;
  const form: BranchForm = { name: readText(values, ids.name), start: readText(values, ids.target) };
  const repository = readSelectedOption(values, ids.repository);
  if (repository !== undefined) form.repository = repository;
  return form;
}

/** Replaces an open view, such as the global shortcut's menu, with the branch form. */
export async function showBranchForm(
  deps: SlackDependencies,
  client: WebClient,
  request: OpenView & { slackUser: SlackUserRef; origin: ModalOrigin },
): Promise<void> {
  const contextId = createModalContextId();
  const askForChannel = request.origin.channelId === undefined;
  const updated = await client.views.update({
    view_id: request.viewId,
    view: buildBranchModal({ contextId, form: {}, askForChannel }),
    ...(request.hash === undefined ? {} : { hash: request.hash }),
  });
  await trySaveModalContext(deps.store, deps.logger, contextId, { form: 'branch', requester: request.slackUser, origin: request.origin, createdAt: deps.now() });

  try {
    await deps.connections.getTokenSource(request.slackUser);
  } catch (error) {
    const target = { ...request, contextId, hash: updated.view?.hash, operation: 'branch form', callbackId: VIEW_IDS.branch, title: TITLE };
    await showFormFailure(deps, client, target, error, (notice) => buildBranchModal({ contextId, form: {}, askForChannel, feedback: { notice } }));
  }
}

/**
 * Handles a submitted branch form: resolves the starting point (branch, tag or commit) to its
 * full hash, creates the branch and announces it. An unknown starting point or an invalid name
 * comes back under its field.
 */
export async function submitBranch(options: {
  deps: SlackDependencies;
  body: ViewSubmitAction;
  ack: (response?: ViewResponseAction) => Promise<void>;
  client: WebClient;
  startedAt: number;
}): Promise<void> {
  const { deps, body } = options;
  const ids = BLOCK_IDS.branch;
  const submission = await loadSubmissionContext(deps, body);
  const form = readBranchForm(body.view.state.values);
  const errors: Record<string, string> = {};

  const repositoryChoice = await readChoiceValue(deps.store, form.repository);
  const repository = repositoryChoice.ok ? parseRepositoryValue(repositoryChoice.value) : undefined;
  if (repository === undefined) errors[ids.repository] = describeChoiceProblem(repositoryChoice, 'repository') ?? 'Pick a repository from the list.';
  const name = form.name ?? '';
  if (name === '') errors[ids.name] = 'Enter a branch name.';
  if (Object.keys(errors).length > 0 || repository === undefined) {
    await options.ack({ response_action: 'errors', errors });
    return;
  }
  const start = form.start === undefined || form.start === '' ? undefined : form.start;

  interface Created {
    branch: Branch;
    from: string;
    viaSharedToken: boolean;
  }
  const render = (created: Created, actorUserId?: string) =>
    renderBranchCreated({
      workspace: repository.workspace,
      repoSlug: repository.repoSlug,
      branch: created.branch,
      from: created.from,
      viaSharedToken: created.viaSharedToken,
      ...(actorUserId === undefined ? {} : { actorUserId }),
    });

  await runSubmission<Created>({
    deps,
    ack: options.ack,
    client: options.client,
    viewId: body.view.id,
    slackUser: submission.slackUser,
    operation: `branch form for ${repository.workspace}/${repository.repoSlug}`,
    startedAt: options.startedAt,
    send: async () => {
      const user = await openUserConnection(deps, submission.slackUser);
      const resolved = await resolveRef(user.connection.client, user.connection.tokens, repository.workspace, repository.repoSlug, start);
      const { data: branch } = await runUserAction<Branch>(
        deps,
        submission.slackUser,
        'BITBUCKET_CREATE_BRANCH',
        { workspace: repository.workspace, repo_slug: repository.repoSlug, name, target_hash: resolved.hash },
        user,
      );
      return { branch, from: resolved.name, viaSharedToken: user.viaSharedToken };
    },
    mapFieldErrors: (error) => {
      if (error instanceof BitbucketRefNotFoundError) return { [ids.target]: error.message };
      // Only the starting point goes into a URL path; a name such as ".." cannot be one of its segments.
      if (error instanceof BitbucketInputError && error.parameter === 'path') return { [ids.target]: `"${start ?? ''}" is not a branch, tag or commit name.` };
      if (error instanceof BitbucketNotFoundError) return { [ids.repository]: error.message };
      return mapFieldErrors(error, {
        blockIdByField: { name: ids.name, target: ids.target, target_hash: ids.target, workspace: ids.repository, repo_slug: ids.repository },
        defaultBlockId: ids.name,
      });
    },
    workingView: buildWorkingView({ callbackId: VIEW_IDS.branch, title: TITLE, contextId: submission.contextId, text: `Creating ${name}…` }),
    buildDoneView: (created) => buildMessageView({ callbackId: VIEW_IDS.branch, title: TITLE, contextId: submission.contextId, message: render(created) }),
    buildRetryView: (feedback) =>
      buildBranchModal({ contextId: submission.contextId, form, askForChannel: submission.context !== undefined && submission.origin.channelId === undefined, feedback }),
    buildErrorView: (message) => buildMessageView({ callbackId: VIEW_IDS.branch, title: TITLE, contextId: submission.contextId, message, close: 'Back' }),
    announce: async (created) => {
      await announceInOrigin(deps, options.client, { requester: submission.slackUser, ...submission }, render(created, submission.slackUser.userId));
    },
  });
}
