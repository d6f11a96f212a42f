import type { App, ViewResponseAction, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';

import { VIEW_IDS } from '../../ids.js';
import { submitBranch } from '../../modals/branch/branch-modal.js';
import { submitDeleteRepository } from '../../modals/delete-repository/delete-repository-modal.js';
import { submitIssue } from '../../modals/issue/submit-issue.js';
import { submitIssueComment } from '../../modals/issue/submit-issue-comment.js';
import { submitPullRequest } from '../../modals/pull-request/submit-pull-request.js';
import { submitRepository } from '../../modals/repository/repository-modal.js';
import { buildMessageView } from '../../modals/status-views.js';
import { buildErrorReply } from '../../replies/reply-with-error.js';
import type { SlackDependencies } from '../../slack-dependencies.js';
import { slackUserOf } from '../slack-user-of.js';
import { registerFormActions } from './register-form-actions.js';

type SubmitHandler = (options: {
  deps: SlackDependencies;
  body: ViewSubmitAction;
  ack: (response?: ViewResponseAction) => Promise<void>;
  client: WebClient;
  startedAt: number;
}) => Promise<void>;

const SUBMIT_HANDLERS: Array<[string, SubmitHandler]> = [
  [VIEW_IDS.pullRequest, submitPullRequest],
  [VIEW_IDS.issue, submitIssue],
  [VIEW_IDS.issueComment, submitIssueComment],
  [VIEW_IDS.repository, submitRepository],
  [VIEW_IDS.branch, submitBranch],
  [VIEW_IDS.deleteRepository, submitDeleteRepository],
];

/** Registers the submissions of every form and the actions inside the forms (menus that change the form, the global menu's buttons). */
export function registerViewListeners(app: App, deps: SlackDependencies): void {
  for (const [callbackId, submit] of SUBMIT_HANDLERS) {
    app.view<ViewSubmitAction>({ callback_id: callbackId, type: 'view_submission' }, async ({ ack, body, client }) => {
      const startedAt = performance.now();
      let acknowledged = false;
      const ackOnce = async (response?: ViewResponseAction) => {
        acknowledged = true;
        await ack(response);
      };

      try {
        await submit({ deps, body, ack: ackOnce, client, startedAt });
      } catch (error) {
        if (acknowledged) {
          deps.logger.error({ err: error, slackUserId: body.user.id, callbackId }, 'a form submission failed after Slack got its response');
          return;
        }
        // Slack shows a generic error unless the submission gets a response, so the error view is pushed over the form.
        const reply = await buildErrorReply(error, { slackUser: slackUserOf(body), operation: `${callbackId} submission` }, deps);
        await ack({ response_action: 'push', view: buildMessageView({ callbackId, title: body.view.title.text, message: reply, close: 'Back' }) });
      }
    });
  }

  registerFormActions(app, deps);
}
