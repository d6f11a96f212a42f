import type { ViewResponseAction, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';

import { createRepository, type RepositoryCreation } from '../../../bitbucket/repositories.js';
import type { Repository } from '../../../bitbucket/types.js';
import type { SlackUserRef } from '../../../connections/keys.js';
import { BLOCK_IDS, VIEW_IDS } from '../../ids.js';
import { announceInOrigin } from '../../messages/announce-in-origin.js';
import { mapFieldErrors } from '../../render/map-field-errors.js';
import { renderRepositoryCreated } from '../../render/render-created.js';
import type { SlackDependencies } from '../../slack-dependencies.js';
import { createModalContextId, trySaveModalContext, type ModalOrigin } from '../modal-context.js';
import { createChoiceNow, readChoiceValue } from '../option-choice.js';
import { runSubmission } from '../run-submission.js';
import { showFormFailure, type OpenView } from '../show-form-failure.js';
import { buildMessageView, buildWorkingView } from '../status-views.js';
import { describeChoiceProblem, loadSubmissionContext } from '../submission-context.js';
import { buildRepositoryModal, FORK_POLICIES, readRepositoryForm, type ForkPolicy, type RepositoryForm } from './repository-form.js';
import { checkRepositorySlug, deriveRepositorySlug } from './repository-slug.js';

const TITLE = 'Create a repository';

interface RepositoryRequest {
  slackUser: SlackUserRef;
  origin: ModalOrigin;
  /** From `/bitbucket repo create <workspace>/<slug>`. */
  prefill?: { workspace?: string; repoSlug?: string };
}

/** Opens the repository modal at once with what was typed, then checks that the user can use Bitbucket. */
export async function openRepositoryModal(deps: SlackDependencies, client: WebClient, request: RepositoryRequest & { triggerId: string }): Promise<void> {
  const contextId = createModalContextId();
  const form = buildPrefilledForm(request.prefill);
  const opened = await client.views.open({
    trigger_id: request.triggerId,
    view: buildRepositoryModal({ contextId, form, askForChannel: request.origin.channelId === undefined }),
  });
  await prepareForm(deps, client, { ...request, contextId, form, viewId: opened.view?.id ?? '', hash: opened.view?.hash });
}

/** Replaces an open view, such as the global shortcut's menu, with the repository form. */
export async function showRepositoryForm(deps: SlackDependencies, client: WebClient, request: RepositoryRequest & OpenView): Promise<void> {
  const contextId = createModalContextId();
  const form = buildPrefilledForm(request.prefill);
  const view = buildRepositoryModal({ contextId, form, askForChannel: request.origin.channelId === undefined });
  const updated = await client.views.update({ view_id: request.viewId, view, ...(request.hash === undefined ? {} : { hash: request.hash }) });
  await prepareForm(deps, client, { ...request, contextId, form, viewId: request.viewId, hash: updated.view?.hash });
}

function buildPrefilledForm(prefill: RepositoryRequest['prefill']): RepositoryForm {
  const form: RepositoryForm = { isPrivate: true };
  const workspace = createChoiceNow(prefill?.workspace);
  if (workspace !== undefined) form.workspace = workspace;
  if (prefill?.repoSlug !== undefined) {
    form.name = prefill.repoSlug;
    form.slug = prefill.repoSlug;
  }
  return form;
}

async function prepareForm(
  deps: SlackDependencies,
  client: WebClient,
  request: RepositoryRequest & OpenView & { contextId: string; form: RepositoryForm },
): Promise<void> {
  await trySaveModalContext(deps.store, deps.logger, request.contextId, {
    form: 'repository',
    requester: request.slackUser,
    origin: request.origin,
    createdAt: deps.now(),
  });
  try {
    await deps.connections.getTokenSource(request.slackUser);
  } catch (error) {
    const target = { ...request, operation: 'repository form', callbackId: VIEW_IDS.repository, title: TITLE };
    await showFormFailure(deps, client, target, error, (notice) =>
      buildRepositoryModal({ contextId: request.contextId, form: request.form, askForChannel: request.origin.channelId === undefined, feedback: { notice } }),
    );
  }
}

/** The checked input of a repository form. */
interface RepositoryInput {
  workspace: string;
  slug: string;
  body: RepositoryCreation;
}

/**
 * Handles a submitted repository form. The slug (typed, or derived from the name) is checked
 * against Bitbucket's rules before anything is sent; Bitbucket's refusals come back under the
 * field they concern.
 */
export async function submitRepository(options: {
  deps: SlackDependencies;
  body: ViewSubmitAction;
  ack: (response?: ViewResponseAction) => Promise<void>;
  client: WebClient;
  startedAt: number;
}): Promise<void> {
  const { deps, body } = options;
  const ids = BLOCK_IDS.repository;
  const submission = await loadSubmissionContext(deps, body);
  const form = readRepositoryForm(body.view.state.values);
  const checked = await checkRepositoryForm(deps, form);
  if (!checked.ok) {
    await options.ack({ response_action: 'errors', errors: checked.errors });
    return;
  }
  const { input } = checked;

  let viaSharedToken = false;
  const render = (repository: Repository, actorUserId?: string) =>
    renderRepositoryCreated({ repository, viaSharedToken, ...(actorUserId === undefined ? {} : { actorUserId }) });

  await runSubmission<Repository>({
    deps,
    ack: options.ack,
    client: options.client,
    viewId: body.view.id,
    slackUser: submission.slackUser,
    operation: `repository form for ${input.workspace}/${input.slug}`,
    startedAt: options.startedAt,
    send: async () => {
      const source = await deps.connections.getTokenSource(submission.slackUser);
      viaSharedToken = source.via === 'shared';
      return createRepository(deps.bitbucket, source.tokens, input.workspace, input.slug, input.body);
    },
    mapFieldErrors: (error) =>
      mapFieldErrors(error, {
        blockIdByField: {
          workspace: ids.workspace,
          name: ids.name,
          slug: ids.slug,
          repo_slug: ids.slug,
          project: ids.projectKey,
          is_private: ids.isPrivate,
          fork_policy: ids.forkPolicy,
          language: ids.language,
          description: ids.description,
        },
        // Bitbucket rejects a workspace the user may not create repositories in without naming a field.
        defaultBlockId: ids.workspace,
      }),
    workingView: buildWorkingView({ callbackId: VIEW_IDS.repository, title: TITLE, contextId: submission.contextId, text: `Creating ${input.workspace}/${input.slug}…` }),
    buildDoneView: (repository) => buildMessageView({ callbackId: VIEW_IDS.repository, title: TITLE, contextId: submission.contextId, message: render(repository) }),
    buildRetryView: (feedback) =>
      buildRepositoryModal({ contextId: submission.contextId, form, askForChannel: submission.context !== undefined && submission.origin.channelId === undefined, feedback }),
    buildErrorView: (message) => buildMessageView({ callbackId: VIEW_IDS.repository, title: TITLE, contextId: submission.contextId, message, close: 'Back' }),
    announce: async (repository) => {
      await announceInOrigin(deps, options.client, { requester: submission.slackUser, ...submission }, render(repository, submission.slackUser.userId));
    },
  });
}

async function checkRepositoryForm(
  deps: SlackDependencies,
  form: RepositoryForm,
): Promise<{ ok: true; input: RepositoryInput } | { ok: false; errors: Record<string, string> }> {
  const ids = BLOCK_IDS.repository;
  const errors: Record<string, string> = {};

  const workspaceChoice = await readChoiceValue(deps.store, form.workspace);
  const workspaceProblem = describeChoiceProblem(workspaceChoice, 'workspace');
  if (workspaceProblem !== undefined) errors[ids.workspace] = workspaceProblem;

  const name = form.name?.trim() ?? '';
  if (name === '') errors[ids.name] = 'Enter a name.';

  const typedSlug = form.slug?.trim() ?? '';
  const slug = typedSlug === '' ? deriveRepositorySlug(name) : typedSlug;
  if (name !== '' || typedSlug !== '') {
    const slugProblem =
      typedSlug === '' && slug === '' ? 'The name has no letters or digits to make a slug from. Enter a slug.' : checkRepositorySlug(slug);
    if (slugProblem !== undefined) errors[ids.slug] = slugProblem;
  }

  const forkPolicy = FORK_POLICIES.find((policy) => policy.value === form.forkPolicy)?.value ?? ('allow_forks' satisfies ForkPolicy);
  if (Object.keys(errors).length > 0 || !workspaceChoice.ok) return { ok: false, errors };

  const body: RepositoryCreation = { scm: 'git', name, is_private: form.isPrivate, fork_policy: forkPolicy };
  const description = form.description?.trim() ?? '';
  if (description !== '') body.description = description;
  if (form.language !== undefined && form.language !== '') body.language = form.language.toLowerCase();
  if (form.projectKey !== undefined && form.projectKey !== '') body.project = { key: form.projectKey };
  return { ok: true, input: { workspace: workspaceChoice.value, slug, body } };
}
