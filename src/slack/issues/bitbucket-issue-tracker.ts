import { BitbucketNotFoundError, IssueTrackerUnavailableError } from '../../bitbucket/errors.js';
import { getIssue, listIssues } from '../../bitbucket/issues.js';
import type { Comment, Issue } from '../../bitbucket/types.js';
import type { SlackUserRef } from '../../connections/keys.js';
import { runUserAction } from '../commands/run-user-action.js';
import type { SlackDependencies } from '../slack-dependencies.js';
import type { IssueChanges, IssueDraft, IssueTracker, TrackerAvailability, TrackerRepository } from './issue-tracker.js';

/** Issues read for the issue menu: two pages of 100, the most recently changed first. */
const RECENT_ISSUE_PAGES = 2;

/**
 * Creates the IssueTracker of Bitbucket Cloud's own issues, acting as `slackUser`. Changes go
 * through the toolkit actions. Reads without a toolkit action use the Bitbucket client directly.
 */
export function createBitbucketIssueTracker(deps: SlackDependencies, slackUser: SlackUserRef): IssueTracker {
  const readTokens = async () => (await deps.connections.getTokenSource(slackUser)).tokens;

  /**
   * Runs a request about one issue. Bitbucket returns 404 for a missing issue and for a missing
   * tracker alike, so after a 404 the issue list is read once to distinguish them. If that read
   * fails, its error describes the tracker. If it succeeds, the issue itself is missing.
   */
  async function explainMissingIssue<T>(repository: TrackerRepository, issueId: number, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      if (!(error instanceof IssueTrackerUnavailableError) || error.reason !== 'removed' || error.context.status !== 404) throw error;

      try {
        await listIssues(deps.bitbucket, await readTokens(), repository.workspace, repository.repoSlug, {}, { pagelen: 1, maxPages: 1 });
      } catch (listError) {
        throw listError instanceof IssueTrackerUnavailableError ? listError : error;
      }
      throw new BitbucketNotFoundError(
        `Issue #${issueId} of ${repository.workspace}/${repository.repoSlug} was not found on Bitbucket, or the token cannot see it.`,
        error.context,
        { cause: error },
      );
    }
  }

  return {
    async checkAvailability(repository) {
      try {
        await listIssues(deps.bitbucket, await readTokens(), repository.workspace, repository.repoSlug, {}, { pagelen: 10, maxPages: 1 });
        return { available: true };
      } catch (error) {
        if (error instanceof IssueTrackerUnavailableError) return describeUnavailable(repository, error.reason);
        throw error;
      }
    },

    async getIssue(repository, issueId) {
      return explainMissingIssue(repository, issueId, async () =>
        getIssue(deps.bitbucket, await readTokens(), repository.workspace, repository.repoSlug, issueId),
      );
    },

    async listRecentIssues(repository) {
      const pages = await listIssues(
        deps.bitbucket,
        await readTokens(),
        repository.workspace,
        repository.repoSlug,
        { sort: '-updated_on' },
        { maxPages: RECENT_ISSUE_PAGES },
      );
      return { issues: pages.values, truncated: pages.truncated };
    },

    async createIssue(repository, draft: IssueDraft) {
      return runUserAction<Issue>(deps, slackUser, 'BITBUCKET_CREATE_ISSUE', {
        workspace: repository.workspace,
        repo_slug: repository.repoSlug,
        title: draft.title,
        content: draft.content,
        ...(draft.kind === undefined ? {} : { kind: draft.kind }),
        ...(draft.priority === undefined ? {} : { priority: draft.priority }),
        ...(draft.assigneeId === undefined ? {} : { assignee: draft.assigneeId }),
      });
    },

    async updateIssue(repository, issueId, changes: IssueChanges) {
      const update = () =>
        runUserAction<Issue>(deps, slackUser, 'BITBUCKET_UPDATE_ISSUE', {
          workspace: repository.workspace,
          repo_slug: repository.repoSlug,
          issue_id: issueId,
          ...(changes.title === undefined ? {} : { title: changes.title }),
          ...(changes.content === undefined ? {} : { content: changes.content }),
          ...(changes.kind === undefined ? {} : { kind: changes.kind }),
          ...(changes.priority === undefined ? {} : { priority: changes.priority }),
          ...(changes.state === undefined ? {} : { state: changes.state }),
          ...(changes.assigneeId === undefined ? {} : { assignee_account_id: changes.assigneeId }),
        });
      return explainMissingIssue(repository, issueId, update);
    },

    async deleteIssue(repository, issueId) {
      const remove = () =>
        runUserAction<undefined>(deps, slackUser, 'BITBUCKET_DELETE_ISSUE', {
          workspace: repository.workspace,
          repo_slug: repository.repoSlug,
          issue_id: issueId,
        });
      return explainMissingIssue(repository, issueId, remove);
    },

    async addComment(repository, issueId, content) {
      const comment = () =>
        runUserAction<Comment>(deps, slackUser, 'BITBUCKET_CREATE_ISSUE_COMMENT', {
          workspace: repository.workspace,
          repo_slug: repository.repoSlug,
          issue_id: issueId,
          content,
        });
      return explainMissingIssue(repository, issueId, comment);
    },
  };
}

/** Explains, in plain text for a modal, why a repository's issues cannot be used and what to use instead. */
export function describeUnavailable(repository: TrackerRepository, reason: 'removed' | 'no_tracker'): TrackerAvailability {
  const name = `${repository.workspace}/${repository.repoSlug}`;
  if (reason === 'no_tracker') {
    return {
      available: false,
      reason,
      explanation:
        `${name} has no issue tracker on Bitbucket, so no issue can be filed or changed there. ` +
        'Pick another repository, or track the work in Jira or another tracker.',
    };
  }
  return {
    available: false,
    reason,
    explanation:
      `Bitbucket Cloud removed Issues, and their API, on 20 August 2026, so issues of ${name} cannot be filed or changed. ` +
      'Track the work in Jira or another tracker; a pull request or branch can still link to it.',
  };
}
