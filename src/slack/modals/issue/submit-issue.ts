import type { ViewResponseAction, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';

import { IssueTrackerUnavailableError } from '../../../bitbucket/errors.js';
import type { Issue } from '../../../bitbucket/types.js';
import { BLOCK_IDS, VIEW_IDS } from '../../ids.js';
import { describeUnavailable } from '../../issues/bitbucket-issue-tracker.js';
import type { IssueChanges, IssueDraft, TrackerRepository, TrackerResult } from '../../issues/issue-tracker.js';
import { openIssueTracker } from '../../issues/open-issue-tracker.js';
import { announceInOrigin } from '../../messages/announce-in-origin.js';
import { mapFieldErrors } from '../../render/map-field-errors.js';
import { renderIssueCreated, renderIssueUpdated } from '../../render/render-created.js';
import type { SlackDependencies } from '../../slack-dependencies.js';
import type { ModalContext } from '../modal-context.js';
import { parseRepositoryValue, readChoiceValue } from '../option-choice.js';
import { runSubmission } from '../run-submission.js';
import { buildMessageView, buildWorkingView } from '../status-views.js';
import { describeChoiceProblem, loadSubmissionContext } from '../submission-context.js';
import { findBlockId, matchViewBlockIds, type ViewStateValues } from '../view-state.js';
import { buildIssueModal, readAssigneeBlockId, readIssueForm, type IssueForm, type IssueFormMode } from './issue-form.js';
import { composeMessageContent, isLongMessage } from './message-content.js';

type Checked<T> = { ok: true; input: T } | { ok: false; errors: Record<string, string> };

interface IssueCreation {
  repository: TrackerRepository;
  draft: IssueDraft;
}

interface IssueUpdate {
  repository: TrackerRepository;
  issueId: number;
  changes: IssueChanges;
  /** Names of the changed fields, for the announcement. */
  changedFields: string[];
}

/**
 * Handles a submitted issue form, for a new issue or an update. Problems the app can see come back
 * under their fields, and nothing is sent. A removed tracker and Bitbucket's refusals come back
 * under the field they concern.
 */
export async function submitIssue(options: {
  deps: SlackDependencies;
  body: ViewSubmitAction;
  ack: (response?: ViewResponseAction) => Promise<void>;
  client: WebClient;
  startedAt: number;
}): Promise<void> {
  const { deps, body } = options;
  const submission = await loadSubmissionContext(deps, body);
  const { context } = submission;
  const values = body.view.state.values;
  const form = readIssueForm(values);
  const tracker = openIssueTracker(deps, submission.slackUser);
  const mode = readFormMode(context);
  // Only the create form has a repository menu. An update form whose context is gone is still an
  // update, and checkUpdate rejects it as too old instead of asking for a repository it cannot show.
  const isUpdate = mode.kind === 'update' || !body.view.blocks.some((block) => block.block_id === BLOCK_IDS.issue.repository);

  const fieldBlocks = matchViewBlockIds(listIssueBlockIds(values, form, mode), body.view.blocks);
  const checked = isUpdate
    ? await checkUpdate(deps, form, context, values, fieldBlocks.assignee)
    : await checkCreate(deps, form, context, values, fieldBlocks.assignee);
  if (!checked.ok) {
    await options.ack({ response_action: 'errors', errors: checked.errors });
    return;
  }
  const { repository } = checked.input;
  const title = mode.kind === 'create' ? 'Create an issue' : `Update issue #${mode.issueId}`;
  const message = context?.message;

  await runSubmission<TrackerResult<Issue>>({
    deps,
    ack: options.ack,
    client: options.client,
    viewId: body.view.id,
    slackUser: submission.slackUser,
    operation: `issue form for ${repository.workspace}/${repository.repoSlug}`,
    startedAt: options.startedAt,
    send: () => {
      const input = checked.input;
      return 'draft' in input ? tracker.createIssue(repository, input.draft) : tracker.updateIssue(repository, input.issueId, input.changes);
    },
    mapFieldErrors: (error) => mapIssueErrors(error, repository, fieldBlocks),
    workingView: buildWorkingView({ callbackId: VIEW_IDS.issue, title, contextId: submission.contextId, text: 'Saving the issue…' }),
    buildDoneView: (result) =>
      buildMessageView({ callbackId: VIEW_IDS.issue, title, contextId: submission.contextId, message: renderAnnouncement(checked.input, result) }),
    buildRetryView: (feedback) =>
      buildIssueModal({
        contextId: submission.contextId,
        mode,
        form,
        askForChannel: context !== undefined && submission.origin.channelId === undefined,
        feedback,
        ...(message !== undefined && isLongMessage(message) ? { longMessage: { text: message.text } } : {}),
      }),
    buildErrorView: (errorMessage) =>
      buildMessageView({ callbackId: VIEW_IDS.issue, title, contextId: submission.contextId, message: errorMessage, close: 'Back' }),
    announce: async (result) => {
      const announcement = renderAnnouncement(checked.input, result, submission.slackUser.userId);
      await announceInOrigin(deps, options.client, { requester: submission.slackUser, ...submission }, announcement);
    },
  });
}

/** Returns whether the form updates an issue (its context names one) or creates one. */
function readFormMode(context: ModalContext | undefined): IssueFormMode {
  if (context?.issueId === undefined || context.repository === undefined) return { kind: 'create' };
  return { kind: 'update', repository: context.repository, issueId: context.issueId };
}

function renderAnnouncement(input: IssueCreation | IssueUpdate, result: TrackerResult<Issue>, actorUserId?: string) {
  const common = {
    workspace: input.repository.workspace,
    repoSlug: input.repository.repoSlug,
    issue: result.data,
    viaSharedToken: result.viaSharedToken,
    ...(actorUserId === undefined ? {} : { actorUserId }),
  };
  return 'draft' in input ? renderIssueCreated(common) : renderIssueUpdated({ ...common, changedFields: input.changedFields });
}

interface IssueBlockIds {
  repository: string;
  title: string;
  content: string;
  kind: string;
  priority: string;
  state: string;
  assignee: string;
}

function listIssueBlockIds(values: ViewStateValues, form: IssueForm, mode: IssueFormMode): IssueBlockIds {
  const ids = BLOCK_IDS.issue;
  const hasNote = findBlockId(values, ids.note) !== undefined;
  return {
    // The update form has no repository menu, so repository problems go under the title.
    repository: mode.kind === 'create' ? ids.repository : ids.title,
    title: ids.title,
    content: hasNote ? ids.note : ids.content,
    kind: ids.kind,
    priority: ids.priority,
    state: ids.state,
    assignee: readAssigneeBlockId(form),
  };
}

/** Field errors for Bitbucket's refusals; a removed or missing tracker is explained under the repository. */
function mapIssueErrors(error: unknown, repository: TrackerRepository, blocks: IssueBlockIds): Record<string, string> | undefined {
  if (error instanceof IssueTrackerUnavailableError) {
    const availability = describeUnavailable(repository, error.reason);
    return availability.available ? undefined : { [blocks.repository]: availability.explanation };
  }
  return mapFieldErrors(error, {
    blockIdByField: {
      workspace: blocks.repository,
      repo_slug: blocks.repository,
      title: blocks.title,
      content: blocks.content,
      kind: blocks.kind,
      priority: blocks.priority,
      state: blocks.state,
      assignee: blocks.assignee,
      assignee_account_id: blocks.assignee,
    },
    defaultBlockId: blocks.title,
  });
}

async function checkCreate(
  deps: SlackDependencies,
  form: IssueForm,
  context: ModalContext | undefined,
  values: ViewStateValues,
  assigneeBlockId: string,
): Promise<Checked<IssueCreation>> {
  const ids = BLOCK_IDS.issue;
  const errors: Record<string, string> = {};

  const repositoryChoice = await readChoiceValue(deps.store, form.repository);
  const repository = repositoryChoice.ok ? parseRepositoryValue(repositoryChoice.value) : undefined;
  const repositoryProblem = describeChoiceProblem(repositoryChoice, 'repository');
  if (repositoryProblem !== undefined || repository === undefined) errors[ids.repository] = repositoryProblem ?? 'Pick a repository from the list.';

  const title = form.title?.trim() ?? '';
  if (title === '') errors[ids.title] = 'Enter a title.';

  let content: string;
  if (findBlockId(values, ids.note) !== undefined) {
    // The modal showed an excerpt of a long message; the whole message is in the modal's context.
    if (context?.message === undefined) {
      errors[ids.note] = 'This form is too old to find the message again. Use the shortcut on the message once more.';
      content = '';
    } else {
      content = composeMessageContent(context.message, form.note);
    }
  } else {
    content = form.content?.trim() ?? '';
    if (content === '') errors[ids.content] = 'Enter a description.';
  }

  const assignee = await readAssignee(deps, form, assigneeBlockId, errors);
  if (Object.keys(errors).length > 0 || repository === undefined) return { ok: false, errors };

  const draft: IssueDraft = { title, content };
  if (form.kind !== undefined) draft.kind = form.kind;
  if (form.priority !== undefined) draft.priority = form.priority;
  if (assignee !== undefined) draft.assigneeId = assignee;
  return { ok: true, input: { repository, draft } };
}

async function checkUpdate(
  deps: SlackDependencies,
  form: IssueForm,
  context: ModalContext | undefined,
  values: ViewStateValues,
  assigneeBlockId: string,
): Promise<Checked<IssueUpdate>> {
  const ids = BLOCK_IDS.issue;
  const errors: Record<string, string> = {};
  const repository = context?.repository;
  const issueId = context?.issueId;
  const original = context?.original;
  if (repository === undefined || issueId === undefined || original === undefined) {
    return { ok: false, errors: { [ids.title]: 'This form is too old. Run /bitbucket issue update again.' } };
  }

  const title = form.title?.trim() ?? '';
  if (title === '') errors[ids.title] = 'Enter a title.';
  const assignee = await readAssignee(deps, form, assigneeBlockId, errors);
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const changes: IssueChanges = {};
  const changedFields: string[] = [];
  if (title !== original.title) {
    changes.title = title;
    changedFields.push('title');
  }
  const content = form.content?.trim() ?? '';
  // An emptied description clears it; a form without the field (a long description) keeps it.
  if (findBlockId(values, ids.content) !== undefined && content !== (original.content ?? '').trim()) {
    changes.content = content;
    changedFields.push('description');
  }
  for (const field of ['kind', 'priority', 'state'] as const) {
    const value = form[field];
    if (value !== undefined && value !== original[field]) {
      changes[field] = value;
      changedFields.push(field);
    }
  }
  if (assignee !== original.assigneeId) {
    changes.assigneeId = assignee ?? null;
    changedFields.push('assignee');
  }

  if (changedFields.length === 0) {
    return { ok: false, errors: { [ids.title]: 'Nothing changed. Change a field, or press Cancel.' } };
  }
  return { ok: true, input: { repository, issueId, changes, changedFields } };
}

/** Returns the picked assignee's `{uuid}`, or undefined when none is picked; adds an error under `blockId` for a hint or expired choice. */
async function readAssignee(deps: SlackDependencies, form: IssueForm, blockId: string, errors: Record<string, string>): Promise<string | undefined> {
  if (form.assignee === undefined) return undefined;
  const value = await readChoiceValue(deps.store, form.assignee);
  if (value.ok) return value.value;
  errors[blockId] = describeChoiceProblem(value, 'member') ?? '';
  return undefined;
}
