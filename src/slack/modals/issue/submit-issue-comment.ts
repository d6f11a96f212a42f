import type { ViewResponseAction, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';

import { IssueTrackerUnavailableError } from '../../../bitbucket/errors.js';
import type { Comment } from '../../../bitbucket/types.js';
import { BLOCK_IDS, VIEW_IDS } from '../../ids.js';
import { describeUnavailable } from '../../issues/bitbucket-issue-tracker.js';
import type { TrackerResult } from '../../issues/issue-tracker.js';
import { openIssueTracker } from '../../issues/open-issue-tracker.js';
import { announceInOrigin } from '../../messages/announce-in-origin.js';
import { mapFieldErrors } from '../../render/map-field-errors.js';
import { renderIssueCommentCreated } from '../../render/render-commented.js';
import type { SlackDependencies } from '../../slack-dependencies.js';
import { parseRepositoryValue, readChoiceValue } from '../option-choice.js';
import { runSubmission } from '../run-submission.js';
import { buildMessageView, buildWorkingView } from '../status-views.js';
import { describeChoiceProblem, loadSubmissionContext } from '../submission-context.js';
import { findBlockId, matchViewBlockIds } from '../view-state.js';
import { buildIssueCommentModal, readIssueBlockId, readIssueCommentForm } from './issue-comment-form.js';
import { composeMessageContent, isLongMessage } from './message-content.js';

const TITLE = 'Comment on an issue';

/** Handles a submitted comment form: the comment goes to the picked issue and is announced in the message's thread. */
export async function submitIssueComment(options: {
  deps: SlackDependencies;
  body: ViewSubmitAction;
  ack: (response?: ViewResponseAction) => Promise<void>;
  client: WebClient;
  startedAt: number;
}): Promise<void> {
  const { deps, body } = options;
  const ids = BLOCK_IDS.issueComment;
  const submission = await loadSubmissionContext(deps, body);
  const values = body.view.state.values;
  const form = readIssueCommentForm(values);
  const issueBlock = matchViewBlockIds({ issue: readIssueBlockId(form) }, body.view.blocks).issue;
  const contentBlock = findBlockId(values, ids.note) === undefined ? ids.content : ids.note;
  const errors: Record<string, string> = {};

  const repositoryChoice = await readChoiceValue(deps.store, form.repository);
  const repository = repositoryChoice.ok ? parseRepositoryValue(repositoryChoice.value) : undefined;
  if (repository === undefined) errors[ids.repository] = describeChoiceProblem(repositoryChoice, 'repository') ?? 'Pick a repository from the list.';

  const issueChoice = await readChoiceValue(deps.store, form.issue);
  const issueId = issueChoice.ok && /^\d+$/.test(issueChoice.value) ? Number(issueChoice.value) : undefined;
  if (issueId === undefined) errors[issueBlock] = describeChoiceProblem(issueChoice, 'issue') ?? 'Pick an issue from the list.';

  const message = submission.context?.message;
  let content = '';
  if (contentBlock === ids.note) {
    if (message === undefined) errors[ids.note] = 'This form is too old to find the message again. Use the shortcut on the message once more.';
    else content = composeMessageContent(message, form.note);
  } else {
    content = form.content?.trim() ?? '';
    if (content === '') errors[ids.content] = 'Enter a comment.';
  }

  if (Object.keys(errors).length > 0 || repository === undefined || issueId === undefined) {
    await options.ack({ response_action: 'errors', errors });
    return;
  }

  const tracker = openIssueTracker(deps, submission.slackUser);
  const render = (result: TrackerResult<Comment>, actorUserId?: string) =>
    renderIssueCommentCreated({
      workspace: repository.workspace,
      repoSlug: repository.repoSlug,
      issueId,
      issueTitle: form.issue?.text.replace(/^#\d+\s*/, ''),
      comment: result.data,
      viaSharedToken: result.viaSharedToken,
      ...(actorUserId === undefined ? {} : { actorUserId }),
    });

  await runSubmission<TrackerResult<Comment>>({
    deps,
    ack: options.ack,
    client: options.client,
    viewId: body.view.id,
    slackUser: submission.slackUser,
    operation: `issue comment form for ${repository.workspace}/${repository.repoSlug}#${issueId}`,
    startedAt: options.startedAt,
    send: () => tracker.addComment(repository, issueId, content),
    mapFieldErrors: (error) => {
      if (error instanceof IssueTrackerUnavailableError) {
        const availability = describeUnavailable(repository, error.reason);
        return availability.available ? undefined : { [ids.repository]: availability.explanation };
      }
      return mapFieldErrors(error, {
        blockIdByField: { workspace: ids.repository, repo_slug: ids.repository, issue_id: issueBlock, content: contentBlock },
        defaultBlockId: contentBlock,
      });
    },
    workingView: buildWorkingView({ callbackId: VIEW_IDS.issueComment, title: TITLE, contextId: submission.contextId, text: 'Posting the comment…' }),
    buildDoneView: (result) => buildMessageView({ callbackId: VIEW_IDS.issueComment, title: TITLE, contextId: submission.contextId, message: render(result) }),
    buildRetryView: (feedback) =>
      buildIssueCommentModal({
        contextId: submission.contextId,
        form,
        feedback,
        ...(message !== undefined && isLongMessage(message) ? { longMessage: { text: message.text } } : {}),
      }),
    buildErrorView: (errorMessage) =>
      buildMessageView({ callbackId: VIEW_IDS.issueComment, title: TITLE, contextId: submission.contextId, message: errorMessage, close: 'Back' }),
    announce: async (result) => {
      await announceInOrigin(deps, options.client, { requester: submission.slackUser, ...submission }, render(result, submission.slackUser.userId));
    },
  });
}
