import type { types } from '@slack/bolt';

import { ACTION_IDS, BLOCK_IDS, VIEW_IDS } from '../../ids.js';
import {
  buildAnnounceChannelInput,
  buildCheckboxInput,
  buildExternalSelectInput,
  buildModal,
  buildMultiExternalSelectInput,
  buildOption,
  buildTextInput,
  type FormFeedback,
} from '../modal-blocks.js';
import { versionOfChoice, type OptionChoice } from '../option-choice.js';
import {
  readRawText,
  readSelectedOption,
  readSelectedOptions,
  readText,
  versionBlockId,
  findBlockId,
  type ViewStateValues,
} from '../view-state.js';

/** Title of the pull request modal and of the views that replace it. */
export const PULL_REQUEST_MODAL_TITLE = 'Open a pull request';

/** Bitbucket stores pull request titles of up to 255 characters. */
export const PULL_REQUEST_TITLE_MAX = 255;

const CLOSE_SOURCE_BRANCH_VALUE = 'close_source_branch';

/** Values of the pull request form: what it shows, or what the user entered. Select values are option choices. */
export interface PullRequestForm {
  repository?: OptionChoice;
  source?: OptionChoice;
  destination?: OptionChoice;
  title?: string;
  description?: string;
  reviewers?: OptionChoice[];
  closeSourceBranch?: boolean;
  /**
   * Version suffix of the title block. A new suffix makes Slack show a new suggested title instead
   * of keeping the old input, so it changes only while the user has not typed a title.
   */
  titleVersion?: string;
}

export interface PullRequestModalOptions {
  contextId: string;
  form: PullRequestForm;
  /** Main branch of the chosen repository, for the destination hint. */
  mainBranch?: string;
  /** Adds the "Post the result in" channel picker, for forms opened without a channel. */
  askForChannel: boolean;
  feedback?: FormFeedback;
}

/** The block ids of the form's branch and reviewer blocks, which carry the repository's version. */
export interface PullRequestBlockIds {
  repository: string;
  source: string;
  destination: string;
  title: string;
  description: string;
  reviewers: string;
  closeSourceBranch: string;
}

/**
 * Returns the block ids for a form showing `form`. Branches and reviewers belong to one
 * repository, so their blocks carry its version: picking another repository empties them.
 */
export function listPullRequestBlockIds(form: PullRequestForm): PullRequestBlockIds {
  const repositoryVersion = versionOfChoice(form.repository);
  const ids = BLOCK_IDS.pullRequest;
  return {
    repository: ids.repository,
    source: versionBlockId(ids.sourceBranch, repositoryVersion),
    destination: versionBlockId(ids.destinationBranch, repositoryVersion),
    title: versionBlockId(ids.title, form.titleVersion),
    description: ids.description,
    reviewers: versionBlockId(ids.reviewers, repositoryVersion),
    closeSourceBranch: ids.closeSourceBranch,
  };
}

/** Builds the pull request modal. */
export function buildPullRequestModal(options: PullRequestModalOptions): types.ModalView {
  const { form } = options;
  const blockIds = listPullRequestBlockIds(form);
  const toOption = (choice: OptionChoice | undefined) => (choice === undefined ? undefined : buildOption(choice.text, choice.value));
  const destinationHint =
    options.mainBranch === undefined
      ? 'Leave empty to merge into the repository\'s main branch.'
      : `Leave empty to merge into the main branch, ${options.mainBranch}.`;

  const blocks: types.KnownBlock[] = [
    buildExternalSelectInput({
      blockId: blockIds.repository,
      actionId: ACTION_IDS.repositorySelect,
      label: 'Repository',
      placeholder: 'Type workspace/repository',
      initialOption: toOption(form.repository),
      dispatchAction: true,
    }),
    buildExternalSelectInput({
      blockId: blockIds.source,
      actionId: ACTION_IDS.sourceBranchSelect,
      label: 'Source branch',
      placeholder: form.repository === undefined ? 'Pick a repository first' : 'Branch with the changes',
      initialOption: toOption(form.source),
      dispatchAction: true,
    }),
    buildExternalSelectInput({
      blockId: blockIds.destination,
      actionId: ACTION_IDS.destinationBranchSelect,
      label: 'Destination branch',
      placeholder: 'Branch to merge into',
      initialOption: toOption(form.destination),
      optional: true,
      hint: destinationHint,
    }),
    buildTextInput({
      blockId: blockIds.title,
      label: 'Title',
      initialValue: form.title,
      maxLength: PULL_REQUEST_TITLE_MAX,
      hint: 'Suggested from the source branch name.',
    }),
    buildTextInput({
      blockId: blockIds.description,
      label: 'Description',
      initialValue: form.description,
      multiline: true,
      optional: true,
      placeholder: 'What changes, and why (Markdown)',
    }),
    buildMultiExternalSelectInput({
      blockId: blockIds.reviewers,
      actionId: ACTION_IDS.reviewersSelect,
      label: 'Reviewers',
      placeholder: form.repository === undefined ? 'Pick a repository first' : 'Workspace members',
      initialOptions: (form.reviewers ?? []).map((reviewer) => buildOption(reviewer.text, reviewer.value)),
      optional: true,
    }),
    buildCheckboxInput({
      blockId: blockIds.closeSourceBranch,
      label: 'When merged',
      text: 'Close the source branch',
      value: CLOSE_SOURCE_BRANCH_VALUE,
      checked: form.closeSourceBranch === true,
    }),
  ];
  if (options.askForChannel) blocks.push(buildAnnounceChannelInput());

  return buildModal({
    callbackId: VIEW_IDS.pullRequest,
    title: PULL_REQUEST_MODAL_TITLE,
    submit: 'Open',
    blocks,
    contextId: options.contextId,
    ...(options.feedback === undefined ? {} : { feedback: options.feedback }),
  });
}

/** Reads the form from a view's state, as the user left it. */
export function readPullRequestForm(values: ViewStateValues): PullRequestForm {
  const ids = BLOCK_IDS.pullRequest;
  const titleBlock = findBlockId(values, ids.title);
  const form: PullRequestForm = {
    repository: readSelectedOption(values, ids.repository),
    source: readSelectedOption(values, ids.sourceBranch),
    destination: readSelectedOption(values, ids.destinationBranch),
    title: readText(values, ids.title),
    description: readRawText(values, ids.description) ?? '',
    reviewers: readSelectedOptions(values, ids.reviewers),
    closeSourceBranch: readSelectedOptions(values, ids.closeSourceBranch).some((option) => option.value === CLOSE_SOURCE_BRANCH_VALUE),
  };
  const titleVersion = titleBlock === undefined ? undefined : titleBlock.slice(ids.title.length + 1);
  if (titleVersion !== undefined && titleVersion !== '') form.titleVersion = titleVersion;
  return form;
}
