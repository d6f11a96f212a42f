import { BitbucketError, BitbucketUnauthorizedError } from '../../../bitbucket/errors.js';
import type { Account } from '../../../bitbucket/types.js';
import type { BitbucketAccountSummary } from '../../../connections/connection.js';
import { ConnectionBrokenError, OAuthInvalidGrantError } from '../../../connections/errors.js';
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
  const wasConnected = await deps.connections.disconnect(context.slackUser);
  await context.reply(renderDisconnected({ account: connection ? toAccount(connection.account) : undefined, wasConnected }));
};

/**
 * Names the Bitbucket account commands run as: the user's own, the shared access token, or none.
 * The user's own connection is checked with Bitbucket, so one whose tokens Bitbucket rejects
 * shows as broken rather than as connected.
 */
export const handleWhoami: CommandHandler<'whoami'> = async (_command, context, deps) => {
  const connection = await deps.connections.getConnection(context.slackUser);

  let whoami: WhoamiConnection;
  if (connection?.broken) {
    whoami = { kind: 'broken', account: toAccount(connection.account) };
  } else if (connection) {
    whoami = await checkOwnConnection(context, deps, toAccount(connection.account));
  } else if (deps.connections.sharedAccessEnabled) {
    whoami = { kind: 'shared', account: await readSharedAccount(context, deps) };
  } else {
    whoami = { kind: 'none', canConnect: deps.connections.connectEnabled };
  }
  await context.reply(renderWhoami({ slackUserId: context.slackUser.userId, connection: whoami }));
};

/**
 * Reads the current account through the user's own connection. Returns the stored account as
 * `broken` when Bitbucket rejects the tokens, and as `own` when Bitbucket fails otherwise (an
 * outage, a timeout, a rate limit). Errors of the app's storage are thrown.
 */
async function checkOwnConnection(
  context: Parameters<CommandHandler<'whoami'>>[1],
  deps: Parameters<CommandHandler<'whoami'>>[2],
  storedAccount: Account,
): Promise<WhoamiConnection> {
  try {
    const { data } = await runUserAction<Account>(deps, context.slackUser, 'BITBUCKET_GET_CURRENT_USER', {});
    return { kind: 'own', account: data };
  } catch (error) {
    const ids = { slackTeamId: context.slackUser.teamId, slackUserId: context.slackUser.userId };
    const rejected =
      error instanceof ConnectionBrokenError || error instanceof OAuthInvalidGrantError || error instanceof BitbucketUnauthorizedError;
    if (rejected) {
      deps.logger.info({ err: error, ...ids }, 'whoami found a Bitbucket connection whose tokens Bitbucket rejects');
      return { kind: 'broken', account: storedAccount };
    }
    if (!(error instanceof BitbucketError)) throw error;

    deps.logger.warn({ err: error, ...ids }, 'whoami could not check the connection with Bitbucket, so it shows the stored account');
    return { kind: 'own', account: storedAccount };
  }
}

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
