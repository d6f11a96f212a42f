import type { CommandArguments } from './command-arguments.js';
import { looksLikeRepositoryRef, type RepositoryRef } from './parse-repository-ref.js';
import type { ParsedCommand } from './parsed-command.js';

/**
 * Parses `issue create [<repo>] [title]`. The first word is the repository only when it looks
 * like one (lower-case `workspace/slug` or a bitbucket.org URL); otherwise all text is the title.
 */
export function parseIssueCreate(args: CommandArguments): ParsedCommand {
  const first = args.peek();
  let command: Extract<ParsedCommand, { kind: 'issue-create' }> = { kind: 'issue-create' };

  if (first !== undefined && !first.quoted && looksLikeRepositoryRef(first.value)) {
    args.next();
    const repository = args.readRepository(first.value);
    command = { kind: 'issue-create', workspace: repository.workspace, repoSlug: repository.repoSlug };
  }

  const title = args.rest();
  return title === '' ? command : { ...command, title };
}

/** Parses `issue comment <repo> <id> <text>`; an issue URL may stand for `<repo> <id>`. */
export function parseIssueComment(args: CommandArguments): ParsedCommand {
  const { repository, issueId } = readIssue(args);
  const text = args.rest();
  if (text === '') args.fail('Missing <text>: write the comment after the issue number.');

  return { kind: 'issue-comment', workspace: repository.workspace, repoSlug: repository.repoSlug, issueId, text };
}

/** Parses `issue update <repo> <id>` and `issue delete <repo> <id>`. */
export function parseIssueTarget(args: CommandArguments, kind: 'issue-update' | 'issue-delete'): ParsedCommand {
  const { repository, issueId } = readIssue(args);
  args.expectEnd();
  return { kind, workspace: repository.workspace, repoSlug: repository.repoSlug, issueId };
}

/**
 * Reads `<repo> <id>`. When the repository argument is an issue URL, its number is used and no
 * `<id>` word is read, so `issue comment <issue URL> 5 people agree` keeps "5 people agree".
 */
function readIssue(args: CommandArguments): { repository: RepositoryRef; issueId: number } {
  const repository = args.requireRepository();
  const urlIssueId = repository.fromUrl?.issueId;
  if (urlIssueId !== undefined) return { repository, issueId: urlIssueId };

  return { repository, issueId: args.requireId('<id>', 'issue') };
}
