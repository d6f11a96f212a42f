import type { Comment } from '../../bitbucket/types.js';
import { buildIssueUrl, buildSnippetUrl, pickHtmlUrl } from './bitbucket-links.js';
import type { SlackMessage } from './blocks.js';
import { buildConfirmation, type ActorInput } from './confirmation.js';
import { formatIssueLink, formatRepositoryLink } from './format-targets.js';
import { formatLink, formatQuote } from './mrkdwn.js';

/** Characters of the comment quoted in the announcement; the link leads to the rest. */
const QUOTE_MAX = 500;

export interface IssueCommentInput extends ActorInput {
  workspace: string;
  repoSlug: string;
  issueId: number;
  issueTitle?: string;
  comment: Comment;
}

/** Renders the announcement of a comment on an issue, quoting its start. */
export function renderIssueCommentCreated(input: IssueCommentInput): SlackMessage {
  const issue = { id: input.issueId, ...(input.issueTitle === undefined ? {} : { title: input.issueTitle }) };
  const fallbackUrl = `${buildIssueUrl(input.workspace, input.repoSlug, input.issueId)}#comment-${input.comment.id}`;
  const commentUrl = pickHtmlUrl(input.comment.links, fallbackUrl);

  return buildConfirmation({
    actor: input,
    sentence: `commented on issue ${formatIssueLink(input, issue)} in ${formatRepositoryLink(input)}:`,
    body: formatQuote(input.comment.content?.raw ?? '', QUOTE_MAX),
    fallback: `Commented on issue #${input.issueId} in ${input.workspace}/${input.repoSlug}`,
    context: [formatLink(commentUrl, 'View the comment')],
  });
}

export interface SnippetCommentInput extends ActorInput {
  workspace: string;
  snippetId: string;
  snippetTitle?: string;
  comment: Comment;
  /** Id of the comment this one replies to. */
  replyTo?: number;
}

/** Renders the announcement of a comment on a snippet, quoting its start. */
export function renderSnippetCommentCreated(input: SnippetCommentInput): SlackMessage {
  const snippetUrl = buildSnippetUrl(input.workspace, input.snippetId);
  const label = input.snippetTitle === undefined || input.snippetTitle.trim() === '' ? input.snippetId : input.snippetTitle;
  const action = input.replyTo === undefined ? 'commented on' : `replied to comment ${input.replyTo} on`;
  const commentUrl = pickHtmlUrl(input.comment.links, `${snippetUrl}#comment-${input.comment.id}`);

  return buildConfirmation({
    actor: input,
    sentence: `${action} snippet *${formatLink(snippetUrl, label)}*:`,
    body: formatQuote(input.comment.content?.raw ?? '', QUOTE_MAX),
    fallback: `Commented on snippet ${label}`,
    context: [formatLink(commentUrl, 'View the comment')],
  });
}
