import type { Branch, Issue, PullRequest, Repository } from '../../bitbucket/types.js';
import { buildBranchUrl, buildPullRequestUrl, buildRepositoryUrl, pickHtmlUrl } from './bitbucket-links.js';
import type { SlackMessage } from './blocks.js';
import { buildConfirmation, type ActorInput } from './confirmation.js';
import { formatAccountName } from './format-account.js';
import { formatIssueLink, formatRepositoryLink } from './format-targets.js';
import { escapeMrkdwn, formatLink } from './mrkdwn.js';

interface RepositoryTarget extends ActorInput {
  workspace: string;
  repoSlug: string;
}

/** Renders the announcement of a created branch; `from` is the starting point the user named. */
export function renderBranchCreated(input: RepositoryTarget & { branch: Branch; from?: string }): SlackMessage {
  const { branch } = input;
  const repository = `${input.workspace}/${input.repoSlug}`;
  const url = pickHtmlUrl(branch.links, buildBranchUrl(input.workspace, input.repoSlug, branch.name));
  const shortHash = branch.target.hash.slice(0, 7);
  const start = input.from === undefined ? `\`${shortHash}\`` : `\`${escapeMrkdwn(input.from)}\` (\`${shortHash}\`)`;

  return buildConfirmation({
    actor: input,
    sentence: `created branch *${formatLink(url, branch.name)}* in ${formatRepositoryLink(input)} from ${start}.`,
    fallback: `Created branch ${branch.name} in ${repository}`,
  });
}

/** Renders the announcement of an opened pull request with its branches and reviewers. */
export function renderPullRequestCreated(input: RepositoryTarget & { pullRequest: PullRequest }): SlackMessage {
  const { pullRequest } = input;
  const url = pickHtmlUrl(pullRequest.links, buildPullRequestUrl(input.workspace, input.repoSlug, pullRequest.id));
  const branches = `\`${escapeMrkdwn(pullRequest.source.branch.name)}\` → \`${escapeMrkdwn(pullRequest.destination.branch.name)}\``;

  const reviewers = (pullRequest.reviewers ?? []).map((reviewer) => formatAccountName(reviewer));
  const context = [reviewers.length === 0 ? 'No reviewers' : `Reviewers: ${reviewers.join(', ')}`];
  if (pullRequest.close_source_branch === true) context.push('closes the source branch on merge');

  return buildConfirmation({
    actor: input,
    sentence: `opened pull request *${formatLink(url, `#${pullRequest.id} ${pullRequest.title}`)}* in ${formatRepositoryLink(input)}: ${branches}.`,
    fallback: `Opened pull request #${pullRequest.id} ${pullRequest.title} in ${input.workspace}/${input.repoSlug}`,
    context,
  });
}

/** Renders the announcement of a created repository. */
export function renderRepositoryCreated(input: ActorInput & { repository: Repository }): SlackMessage {
  const { repository } = input;
  const [workspace = '', slug = repository.name] = repository.full_name.split('/');
  const url = pickHtmlUrl(repository.links, buildRepositoryUrl(workspace, repository.slug ?? slug));

  const context: string[] = [];
  if (repository.is_private !== undefined) context.push(repository.is_private ? 'private' : 'public');
  if (repository.project?.name !== undefined) context.push(`project ${escapeMrkdwn(repository.project.name)}`);
  if (repository.language !== undefined && repository.language !== '') context.push(escapeMrkdwn(repository.language));

  return buildConfirmation({
    actor: input,
    sentence: `created repository *${formatLink(url, repository.full_name)}*.`,
    fallback: `Created repository ${repository.full_name}`,
    context,
  });
}

/** Renders the announcement of a created issue. */
export function renderIssueCreated(input: RepositoryTarget & { issue: Issue }): SlackMessage {
  return buildConfirmation({
    actor: input,
    sentence: `created issue ${formatIssueLink(input, input.issue)} in ${formatRepositoryLink(input)}.`,
    fallback: `Created issue #${input.issue.id} ${input.issue.title} in ${input.workspace}/${input.repoSlug}`,
    context: formatIssueDetails(input.issue),
  });
}

/** Renders the announcement of an updated issue; `changedFields` names what the user changed. */
export function renderIssueUpdated(input: RepositoryTarget & { issue: Issue; changedFields?: string[] }): SlackMessage {
  const changed = input.changedFields ?? [];
  const context = changed.length === 0 ? [] : [`Changed: ${changed.map((field) => escapeMrkdwn(field)).join(', ')}`];

  return buildConfirmation({
    actor: input,
    sentence: `updated issue ${formatIssueLink(input, input.issue)} in ${formatRepositoryLink(input)}.`,
    fallback: `Updated issue #${input.issue.id} ${input.issue.title} in ${input.workspace}/${input.repoSlug}`,
    context: [...context, ...formatIssueDetails(input.issue)],
  });
}

function formatIssueDetails(issue: Issue): string[] {
  const details: string[] = [];
  if (issue.state !== undefined) details.push(escapeMrkdwn(issue.state));
  if (issue.kind !== undefined) details.push(escapeMrkdwn(issue.kind));
  if (issue.priority !== undefined) details.push(`priority ${escapeMrkdwn(issue.priority)}`);
  if (issue.assignee !== undefined && issue.assignee !== null) details.push(`assigned to ${formatAccountName(issue.assignee)}`);
  return details;
}
