import type { App, BlockAction, ButtonAction, ExternalSelectAction } from '@slack/bolt';

import { ACTION_IDS, VIEW_IDS } from '../../ids.js';
import { parseMenuForm, showMenuForm } from '../../modals/global-menu/global-menu.js';
import { readIssueCommentForm } from '../../modals/issue/issue-comment-form.js';
import { readIssueForm } from '../../modals/issue/issue-form.js';
import { onCommentRepositoryPicked } from '../../modals/issue/open-issue-comment-modal.js';
import { onIssueRepositoryPicked } from '../../modals/issue/open-issue-modal.js';
import { parseRepositoryValue, readChoiceValue } from '../../modals/option-choice.js';
import { onPullRequestRepositoryPicked, onPullRequestSourcePicked } from '../../modals/pull-request/open-pull-request-modal.js';
import { readPullRequestForm } from '../../modals/pull-request/pull-request-form.js';
import { readContextId, readViewContext } from '../../modals/read-view-repository.js';
import type { SlackDependencies } from '../../slack-dependencies.js';
import { slackUserOf } from '../slack-user-of.js';

/**
 * Registers the actions inside forms: picking a repository or a source branch changes what the
 * form shows (main branch, suggested title, a removed issue tracker), and the global menu's
 * buttons replace the menu with a form. Each acknowledges at once and updates the view after.
 */
export function registerFormActions(app: App, deps: SlackDependencies): void {
  app.action<BlockAction<ExternalSelectAction>>(ACTION_IDS.repositorySelect, async ({ ack, body, action, client }) => {
    await ack();
    await deps.pendingWork.track(
      onRepositoryPicked(deps, client, body, action.selected_option ?? undefined).catch((error: unknown) => logActionFailure(deps, body, error)),
    );
  });

  app.action<BlockAction<ExternalSelectAction>>(ACTION_IDS.sourceBranchSelect, async ({ ack, body, action, client }) => {
    await ack();
    await deps.pendingWork.track(
      onSourcePicked(deps, client, body, action.selected_option?.value).catch((error: unknown) => logActionFailure(deps, body, error)),
    );
  });

  app.action<BlockAction<ButtonAction>>(ACTION_IDS.openForm, async ({ ack, body, action, client }) => {
    await ack();
    const form = parseMenuForm(action.value);
    if (form === undefined || body.view === undefined) {
      deps.logger.warn({ slackUserId: body.user.id, value: action.value }, 'a menu button carried an unknown form');
      return;
    }
    const request = { viewId: body.view.id, hash: body.view.hash, slackUser: slackUserOf(body), form };
    await deps.pendingWork.track(showMenuForm(deps, client, request).catch((error: unknown) => logActionFailure(deps, body, error)));
  });
}

type ActionClient = Parameters<typeof onPullRequestRepositoryPicked>[1];

async function onRepositoryPicked(
  deps: SlackDependencies,
  client: ActionClient,
  body: BlockAction,
  selected: { text: { text: string }; value?: string } | undefined,
): Promise<void> {
  const view = body.view;
  if (view === undefined || selected?.value === undefined) return;
  const picked = { text: selected.text.text, value: selected.value };
  const choice = await readChoiceValue(deps.store, picked);
  const repository = choice.ok ? parseRepositoryValue(choice.value) : undefined;
  if (repository === undefined) return;

  const contextId = readContextId(view) ?? '';
  const context = await readViewContext(deps, view);
  const common = { viewId: view.id, hash: view.hash, slackUser: slackUserOf(body), contextId, context, repository };
  // The view state carries the new pick too; the action's own option is used in case it does not.
  switch (view.callback_id) {
    case VIEW_IDS.pullRequest:
      await onPullRequestRepositoryPicked(deps, client, { ...common, form: { ...readPullRequestForm(view.state.values), repository: picked } });
      return;
    case VIEW_IDS.issue:
      await onIssueRepositoryPicked(deps, client, { ...common, form: { ...readIssueForm(view.state.values), repository: picked } });
      return;
    case VIEW_IDS.issueComment:
      await onCommentRepositoryPicked(deps, client, { ...common, form: { ...readIssueCommentForm(view.state.values), repository: picked } });
      return;
    default:
      // The branch form needs nothing from the repository until it is submitted.
      return;
  }
}

async function onSourcePicked(deps: SlackDependencies, client: ActionClient, body: BlockAction, value: string | undefined): Promise<void> {
  const view = body.view;
  if (view === undefined || value === undefined || view.callback_id !== VIEW_IDS.pullRequest) return;
  const choice = await readChoiceValue(deps.store, { text: value, value });
  if (!choice.ok) return;

  await onPullRequestSourcePicked(deps, client, {
    viewId: view.id,
    hash: view.hash,
    slackUser: slackUserOf(body),
    contextId: readContextId(view) ?? '',
    context: await readViewContext(deps, view),
    form: readPullRequestForm(view.state.values),
    branch: choice.value,
  });
}

function logActionFailure(deps: SlackDependencies, body: BlockAction, error: unknown): void {
  deps.logger.error({ err: error, slackTeamId: body.team?.id, slackUserId: body.user.id, viewCallbackId: body.view?.callback_id }, 'a form action failed');
}
