import type { SlackUserRef } from '../../connections/keys.js';
import type { SlackDependencies } from '../slack-dependencies.js';
import { createBitbucketIssueTracker } from './bitbucket-issue-tracker.js';
import type { IssueTracker } from './issue-tracker.js';

/**
 * Returns the issue tracker the Slack surfaces use, acting as `slackUser`. Today that is
 * Bitbucket's own; a deployment that moves its issues elsewhere changes only this function.
 */
export function openIssueTracker(deps: SlackDependencies, slackUser: SlackUserRef): IssueTracker {
  return createBitbucketIssueTracker(deps, slackUser);
}
