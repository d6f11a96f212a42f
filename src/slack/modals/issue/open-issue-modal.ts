import type { types } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';

import { IssueTrackerUnavailableError } from '../../../bitbucket/errors.js';
import type { Issue } from '../../../bitbucket/types.js';
import type { SlackUserRef } from '../../../connections/keys.js';
import { VIEW_IDS } from '../../ids.js';
import { describeUnavailable } from '../../issues/bitbucket-issue-tracker.js';
import type { TrackerAvailability } from '../../issues/issue-tracker.js';
import { openIssueTracker } from '../../issues/open-issue-tracker.js';
import { readShortcutMessage, type ShortcutMessage } from '../../messages/read-shortcut-message.js';
import type { SlackDependencies } from '../../slack-dependencies.js';
import { buildModal, MODAL_LIMITS } from '../modal-blocks.js';
import {
  createModalContextId,
  trySaveModalContext,
  type ModalContext,
  type ModalOrigin,
  type OriginalIssueFields,
  type RepositoryName,
} from '../modal-context.js';
import { createChoice, createChoiceNow } from '../option-choice.js';
import { describeLoading, showFormFailure, updateOpenView, type OpenView } from '../show-form-failure.js';
import { buildLoadingView } from '../status-views.js';
import { buildTrackerNotice } from '../tracker-notice.js';
import { buildIssueModal, type IssueForm, type IssueModalOptions } from './issue-form.js';
import { composeMessageContent, isLongMessage, suggestIssueTitle } from './message-content.js';

interface IssueRequest {
  slackUser: SlackUserRef;
  origin: ModalOrigin;
}

/** Values typed after `/bitbucket issue create`. */
export interface IssuePrefill {
  repository?: RepositoryName;
  title?: string;
}

/**
 * Opens the issue modal for `/bitbucket issue create` at once with what was typed, then checks the
 * repository's tracker and explains in the modal when its issues are unavailable.
 */
export async function openIssueCreateModal(
  deps: SlackDependencies,
  client: WebClient,
  request: IssueRequest & { triggerId: string; prefill: IssuePrefill },
): Promise<void> {
  const contextId = createModalContextId();
  const form = buildPrefilledForm(request.prefill);
  const view = buildIssueModal({ contextId, mode: { kind: 'create' }, form, askForChannel: request.origin.channelId === undefined });
  const opened = await client.views.open({ trigger_id: request.triggerId, view });
  await prepareCreateForm(deps, client, { ...request, contextId, viewId: opened.view?.id ?? '', hash: opened.view?.hash, form });
}

/** Replaces an open view, such as the global shortcut's menu, with an empty issue form. */
export async function showIssueCreateForm(deps: SlackDependencies, client: WebClient, request: IssueRequest & OpenView): Promise<void> {
  const contextId = createModalContextId();
  const view = buildIssueModal({ contextId, mode: { kind: 'create' }, form: {}, askForChannel: request.origin.channelId === undefined });
  const updated = await client.views.update({ view_id: request.viewId, view, ...(request.hash === undefined ? {} : { hash: request.hash }) });
  await prepareCreateForm(deps, client, { ...request, contextId, viewId: request.viewId, hash: updated.view?.hash, form: {} });
}

/**
 * Opens the issue modal for the "Create Bitbucket issue" shortcut. The trigger expires 3 seconds
 * after Slack sent it, so a loading view opens first. Then the message is decoded (user names
 * through users.info), its permalink read, and the form shown with views.update. A message longer
 * than a text input can contain is kept whole in the modal's context and filed whole.
 */
export async function openIssueFromMessage(
  deps: SlackDependencies,
  client: WebClient,
  request: IssueRequest & { triggerId: string; channelId: string; message: ShortcutMessage },
): Promise<void> {
  const contextId = createModalContextId();
  const loading = buildLoadingView({ callbackId: VIEW_IDS.issue, title: 'Create an issue', contextId, text: 'Reading the message…' });
  const opened = await client.views.open({ trigger_id: request.triggerId, view: loading });
  const target = { viewId: opened.view?.id ?? '', hash: opened.view?.hash, ...describeLoading(request.origin, 'Use the shortcut on the message again.') };

  const message = await readShortcutMessage({ client, store: deps.store, logger: deps.logger, slackUser: request.slackUser, channelId: request.channelId, message: request.message });
  const long = isLongMessage(message);
  const form: IssueForm = { title: suggestIssueTitle(message.text) };
  if (!long) form.content = composeMessageContent(message);

  await prepareCreateForm(deps, client, {
    ...request,
    ...target,
    contextId,
    form,
    message,
    ...(long ? { longMessage: { text: message.text } } : {}),
  });
}

async function prepareCreateForm(
  deps: SlackDependencies,
  client: WebClient,
  request: IssueRequest &
    OpenView & {
      contextId: string;
      form: IssueForm;
      prefill?: IssuePrefill;
      message?: ModalContext['message'];
      longMessage?: { text: string };
    },
): Promise<void> {
  const repository = request.prefill?.repository;
  const context: ModalContext = {
    form: 'issue',
    requester: request.slackUser,
    origin: request.origin,
    createdAt: deps.now(),
    ...(repository === undefined ? {} : { repository }),
    ...(request.message === undefined ? {} : { message: request.message }),
  };
  const base: IssueModalOptions = {
    contextId: request.contextId,
    mode: { kind: 'create' },
    form: request.form,
    askForChannel: request.origin.channelId === undefined,
    ...(request.longMessage === undefined ? {} : { longMessage: request.longMessage }),
  };
  await trySaveModalContext(deps.store, deps.logger, request.contextId, context);

  try {
    await deps.connections.getTokenSource(request.slackUser);
    const form = { ...request.form };
    let availability: TrackerAvailability | undefined;
    if (repository !== undefined) {
      form.repository = await createChoice(deps.store, `${repository.workspace}/${repository.repoSlug}`);
      availability = await openIssueTracker(deps, request.slackUser).checkAvailability(repository);
    }
    await updateOpenView(deps, client, request, buildIssueModal({ ...base, form, ...(availability === undefined ? {} : { availability }) }));
  } catch (error) {
    await showFormFailure(deps, client, issueFailureTarget(request), error, (notice) => buildIssueModal({ ...base, feedback: { notice } }));
  }
}

/**
 * Opens the issue modal for `/bitbucket issue update`: a loading view first, then the issue's
 * current fields. When the tracker is gone the modal explains it instead of showing a form.
 */
export async function openIssueUpdateModal(
  deps: SlackDependencies,
  client: WebClient,
  request: IssueRequest & { triggerId: string; repository: RepositoryName; issueId: number },
): Promise<void> {
  const contextId = createModalContextId();
  const title = `Update issue #${request.issueId}`;
  const loading = buildLoadingView({ callbackId: VIEW_IDS.issue, title, contextId, text: `Reading issue #${request.issueId}…` });
  const opened = await client.views.open({ trigger_id: request.triggerId, view: loading });
  const retry = `Run /bitbucket issue update ${request.repository.workspace}/${request.repository.repoSlug} ${request.issueId} again.`;
  const target = { ...request, contextId, viewId: opened.view?.id ?? '', hash: opened.view?.hash, ...describeLoading(request.origin, retry) };
  const mode = { kind: 'update' as const, repository: request.repository, issueId: request.issueId };

  let issue: Issue;
  try {
    issue = await openIssueTracker(deps, request.slackUser).getIssue(request.repository, request.issueId);
  } catch (error) {
    // A 404 without "no issue tracker" may just be a wrong issue number, so it gets the error text instead.
    if (error instanceof IssueTrackerUnavailableError && (error.reason === 'no_tracker' || error.context.status === 410)) {
      const availability = describeUnavailable(request.repository, error.reason);
      await updateOpenView(deps, client, target, buildUnavailableView(contextId, title, availability));
      return;
    }
    await showFormFailure(deps, client, { ...issueFailureTarget(target), title }, error, (notice) =>
      buildUnavailableView(contextId, title, undefined, notice),
    );
    return;
  }

  const original = toOriginalFields(issue);
  const longDescription = (original.content ?? '').length > MODAL_LIMITS.textInput;
  const form: IssueForm = {
    title: original.title,
    ...(longDescription || original.content === undefined ? {} : { content: original.content }),
    ...(original.kind === undefined ? {} : { kind: original.kind }),
    ...(original.priority === undefined ? {} : { priority: original.priority }),
    ...(original.state === undefined ? {} : { state: original.state }),
  };
  if (issue.assignee?.uuid !== undefined) form.assignee = await createChoice(deps.store, issue.assignee.uuid, issue.assignee.display_name);

  await trySaveModalContext(deps.store, deps.logger, contextId, {
    form: 'issue',
    requester: request.slackUser,
    origin: request.origin,
    repository: request.repository,
    issueId: request.issueId,
    original,
    createdAt: deps.now(),
  });
  const view = buildIssueModal({
    contextId,
    mode,
    form,
    askForChannel: request.origin.channelId === undefined,
    ...(longDescription ? { longDescriptionLength: (original.content ?? '').length } : {}),
  });
  await updateOpenView(deps, client, target, view);
}

/**
 * Reacts to a repository picked in the issue form: checks its tracker and shows, above the form,
 * why its issues are unavailable when they are. The assignee menu empties, because its members
 * belonged to the repository picked before.
 */
export async function onIssueRepositoryPicked(
  deps: SlackDependencies,
  client: WebClient,
  request: OpenView & { slackUser: SlackUserRef; contextId: string; context: ModalContext | undefined; form: IssueForm; repository: RepositoryName },
): Promise<void> {
  const context: ModalContext = {
    ...(request.context ?? { form: 'issue', requester: request.slackUser, origin: {}, createdAt: deps.now() }),
    repository: request.repository,
  };
  await trySaveModalContext(deps.store, deps.logger, request.contextId, context);

  const form: IssueForm = { ...request.form };
  delete form.assignee;
  const message = context.message;
  const base: IssueModalOptions = {
    contextId: request.contextId,
    mode: { kind: 'create' },
    form,
    askForChannel: context.origin.channelId === undefined,
    ...(message !== undefined && isLongMessage(message) ? { longMessage: { text: message.text } } : {}),
  };

  try {
    const availability = await openIssueTracker(deps, request.slackUser).checkAvailability(request.repository);
    await updateOpenView(deps, client, request, buildIssueModal({ ...base, availability }));
  } catch (error) {
    const target = issueFailureTarget({ ...request, origin: context.origin });
    await showFormFailure(deps, client, target, error, (notice) => buildIssueModal({ ...base, feedback: { notice } }));
  }
}

function buildPrefilledForm(prefill: IssuePrefill): IssueForm {
  const repository = prefill.repository === undefined ? undefined : createChoiceNow(`${prefill.repository.workspace}/${prefill.repository.repoSlug}`);
  return {
    ...(repository === undefined ? {} : { repository }),
    ...(prefill.title === undefined ? {} : { title: prefill.title }),
  };
}

/** Builds the view shown instead of the update form: why the issue cannot be changed. */
function buildUnavailableView(
  contextId: string,
  title: string,
  availability: TrackerAvailability | undefined,
  notice: types.KnownBlock[] = [],
): types.ModalView {
  return buildModal({ callbackId: VIEW_IDS.issue, title, contextId, close: 'Close', blocks: [...buildTrackerNotice(availability), ...notice] });
}

function issueFailureTarget<T extends OpenView & { slackUser: SlackUserRef; contextId: string }>(request: T) {
  return { ...request, operation: 'issue form', callbackId: VIEW_IDS.issue, title: 'Create an issue' };
}

function toOriginalFields(issue: Issue): OriginalIssueFields {
  return {
    title: issue.title,
    ...(issue.content?.raw === undefined ? {} : { content: issue.content.raw }),
    ...(issue.kind === undefined ? {} : { kind: issue.kind }),
    ...(issue.priority === undefined ? {} : { priority: issue.priority }),
    ...(issue.state === undefined ? {} : { state: issue.state }),
    ...(issue.assignee?.uuid === undefined ? {} : { assigneeId: issue.assignee.uuid }),
  };
}
