import type { BitbucketAccountSummary } from '../connections/connection.js';
import type { SlackUserRef } from '../connections/keys.js';
import type { ConnectFailureReason, OAuthFlowHooks, PendingCommand } from '../connections/oauth-flow-types.js';
import type { CommandHandlers } from './commands/command-handler.js';
import { toAccount } from './commands/handlers/account-handlers.js';
import { dispatchCommand } from './commands/dispatch-command.js';
import { readPendingForm } from './modals/pending-form.js';
import type { SlackMessage } from './render/blocks.js';
import { renderConnectFailure } from './render/render-connect-failure.js';
import { renderConnected } from './render/render-connection.js';
import { postToResponseUrl } from './replies/post-to-response-url.js';
import type { SlackDependencies } from './slack-dependencies.js';

/** The pending command the Slack layer stores with an OAuth state. */
interface SlashCommandPending {
  kind: 'slash_command';
  text: string;
  channelId: string;
  responseUrl: string;
  userName?: string;
}

/**
 * Hooks the OAuth flow calls once a person confirmed (or failed) linking their account: tell
 * them in Slack, then run the command they had typed, or explain how to open the form they
 * connected from again. The dependencies arrive after the Bolt app exists, so the hooks read them
 * through `getDeps`.
 */
export function createConnectHooks(getDeps: () => SlackDependencies, handlers: CommandHandlers): OAuthFlowHooks {
  return {
    async onConnected({ slackUser, account, pending }) {
      const deps = getDeps();
      const command = asSlashCommand(pending);
      const form = readPendingForm(pending);
      const connected = renderConnected({
        account: toAccount(account),
        pendingCommand: command?.text.trim() || undefined,
        ...(form === undefined ? {} : { pendingForm: form }),
      });
      await notify(deps, slackUser, pending, connected);

      if (command && command.text.trim() !== '' && !isConnectCommand(command.text)) {
        await replayCommand(deps, handlers, slackUser, command);
      }
      logConnected(deps, slackUser, account);
    },

    async onConnectFailed({ slackUser, reason, pending }) {
      const deps = getDeps();
      await notify(deps, slackUser, pending, renderConnectFailure(reason));
      logFailure(deps, slackUser, reason);
    },
  };
}

/** Tells the user through the response_url of their command, else in a direct message from the bot. */
async function notify(deps: SlackDependencies, slackUser: SlackUserRef, pending: PendingCommand | undefined, message: SlackMessage): Promise<void> {
  const responseUrl = typeof pending?.responseUrl === 'string' ? pending.responseUrl : undefined;
  if (responseUrl) {
    try {
      await postToResponseUrl(deps.postJson, responseUrl, message);
      return;
    } catch (error) {
      // A response_url works 5 times within 30 minutes; after that, a direct message still arrives.
      deps.logger.warn({ err: error, slackUserId: slackUser.userId }, 'response_url failed; sending a direct message instead');
    }
  }
  const client = await deps.getSlackClient(slackUser);
  await client.chat.postMessage({ channel: slackUser.userId, text: message.text, blocks: message.blocks });
}

async function replayCommand(
  deps: SlackDependencies,
  handlers: CommandHandlers,
  slackUser: SlackUserRef,
  command: SlashCommandPending,
): Promise<void> {
  const client = await deps.getSlackClient(slackUser);
  await deps.pendingWork.track(
    dispatchCommand(
      {
        slackUser,
        userName: command.userName,
        channelId: command.channelId,
        text: command.text,
        responseUrl: command.responseUrl,
        client,
        reply: (message) => postToResponseUrl(deps.postJson, command.responseUrl, message),
      },
      handlers,
      deps,
    ),
  );
}

function asSlashCommand(pending: PendingCommand | undefined): SlashCommandPending | undefined {
  if (pending?.kind !== 'slash_command') return undefined;
  if (typeof pending.text !== 'string' || typeof pending.responseUrl !== 'string' || typeof pending.channelId !== 'string') {
    return undefined;
  }
  return pending as unknown as SlashCommandPending;
}

function isConnectCommand(text: string): boolean {
  return /^\s*connect\s*$/i.test(text);
}

function logConnected(deps: SlackDependencies, slackUser: SlackUserRef, account: BitbucketAccountSummary): void {
  deps.logger.info(
    { slackTeamId: slackUser.teamId, slackUserId: slackUser.userId, bitbucketAccount: account.uuid },
    'a Slack user connected a Bitbucket account',
  );
}

function logFailure(deps: SlackDependencies, slackUser: SlackUserRef, reason: ConnectFailureReason): void {
  deps.logger.info({ slackTeamId: slackUser.teamId, slackUserId: slackUser.userId, reason }, 'linking a Bitbucket account failed');
}
