import type { WebClient } from '@slack/web-api';

import { getRepository } from '../../../bitbucket/repositories.js';
import type { SlackUserRef } from '../../../connections/keys.js';
import { VIEW_IDS } from '../../ids.js';
import type { SlackDependencies } from '../../slack-dependencies.js';
import { createModalContextId, trySaveModalContext, type ModalContext, type ModalOrigin, type RepositoryName } from '../modal-context.js';
import { createChoice, createChoiceNow, versionOfChoice } from '../option-choice.js';
import { showFormFailure, updateOpenView, type OpenView } from '../show-form-failure.js';
import { buildPullRequestModal, PULL_REQUEST_MODAL_TITLE, type PullRequestForm } from './pull-request-form.js';
import { suggestPullRequestTitle } from './suggest-pull-request-title.js';

/** Values typed after `/bitbucket pr create`; the repository and both branches are optional. */
export interface PullRequestPrefill {
  repository?: RepositoryName;
  source?: string;
  destination?: string;
}

interface FormRequest {
  slackUser: SlackUserRef;
  origin: ModalOrigin;
  prefill: PullRequestPrefill;
}

/**
 * Opens the pull request modal straight away with what was typed, because the trigger expires 3
 * seconds after Slack sent it. Then it stores the modal's context, reads the repository's main
 * branch and fills in the defaults with views.update.
 */
export async function openPullRequestModal(
  deps: SlackDependencies,
  client: WebClient,
  request: FormRequest & { triggerId: string },
): Promise<void> {
  const contextId = createModalContextId();
  const askForChannel = request.origin.channelId === undefined;
  const view = buildPullRequestModal({ contextId, form: buildImmediateForm(request.prefill), askForChannel });

  const opened = await client.views.open({ trigger_id: request.triggerId, view });
  await prepareForm(deps, client, { ...request, contextId, viewId: opened.view?.id ?? '', hash: opened.view?.hash });
}

/** Replaces an open view, such as the global shortcut's menu, with the pull request form. */
export async function showPullRequestForm(deps: SlackDependencies, client: WebClient, request: FormRequest & OpenView): Promise<void> {
  const contextId = createModalContextId();
  const view = buildPullRequestModal({ contextId, form: buildImmediateForm(request.prefill), askForChannel: request.origin.channelId === undefined });
  const updated = await client.views.update({ view_id: request.viewId, view, ...(request.hash === undefined ? {} : { hash: request.hash }) });
  await prepareForm(deps, client, { ...request, contextId, viewId: request.viewId, hash: updated.view?.hash });
}

/** Builds the form from the typed values alone, without the store or Bitbucket. */
function buildImmediateForm(prefill: PullRequestPrefill): PullRequestForm {
  const repositoryName = prefill.repository === undefined ? undefined : `${prefill.repository.workspace}/${prefill.repository.repoSlug}`;
  const form: PullRequestForm = {
    repository: createChoiceNow(repositoryName),
    source: createChoiceNow(prefill.source),
    destination: createChoiceNow(prefill.destination),
  };
  if (prefill.source !== undefined) form.title = suggestPullRequestTitle(prefill.source);
  return form;
}

async function prepareForm(
  deps: SlackDependencies,
  client: WebClient,
  request: FormRequest & OpenView & { contextId: string },
): Promise<void> {
  const { prefill, slackUser } = request;
  const askForChannel = request.origin.channelId === undefined;
  const context: ModalContext = {
    form: 'pull-request',
    requester: slackUser,
    origin: request.origin,
    createdAt: deps.now(),
    ...(prefill.repository === undefined ? {} : { repository: prefill.repository }),
  };
  const target = { ...request, operation: 'pull request form', callbackId: VIEW_IDS.pullRequest, title: PULL_REQUEST_MODAL_TITLE };

  let form = buildImmediateForm(prefill);
  try {
    const source = await deps.connections.getTokenSource(slackUser);
    if (prefill.repository !== undefined) {
      const repository = await getRepository(deps.bitbucket, source.tokens, prefill.repository.workspace, prefill.repository.repoSlug);
      if (repository.mainbranch?.name !== undefined) context.mainBranch = repository.mainbranch.name;
    }
    form = await buildDefaultForm(deps, prefill, context.mainBranch);
    if (form.title !== undefined) context.suggestedTitle = form.title;
    await trySaveModalContext(deps.store, deps.logger, request.contextId, context);
    const view = buildPullRequestModal({
      contextId: request.contextId,
      form,
      askForChannel,
      ...(context.mainBranch === undefined ? {} : { mainBranch: context.mainBranch }),
    });
    await updateOpenView(deps, client, request, view);
  } catch (error) {
    await trySaveModalContext(deps.store, deps.logger, request.contextId, context);
    await showFormFailure(deps, client, target, error, (notice) =>
      buildPullRequestModal({ contextId: request.contextId, form, askForChannel, feedback: { notice } }),
    );
  }
}

/** Builds the form with every typed value (long ones as short keys) and the main branch as destination. */
async function buildDefaultForm(deps: SlackDependencies, prefill: PullRequestPrefill, mainBranch: string | undefined): Promise<PullRequestForm> {
  const form: PullRequestForm = {};
  if (prefill.repository !== undefined) {
    form.repository = await createChoice(deps.store, `${prefill.repository.workspace}/${prefill.repository.repoSlug}`);
  }
  if (prefill.source !== undefined) {
    form.source = await createChoice(deps.store, prefill.source);
    form.title = suggestPullRequestTitle(prefill.source);
  }
  const destination = prefill.destination ?? mainBranch;
  if (destination !== undefined && prefill.repository !== undefined) form.destination = await createChoice(deps.store, destination);
  return form;
}

/**
 * Reacts to a repository picked in the form: reads its main branch, makes it the destination and
 * empties the branch and reviewer menus, which belonged to the repository picked before.
 */
export async function onPullRequestRepositoryPicked(
  deps: SlackDependencies,
  client: WebClient,
  request: OpenView & { slackUser: SlackUserRef; contextId: string; context: ModalContext | undefined; form: PullRequestForm; repository: RepositoryName },
): Promise<void> {
  const context: ModalContext = {
    ...(request.context ?? { form: 'pull-request', requester: request.slackUser, origin: {}, createdAt: deps.now() }),
    repository: request.repository,
  };
  delete context.mainBranch;
  const askForChannel = context.origin.channelId === undefined;
  const form: PullRequestForm = { ...request.form, reviewers: [] };
  delete form.source;
  delete form.destination;
  const target = { ...request, origin: context.origin, operation: 'pull request form', callbackId: VIEW_IDS.pullRequest, title: PULL_REQUEST_MODAL_TITLE };

  try {
    const source = await deps.connections.getTokenSource(request.slackUser);
    const repository = await getRepository(deps.bitbucket, source.tokens, request.repository.workspace, request.repository.repoSlug);
    if (repository.mainbranch?.name !== undefined) {
      context.mainBranch = repository.mainbranch.name;
      form.destination = await createChoice(deps.store, repository.mainbranch.name);
    }
    await trySaveModalContext(deps.store, deps.logger, request.contextId, context);
    const view = buildPullRequestModal({
      contextId: request.contextId,
      form,
      askForChannel,
      ...(context.mainBranch === undefined ? {} : { mainBranch: context.mainBranch }),
    });
    await updateOpenView(deps, client, request, view);
  } catch (error) {
    await trySaveModalContext(deps.store, deps.logger, request.contextId, context);
    await showFormFailure(deps, client, target, error, (notice) =>
      buildPullRequestModal({ contextId: request.contextId, form, askForChannel, feedback: { notice } }),
    );
  }
}

/**
 * Reacts to a source branch picked in the form: suggests a title from it, unless the user typed a
 * title of their own (one that differs from the last suggestion).
 */
export async function onPullRequestSourcePicked(
  deps: SlackDependencies,
  client: WebClient,
  request: OpenView & { slackUser: SlackUserRef; contextId: string; context: ModalContext | undefined; form: PullRequestForm; branch: string },
): Promise<void> {
  const typedTitle = request.form.title ?? '';
  if (typedTitle !== '' && typedTitle !== request.context?.suggestedTitle) return;

  const suggestion = suggestPullRequestTitle(request.branch);
  if (suggestion === typedTitle) return;
  const form: PullRequestForm = { ...request.form, title: suggestion };
  // A new title block id makes Slack show the new suggestion instead of keeping the previous input.
  const version = versionOfChoice({ text: request.branch, value: request.branch });
  if (version !== undefined) form.titleVersion = version;
  const mainBranch = request.context?.mainBranch;
  const view = buildPullRequestModal({
    contextId: request.contextId,
    form,
    askForChannel: request.context?.origin.channelId === undefined,
    ...(mainBranch === undefined ? {} : { mainBranch }),
  });
  const context: ModalContext = {
    ...(request.context ?? { form: 'pull-request', requester: request.slackUser, origin: {}, createdAt: deps.now() }),
    suggestedTitle: suggestion,
  };
  await trySaveModalContext(deps.store, deps.logger, request.contextId, context);
  await updateOpenView(deps, client, request, view);
}
