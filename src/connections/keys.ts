/**
 * Every key the app writes to the store, in one place. Changing a name here orphans the values
 * already stored under the old name (connections included), so the exact names that reach Redis
 * are pinned by a test.
 */

/** Namespace of every key. Keyv with @keyv/redis 5 writes `connection:T1:U1` as `bbslack::bbslack:connection:T1:U1`. */
export const STORE_NAMESPACE = 'bbslack';

/** The Slack identity that owns a connection. */
export interface SlackUserRef {
  teamId: string;
  userId: string;
  /** Set on Enterprise Grid, where user ids are unique across the whole organization. */
  enterpriseId?: string;
}

/**
 * Returns the id that scopes a Slack user: the enterprise id on Enterprise Grid (so one
 * connection serves the person in every workspace of the organization), else the team id.
 */
export function slackOwnerId(user: SlackUserRef): string {
  return user.enterpriseId ?? user.teamId;
}

/** Key of a Slack user's Bitbucket connection: `connection:{team or enterprise}:{user}`. */
export function connectionKey(user: SlackUserRef): string {
  return `connection:${slackOwnerId(user)}:${user.userId}`;
}

/** Key of a pending OAuth authorization, from `/authorize` until the person confirms. */
export function oauthStateKey(state: string): string {
  return `oauth-state:${state}`;
}

/** Lock name that serializes writes of one Slack user's connection (refresh, confirm, disconnect) across processes. */
export function refreshLockKey(user: SlackUserRef): string {
  return `lock:refresh:${slackOwnerId(user)}:${user.userId}`;
}

/** Key of a Slack installation (its bot token and ids) for a team or an enterprise. */
export function installationKey(teamOrEnterpriseId: string): string {
  return `installation:${teamOrEnterpriseId}`;
}

/**
 * Key of what an open modal needs when it is submitted, possibly on another process: where it was
 * started (channel, thread, response_url), who opened it and long text such as a Slack message.
 * The modal's `private_metadata` carries only the id.
 */
export function modalContextKey(id: string): string {
  return `modal:${id}`;
}

/** Lock name held while one submission of a modal view is being sent to Bitbucket. */
export function submissionLockKey(viewId: string): string {
  return `lock:submission:${viewId}`;
}

/** Key that marks a modal view whose submission was made, so a second submission of it sends nothing. */
export function submittedViewKey(viewId: string): string {
  return `submitted-view:${viewId}`;
}

/** Lock name held while one press of an issue's Delete button deletes it. */
export function issueDeleteLockKey(workspace: string, repoSlug: string, issueId: number): string {
  return `lock:issue-delete:${workspace}/${repoSlug}#${issueId}`;
}

/** Key of a cached value, such as `cache:repositories:{workspace}`. Callers choose the parts. */
export function cacheKey(...parts: string[]): string {
  return `cache:${parts.join(':')}`;
}

/**
 * Returns the Redis key under which Keyv 5 with @keyv/redis 5 stores `key`: Keyv prefixes
 * `{namespace}:` and the adapter prefixes `{namespace}::` again.
 */
export function toRedisKey(namespace: string, key: string): string {
  return `${namespace}::${namespace}:${key}`;
}
