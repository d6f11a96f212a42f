import type { App, BlockAction, ButtonAction } from '@slack/bolt';

import { buildPullRequestListMessage } from '../../commands/handlers/pull-request-handlers.js';
import { ACTION_IDS } from '../../ids.js';
import { buildFallbackText, buildSection } from '../../render/blocks.js';
import { parsePullRequestPageValue } from '../../render/pull-request-page-value.js';
import { renderConnectPrompt } from '../../render/render-connection.js';
import { postToResponseUrl } from '../../replies/post-to-response-url.js';
import { buildErrorReply } from '../../replies/reply-with-error.js';
import type { SlackDependencies } from '../../slack-dependencies.js';
import { deferButtonWork } from '../defer-button-work.js';
import { slackUserOf } from '../slack-user-of.js';

/**
 * Registers the buttons of messages: pull request pagination, Connect and plain links. Their
 * replies go through the response_url, which needs no trigger_id, so they wait in the work queue.
 */
export function registerActionListeners(app: App, deps: SlackDependencies): void {
  for (const actionId of [ACTION_IDS.pullRequestsNextPage, ACTION_IDS.pullRequestsPreviousPage]) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action }) => {
      await ack();
      await deferButtonWork(deps, body, 'pull request list page', () => showPullRequestPage(deps, body, action.value));
    });
  }

  app.action<BlockAction<ButtonAction>>(ACTION_IDS.connect, async ({ ack, body, action }) => {
    await ack();
    // A Connect button with a URL opens Bitbucket in the browser; Slack still sends this payload.
    if (action.url) return;
    await deferButtonWork(deps, body, 'connect button', () => sendFreshConnectLink(deps, body));
  });

  // Link buttons open in the browser; the payload Slack sends along needs only an ack.
  app.action(ACTION_IDS.openLink, async ({ ack }) => {
    await ack();
  });
}

async function showPullRequestPage(deps: SlackDependencies, body: BlockAction, value: string | undefined): Promise<void> {
  const slackUser = slackUserOf(body);
  const responseUrl = body.response_url;
  const state = parsePullRequestPageValue(value);

  try {
    if (!state) {
      deps.logger.warn({ slackUserId: slackUser.userId, value }, 'pull request pagination button carried an invalid value');
      await postToResponseUrl(deps.postJson, responseUrl, {
        text: buildFallbackText('This button no longer works'),
        blocks: [buildSection('This button no longer works. Run `/bitbucket prs <workspace>/<repository>` again.')],
        replaceOriginal: false,
      });
      return;
    }
    const message = await buildPullRequestListMessage(deps, slackUser, state);
    await postToResponseUrl(deps.postJson, responseUrl, { ...message, replaceOriginal: true }).catch((postError: unknown) => {
      // The page was read and only posting it failed, so an error reply would be wrong.
      deps.logger.warn({ err: postError, slackTeamId: slackUser.teamId, slackUserId: slackUser.userId }, 'posting the page of the pull request list failed');
    });
  } catch (error) {
    const reply = await buildErrorReply(error, { slackUser, operation: 'pull request list page' }, deps);
    await postToResponseUrl(deps.postJson, responseUrl, { ...reply, replaceOriginal: false }).catch((postError: unknown) =>
      deps.logger.error({ err: postError, slackUserId: slackUser.userId }, 'could not deliver an error reply'),
    );
  }
}

async function sendFreshConnectLink(deps: SlackDependencies, body: BlockAction): Promise<void> {
  const slackUser = slackUserOf(body);
  try {
    const { url, expiresAt } = await deps.connections.startAuthorization(slackUser, {
      userName: body.user.name,
      responseUrl: body.response_url,
    });
    const prompt = renderConnectPrompt({ authorizeUrl: url, expiresInMinutes: Math.round((expiresAt - deps.now()) / 60_000) });
    await postToResponseUrl(deps.postJson, body.response_url, { ...prompt, replaceOriginal: true });
  } catch (error) {
    const reply = await buildErrorReply(error, { slackUser, operation: 'connect button' }, deps);
    await postToResponseUrl(deps.postJson, body.response_url, { ...reply, replaceOriginal: false }).catch((postError: unknown) =>
      deps.logger.error({ err: postError, slackUserId: slackUser.userId }, 'could not deliver an error reply'),
    );
  }
}
