import { runAction } from '../../actions/registry.js';
import type { SlackUserRef } from '../../connections/keys.js';
import type { SlackDependencies } from '../slack-dependencies.js';

/** An action's data and whether it ran through the shared access token. */
export interface UserActionResult<T> {
  data: T;
  viaSharedToken: boolean;
}

/**
 * Runs a toolkit action as the Slack user: their own connection, else the shared access token.
 * Throws the typed error on failure (NotConnectedError included) for the caller's error reply.
 */
export async function runUserAction<T>(
  deps: SlackDependencies,
  slackUser: SlackUserRef,
  slug: string,
  params: Record<string, unknown>,
): Promise<UserActionResult<T>> {
  const source = await deps.connections.getTokenSource(slackUser);
  const outcome = await runAction(slug, params, { client: deps.bitbucket, tokens: source.tokens, logger: deps.logger });
  if (!outcome.ok) {
    throw outcome.error;
  }
  return { data: outcome.data as T, viaSharedToken: source.via === 'shared' };
}
