import type { types } from '@slack/bolt';

import { ISSUE_KINDS, ISSUE_PRIORITIES, ISSUE_STATES } from '../../../actions/issue-fields.js';
import { ACTION_IDS, BLOCK_IDS, VIEW_IDS } from '../../ids.js';
import type { TrackerAvailability } from '../../issues/issue-tracker.js';
import { buildContext, buildSection } from '../../render/blocks.js';
import { formatQuote } from '../../render/mrkdwn.js';
import {
  buildAnnounceChannelInput,
  buildExternalSelectInput,
  buildModal,
  buildOption,
  buildStaticSelectInput,
  buildTextInput,
  type FormFeedback,
} from '../modal-blocks.js';
import type { RepositoryName } from '../modal-context.js';
import { versionOfChoice, type OptionChoice } from '../option-choice.js';
import { buildTrackerNotice } from '../tracker-notice.js';
import { readRawText, readSelectedOption, readText, versionBlockId, type ViewStateValues } from '../view-state.js';
import { ISSUE_TITLE_MAX, MESSAGE_EXCERPT_LENGTH } from './message-content.js';

/** Values of the issue form: what it shows, or what the user entered. */
export interface IssueForm {
  repository?: OptionChoice;
  title?: string;
  content?: string;
  /** Note filed above a long message, which the form cannot hold. */
  note?: string;
  kind?: string;
  priority?: string;
  state?: string;
  assignee?: OptionChoice;
}

/** Creating an issue (repository menu), or updating one (repository and number fixed). */
export type IssueFormMode = { kind: 'create' } | { kind: 'update'; repository: RepositoryName; issueId: number };

export interface IssueModalOptions {
  contextId: string;
  mode: IssueFormMode;
  form: IssueForm;
  /** A message too long for the description input: the modal shows an excerpt and files it whole. */
  longMessage?: { text: string };
  /** Length of an existing description too long for the input; it stays unchanged. */
  longDescriptionLength?: number;
  availability?: TrackerAvailability;
  askForChannel: boolean;
  feedback?: FormFeedback;
}

/** Returns the assignee block id; it carries the repository's version, because members belong to its workspace. */
export function readAssigneeBlockId(form: IssueForm): string {
  return versionBlockId(BLOCK_IDS.issue.assignee, versionOfChoice(form.repository));
}

/** Builds the issue modal for creating or updating an issue. */
export function buildIssueModal(options: IssueModalOptions): types.ModalView {
  const { form, mode } = options;
  const ids = BLOCK_IDS.issue;
  const blocks: types.KnownBlock[] = [...buildTrackerNotice(options.availability)];

  if (mode.kind === 'create') {
    blocks.push(
      buildExternalSelectInput({
        blockId: ids.repository,
        actionId: ACTION_IDS.repositorySelect,
        label: 'Repository',
        placeholder: 'Type workspace/repository',
        initialOption: form.repository === undefined ? undefined : buildOption(form.repository.text, form.repository.value),
        dispatchAction: true,
      }),
    );
  } else {
    blocks.push(buildSection(`Issue *#${mode.issueId}* in *${mode.repository.workspace}/${mode.repository.repoSlug}*`));
  }

  blocks.push(buildTextInput({ blockId: ids.title, label: 'Title', initialValue: form.title, maxLength: ISSUE_TITLE_MAX }));
  blocks.push(...buildDescriptionBlocks(options));
  blocks.push(buildChoiceInput(ids.kind, 'Kind', ISSUE_KINDS, form.kind));
  blocks.push(buildChoiceInput(ids.priority, 'Priority', ISSUE_PRIORITIES, form.priority));
  if (mode.kind === 'update') blocks.push(buildChoiceInput(ids.state, 'State', ISSUE_STATES, form.state));
  blocks.push(
    buildExternalSelectInput({
      blockId: readAssigneeBlockId(form),
      actionId: ACTION_IDS.memberSelect,
      label: 'Assignee',
      placeholder: mode.kind === 'create' && form.repository === undefined ? 'Pick a repository first' : 'Workspace member',
      initialOption: form.assignee === undefined ? undefined : buildOption(form.assignee.text, form.assignee.value),
      optional: true,
    }),
  );
  if (options.askForChannel) blocks.push(buildAnnounceChannelInput());

  return buildModal({
    callbackId: VIEW_IDS.issue,
    title: mode.kind === 'create' ? 'Create an issue' : `Update issue #${mode.issueId}`,
    submit: mode.kind === 'create' ? 'Create' : 'Save',
    blocks,
    contextId: options.contextId,
    ...(options.feedback === undefined ? {} : { feedback: options.feedback }),
  });
}

function buildDescriptionBlocks(options: IssueModalOptions): types.KnownBlock[] {
  const ids = BLOCK_IDS.issue;
  if (options.longMessage !== undefined) {
    const length = Array.from(options.longMessage.text).length.toLocaleString('en-US');
    return [
      buildSection(`*Message*\n${formatQuote(options.longMessage.text, MESSAGE_EXCERPT_LENGTH)}`),
      buildContext(`The whole message (${length} characters) and a link to it are filed as the description, because it is longer than this form can show.`),
      buildTextInput({
        blockId: ids.note,
        label: 'Note above the message',
        initialValue: options.form.note,
        multiline: true,
        optional: true,
      }),
    ];
  }
  if (options.longDescriptionLength !== undefined) {
    const length = options.longDescriptionLength.toLocaleString('en-US');
    return [buildContext(`The description (${length} characters) is longer than this form can show, so it stays as it is. Edit it on bitbucket.org.`)];
  }
  return [
    buildTextInput({
      blockId: ids.content,
      label: 'Description',
      initialValue: options.form.content,
      multiline: true,
      optional: options.mode.kind === 'update',
      placeholder: 'What happened, and what should happen (Markdown)',
    }),
  ];
}

function buildChoiceInput(blockId: string, label: string, values: readonly string[], initialValue: string | undefined): types.InputBlock {
  return buildStaticSelectInput({
    blockId,
    label,
    placeholder: `Pick a ${label.toLowerCase()}`,
    choices: values.map((value) => buildOption(capitalize(value), value)),
    optional: true,
    ...(initialValue === undefined ? {} : { initialValue }),
  });
}

/** Reads the form from a view's state, as the user left it. */
export function readIssueForm(values: ViewStateValues): IssueForm {
  const ids = BLOCK_IDS.issue;
  const form: IssueForm = {
    title: readText(values, ids.title),
    content: readRawText(values, ids.content) ?? '',
    note: readRawText(values, ids.note) ?? '',
  };
  const repository = readSelectedOption(values, ids.repository);
  if (repository !== undefined) form.repository = repository;
  const assignee = readSelectedOption(values, ids.assignee);
  if (assignee !== undefined) form.assignee = assignee;
  for (const [field, blockId] of [
    ['kind', ids.kind],
    ['priority', ids.priority],
    ['state', ids.state],
  ] as const) {
    const value = readSelectedOption(values, blockId)?.value;
    if (value !== undefined) form[field] = value;
  }
  return form;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
