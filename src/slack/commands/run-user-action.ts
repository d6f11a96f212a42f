import type { ActionConnection } from '../../actions/action.js';
import { runAction } from '../../actions/registry.js';
import type { SlackUserRef } from '../../connections/keys.js';
import type { SlackDependencies } from '../slack-dependencies.js';

/** An action's data and whether it ran through the shared access token. */
export interface UserActionResult<T> {
  data: T;
  viaSharedToken: boolean;
}

/** The Bitbucket connection a Slack user's commands run with. */
export interface UserConnection {
  connection: ActionConnection;
  viaSharedToken: boolean;
}

/**
 * Returns the Slack user's Bitbucket connection: their own, else the shared access token. Throws
 * NotConnectedError when they have neither, for the caller's Connect prompt.
 */
export async function openUserConnection(deps: SlackDependencies, slackUser: SlackUserRef): Promise<UserConnection> {
  const source = await deps.connections.getTokenSource(slackUser);
  return {
    connection: { client: deps.bitbucket, tokens: source.tokens, logger: deps.logger },
    viaSharedToken: source.via === 'shared',
  };
}

/**
 * Runs a toolkit action as the Slack user: their own connection, else the shared access token.
 * Throws the typed error on failure (NotConnectedError included) for the caller's error reply.
 * Pass `user` to reuse a connection opened earlier in the same command, and `maxPages` to bound
 * how many pages a list action reads.
 */
export async function runUserAction<T>(
  deps: SlackDependencies,
  slackUser: SlackUserRef,
  slug: string,
  params: Record<string, unknown>,
  user?: UserConnection,
  options: { maxPages?: number } = {},
): Promise<UserActionResult<T>> {
  const { connection, viaSharedToken } = user ?? (await openUserConnection(deps, slackUser));
  const outcome = await runAction(slug, params, { ...connection, ...options });
  if (!outcome.ok) {
    throw outcome.error;
  }
  return { data: outcome.data as T, viaSharedToken };
}
