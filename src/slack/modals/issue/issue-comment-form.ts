import type { types } from '@slack/bolt';

import { ACTION_IDS, BLOCK_IDS, VIEW_IDS } from '../../ids.js';
import type { TrackerAvailability } from '../../issues/issue-tracker.js';
import { buildContext, buildSection } from '../../render/blocks.js';
import { formatQuote } from '../../render/mrkdwn.js';
import { buildExternalSelectInput, buildModal, buildOption, buildTextInput, type FormFeedback } from '../modal-blocks.js';
import { versionOfChoice, type OptionChoice } from '../option-choice.js';
import { buildTrackerNotice } from '../tracker-notice.js';
import { readRawText, readSelectedOption, versionBlockId, type ViewStateValues } from '../view-state.js';
import { MESSAGE_EXCERPT_LENGTH } from './message-content.js';

/** Values of the comment form: what it shows, or what the user entered. */
export interface IssueCommentForm {
  repository?: OptionChoice;
  issue?: OptionChoice;
  content?: string;
  note?: string;
}

export interface IssueCommentModalOptions {
  contextId: string;
  form: IssueCommentForm;
  /** A message too long for the comment input: the modal shows an excerpt and files it whole. */
  longMessage?: { text: string };
  availability?: TrackerAvailability;
  feedback?: FormFeedback;
}

/** Returns the issue block id; it carries the repository's version, because issues belong to one repository. */
export function readIssueBlockId(form: IssueCommentForm): string {
  return versionBlockId(BLOCK_IDS.issueComment.issue, versionOfChoice(form.repository));
}

/** Builds the modal of the "Comment on Bitbucket issue" shortcut. */
export function buildIssueCommentModal(options: IssueCommentModalOptions): types.ModalView {
  const { form } = options;
  const ids = BLOCK_IDS.issueComment;
  const blocks: types.KnownBlock[] = [
    ...buildTrackerNotice(options.availability),
    buildExternalSelectInput({
      blockId: ids.repository,
      actionId: ACTION_IDS.repositorySelect,
      label: 'Repository',
      placeholder: 'Type workspace/repository',
      initialOption: form.repository === undefined ? undefined : buildOption(form.repository.text, form.repository.value),
      dispatchAction: true,
    }),
    buildExternalSelectInput({
      blockId: readIssueBlockId(form),
      actionId: ACTION_IDS.issueSelect,
      label: 'Issue',
      placeholder: form.repository === undefined ? 'Pick a repository first' : 'Type a number or words of the title',
      initialOption: form.issue === undefined ? undefined : buildOption(form.issue.text, form.issue.value),
    }),
  ];

  if (options.longMessage === undefined) {
    blocks.push(buildTextInput({ blockId: ids.content, label: 'Comment', initialValue: form.content, multiline: true }));
  } else {
    const length = Array.from(options.longMessage.text).length.toLocaleString('en-US');
    blocks.push(
      buildSection(`*Message*\n${formatQuote(options.longMessage.text, MESSAGE_EXCERPT_LENGTH)}`),
      buildContext(`The whole message (${length} characters) and a link to it are posted as the comment, because it is longer than this form can show.`),
      buildTextInput({ blockId: ids.note, label: 'Note above the message', initialValue: form.note, multiline: true, optional: true }),
    );
  }

  return buildModal({
    callbackId: VIEW_IDS.issueComment,
    title: 'Comment on an issue',
    submit: 'Comment',
    blocks,
    contextId: options.contextId,
    ...(options.feedback === undefined ? {} : { feedback: options.feedback }),
  });
}

/** Reads the form from a view's state. */
export function readIssueCommentForm(values: ViewStateValues): IssueCommentForm {
  const ids = BLOCK_IDS.issueComment;
  const form: IssueCommentForm = { content: readRawText(values, ids.content) ?? '', note: readRawText(values, ids.note) ?? '' };
  const repository = readSelectedOption(values, ids.repository);
  if (repository !== undefined) form.repository = repository;
  const issue = readSelectedOption(values, ids.issue);
  if (issue !== undefined) form.issue = issue;
  return form;
}
