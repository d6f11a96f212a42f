/** States `prs` accepts; `all` lists every state. */
export const PULL_REQUEST_STATE_FILTERS = ['open', 'merged', 'declined', 'superseded', 'all'] as const;

export type PullRequestStateFilter = (typeof PULL_REQUEST_STATE_FILTERS)[number];

/**
 * A `/bitbucket` command after parsing. `workspace` and `repoSlug` are validated loosely (no
 * empty parts, no `..`); ids are positive integers. Optional repository fields are both set or
 * both absent.
 */
export type ParsedCommand =
  | { kind: 'help'; /** Lower-cased help topic: a verb (`issue`) or a command (`issue comment`). */ verb?: string }
  | { kind: 'connect' }
  | { kind: 'disconnect' }
  | { kind: 'whoami' }
  | { kind: 'workspaces'; filter?: string }
  | { kind: 'repos'; workspace: string; filter?: string }
  | { kind: 'members'; workspace: string }
  | { kind: 'prs'; workspace: string; repoSlug: string; state: PullRequestStateFilter }
  | { kind: 'pr-create'; workspace?: string; repoSlug?: string; source?: string; destination?: string }
  | { kind: 'branch-create'; workspace: string; repoSlug: string; name: string; from?: string }
  | { kind: 'file'; workspace: string; repoSlug: string; path: string; at?: string }
  | { kind: 'repo-create'; workspace?: string; repoSlug?: string }
  | { kind: 'repo-delete'; workspace: string; repoSlug: string }
  | { kind: 'issue-create'; workspace?: string; repoSlug?: string; title?: string }
  | { kind: 'issue-comment'; workspace: string; repoSlug: string; issueId: number; text: string }
  | { kind: 'issue-update'; workspace: string; repoSlug: string; issueId: number }
  | { kind: 'issue-delete'; workspace: string; repoSlug: string; issueId: number }
  | { kind: 'snippet'; workspace: string; snippetId: string }
  | { kind: 'snippet-comment'; workspace: string; snippetId: string; text: string; replyTo?: number }
  | CommandError;

/** The text could not be parsed. `message` describes the problem and `usage` shows the correct form. */
export interface CommandError {
  kind: 'error';
  message: string;
  /** Usage lines (one per line) of the command the user meant, or of the closest commands. */
  usage: string;
  /** Closest command names for an unknown verb, best first. */
  suggestions?: string[];
}
