import type { Account } from '../../../bitbucket/types.js';
import type { BitbucketAccountSummary } from '../../../connections/connection.js';
import { renderConnectPrompt, renderDisconnected, renderWhoami, type WhoamiConnection } from '../../render/render-connection.js';
import { renderHelp } from '../../render/render-help.js';
import type { CommandHandler } from '../command-handler.js';
import { runUserAction } from '../run-user-action.js';

/** Converts the account summary kept with a connection to the Bitbucket account shape renderers take. */
export function toAccount(summary: BitbucketAccountSummary): Account {
  return {
    uuid: summary.uuid,
    account_id: summary.accountId,
    display_name: summary.displayName,
    nickname: summary.nickname,
  };
}

export const handleHelp: CommandHandler<'help'> = async (command, context) => {
  await context.reply(renderHelp(command.verb));
};

/** Starts linking (or re-linking) the user's Bitbucket account: a Connect button with a fresh state. */
export const handleConnect: CommandHandler<'connect'> = async (_command, context, deps) => {
  const { url, expiresAt } = await deps.connections.startAuthorization(context.slackUser, {
    userName: context.userName,
    channelId: context.channelId,
    responseUrl: context.responseUrl,
  });
  await context.reply(
    renderConnectPrompt({ authorizeUrl: url, expiresInMinutes: Math.round((expiresAt - deps.now()) / 60_000) }),
  );
};

export const handleDisconnect: CommandHandler<'disconnect'> = async (_command, context, deps) => {
  const connection = await deps.connections.getConnection(context.slackUser);
  await deps.connections.disconnect(context.slackUser);
  await context.reply(renderDisconnected({ account: connection ? toAccount(connection.account) : undefined }));
};

/** Names the Bitbucket account commands run as: the user's own, the shared access token, or none. */
export const handleWhoami: CommandHandler<'whoami'> = async (_command, context, deps) => {
  const connection = await deps.connections.getConnection(context.slackUser);

  let whoami: WhoamiConnection;
  if (connection && !connection.broken) {
    whoami = { kind: 'own', account: toAccount(connection.account) };
  } else if (!connection && deps.connections.sharedAccessEnabled) {
    whoami = { kind: 'shared', account: await readSharedAccount(context, deps) };
  } else {
    // A broken connection behaves as none: getTokenSource would ask the user to reconnect.
    whoami = { kind: 'none', canConnect: deps.connections.connectEnabled };
  }
  await context.reply(renderWhoami({ slackUserId: context.slackUser.userId, connection: whoami }));
};

/** Returns the account behind the shared access token, or undefined when Bitbucket does not say. */
async function readSharedAccount(
  context: Parameters<CommandHandler<'whoami'>>[1],
  deps: Parameters<CommandHandler<'whoami'>>[2],
): Promise<Account | undefined> {
  try {
    const { data } = await runUserAction<Account>(deps, context.slackUser, 'BITBUCKET_GET_CURRENT_USER', {});
    return data;
  } catch (error) {
    // Workspace and repository access tokens may not be allowed to read /user; whoami still answers.
    deps.logger.info({ err: error, slackUserId: context.slackUser.userId }, 'could not read the shared access token\'s account');
    return undefined;
  }
}
