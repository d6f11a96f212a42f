import type { WebClient } from '@slack/web-api';

import type { SlackUserRef } from '../../../connections/keys.js';
import { VIEW_IDS } from '../../ids.js';
import { openIssueTracker } from '../../issues/open-issue-tracker.js';
import { readShortcutMessage, type ShortcutMessage } from '../../messages/read-shortcut-message.js';
import type { SlackDependencies } from '../../slack-dependencies.js';
import { createModalContextId, trySaveModalContext, type ModalContext, type ModalOrigin, type RepositoryName } from '../modal-context.js';
import { describeLoading, showFormFailure, updateOpenView, type OpenView } from '../show-form-failure.js';
import { buildLoadingView } from '../status-views.js';
import { buildIssueCommentModal, type IssueCommentForm, type IssueCommentModalOptions } from './issue-comment-form.js';
import { composeMessageContent, isLongMessage } from './message-content.js';

/**
 * Opens the modal of the "Comment on Bitbucket issue" shortcut: a loading view at once (the
 * trigger expires after 3 seconds), then the form with the decoded message and its permalink as
 * the comment. A long message is kept whole in the modal's context and posted whole.
 */
export async function openIssueCommentFromMessage(
  deps: SlackDependencies,
  client: WebClient,
  request: { slackUser: SlackUserRef; origin: ModalOrigin; triggerId: string; channelId: string; message: ShortcutMessage },
): Promise<void> {
  const contextId = createModalContextId();
  const loading = buildLoadingView({ callbackId: VIEW_IDS.issueComment, title: 'Comment on an issue', contextId, text: 'Reading the message…' });
  const opened = await client.views.open({ trigger_id: request.triggerId, view: loading });
  const target = { ...request, contextId, viewId: opened.view?.id ?? '', hash: opened.view?.hash, ...describeLoading(request.origin, 'Use the shortcut on the message again.') };

  const message = await readShortcutMessage({ client, store: deps.store, logger: deps.logger, slackUser: request.slackUser, channelId: request.channelId, message: request.message });
  await trySaveModalContext(deps.store, deps.logger, contextId, {
    form: 'issue-comment',
    requester: request.slackUser,
    origin: request.origin,
    message,
    createdAt: deps.now(),
  });

  const long = isLongMessage(message);
  const options: IssueCommentModalOptions = {
    contextId,
    form: long ? {} : { content: composeMessageContent(message) },
    ...(long ? { longMessage: { text: message.text } } : {}),
  };
  try {
    await deps.connections.getTokenSource(request.slackUser);
    await updateOpenView(deps, client, target, buildIssueCommentModal(options));
  } catch (error) {
    await showFormFailure(deps, client, commentFailureTarget(target), error, (notice) => buildIssueCommentModal({ ...options, feedback: { notice } }));
  }
}

/** Reacts to a repository picked in the comment form: checks its tracker and empties the issue menu. */
export async function onCommentRepositoryPicked(
  deps: SlackDependencies,
  client: WebClient,
  request: OpenView & { slackUser: SlackUserRef; contextId: string; context: ModalContext | undefined; form: IssueCommentForm; repository: RepositoryName },
): Promise<void> {
  const context: ModalContext = {
    ...(request.context ?? { form: 'issue-comment', requester: request.slackUser, origin: {}, createdAt: deps.now() }),
    repository: request.repository,
  };
  await trySaveModalContext(deps.store, deps.logger, request.contextId, context);

  const form: IssueCommentForm = { ...request.form };
  delete form.issue;
  const message = context.message;
  const options: IssueCommentModalOptions = {
    contextId: request.contextId,
    form,
    ...(message !== undefined && isLongMessage(message) ? { longMessage: { text: message.text } } : {}),
  };
  try {
    const availability = await openIssueTracker(deps, request.slackUser).checkAvailability(request.repository);
    await updateOpenView(deps, client, request, buildIssueCommentModal({ ...options, availability }));
  } catch (error) {
    const target = commentFailureTarget({ ...request, origin: context.origin });
    await showFormFailure(deps, client, target, error, (notice) => buildIssueCommentModal({ ...options, feedback: { notice } }));
  }
}

function commentFailureTarget<T extends OpenView & { slackUser: SlackUserRef; contextId: string }>(request: T) {
  return { ...request, operation: 'issue comment form', callbackId: VIEW_IDS.issueComment, title: 'Comment on an issue' };
}
