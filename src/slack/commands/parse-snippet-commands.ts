import type { CommandArguments } from './command-arguments.js';
import { checkSlug, parsePositiveInteger, parseSnippetUrl, type SnippetRef } from './parse-repository-ref.js';
import type { ParsedCommand } from './parsed-command.js';
import { quoteInput } from './quote-input.js';

/** Matches a trailing `reply-to <comment id>` after the comment text. */
const REPLY_TO_PATTERN = /\s+reply-to\s+(\S+)\s*$/i;

/** Parses `snippet <workspace> <id>`; the snippet URL may stand for both. */
export function parseSnippetView(args: CommandArguments): ParsedCommand {
  const snippet = readSnippet(args);
  args.expectEnd();
  return { kind: 'snippet', ...snippet };
}

/**
 * Parses `snippet comment <workspace> <id> <text> [reply-to <comment id>]`. A comment given as one
 * quoted string is taken literally, so it may end in "reply-to 12" without replying.
 */
export function parseSnippetComment(args: CommandArguments): ParsedCommand {
  const snippet = readSnippet(args);

  const rest = args.readRest();
  let text = rest.value;
  let replyTo: number | undefined;
  const replyMatch = rest.quoted ? null : REPLY_TO_PATTERN.exec(` ${text}`);
  if (replyMatch !== null) {
    const rawId = replyMatch[1] ?? '';
    replyTo = parsePositiveInteger(rawId);
    if (replyTo === undefined) {
      args.fail(`The comment id ${quoteInput(rawId)} after reply-to is invalid: it must be a positive whole number, e.g. 301.`);
    }
    text = ` ${text}`.slice(0, replyMatch.index).trim();
  }
  if (text === '') args.fail('Missing <text>: write the comment after the snippet id.');

  const command = { kind: 'snippet-comment', ...snippet, text } as const;
  return replyTo === undefined ? command : { ...command, replyTo };
}

function readSnippet(args: CommandArguments): SnippetRef {
  const first = args.requireWord('<workspace>', 'name the workspace, then the snippet id, or paste the snippet URL.');
  const fromUrl = parseSnippetUrl(first);
  if (fromUrl !== undefined) return fromUrl;

  const workspaceProblem = checkSlug(first, 'workspace');
  if (workspaceProblem !== undefined) args.fail(workspaceProblem);

  const snippetId = args.requireWord('<id>', 'give the snippet id, e.g. kypj9 (the part after the workspace in its URL).');
  const idProblem = checkSlug(snippetId, 'snippet id');
  if (idProblem !== undefined) args.fail(idProblem);

  return { workspace: first, snippetId };
}
