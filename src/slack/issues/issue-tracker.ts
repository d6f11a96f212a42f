import type { Comment, Issue } from '../../bitbucket/types.js';

/** The repository whose issues a tracker serves. */
export interface TrackerRepository {
  workspace: string;
  repoSlug: string;
}

/**
 * Whether a repository's issues can be used. `explanation` is plain text for the modal: what
 * happened and what to use instead.
 */
export type TrackerAvailability =
  | { available: true }
  | { available: false; reason: 'removed' | 'no_tracker'; explanation: string };

/** A new issue. `assigneeId` is an account id or a user `{uuid}`. */
export interface IssueDraft {
  title: string;
  content: string;
  kind?: string;
  priority?: string;
  assigneeId?: string;
}

/** Fields to change on an issue; left out means unchanged, `assigneeId: null` unassigns. */
export interface IssueChanges {
  title?: string;
  content?: string;
  kind?: string;
  priority?: string;
  state?: string;
  assigneeId?: string | null;
}

/** A change's result and whether it ran through the shared access token. */
export interface TrackerResult<T> {
  data: T;
  viaSharedToken: boolean;
}

/**
 * The issue tracker behind the issue modals, the issue shortcuts and `/bitbucket issue delete`,
 * acting as one Slack user. Bitbucket's own tracker implements it today; because Bitbucket Cloud
 * removed Issues on 2026-08-20, another tracker can implement it later without touching the Slack
 * surfaces. Every method throws the typed errors of src/bitbucket/errors.ts and
 * src/connections/errors.ts.
 */
export interface IssueTracker {
  /** Checks, with one read, whether the repository's issues can be used. */
  checkAvailability(repository: TrackerRepository): Promise<TrackerAvailability>;
  getIssue(repository: TrackerRepository, issueId: number): Promise<Issue>;
  /** Lists recent issues (newest changes first), for the issue select menu; `truncated` when more exist. */
  listRecentIssues(repository: TrackerRepository): Promise<{ issues: Issue[]; truncated: boolean }>;
  createIssue(repository: TrackerRepository, draft: IssueDraft): Promise<TrackerResult<Issue>>;
  updateIssue(repository: TrackerRepository, issueId: number, changes: IssueChanges): Promise<TrackerResult<Issue>>;
  deleteIssue(repository: TrackerRepository, issueId: number): Promise<TrackerResult<undefined>>;
  addComment(repository: TrackerRepository, issueId: number, content: string): Promise<TrackerResult<Comment>>;
}
