import type { CommandArguments } from './command-arguments.js';
import { looksLikeRepositoryRef, parseRepositoryRef } from './parse-repository-ref.js';
import { PULL_REQUEST_STATE_FILTERS, type ParsedCommand, type PullRequestStateFilter } from './parsed-command.js';
import { quoteInput } from './quote-input.js';

/** Parses `prs <repo> [open|merged|declined|superseded|all]`. */
export function parsePullRequestList(args: CommandArguments): ParsedCommand {
  const repository = args.requireRepository();

  let state: PullRequestStateFilter = 'open';
  const stateWord = args.next();
  if (stateWord !== undefined) {
    const candidate = stateWord.value.toLowerCase();
    if (!isStateFilter(candidate)) {
      args.fail(`The state ${quoteInput(stateWord.value)} is invalid: use one of ${PULL_REQUEST_STATE_FILTERS.join(', ')}.`);
    }
    state = candidate;
  }
  args.expectEnd();

  return { kind: 'prs', workspace: repository.workspace, repoSlug: repository.repoSlug, state };
}

/**
 * Parses `pr create [<repo>] [<source> [into <destination>]]`. A lone first word is the
 * repository when it looks like one (lower-case `workspace/slug` or a bitbucket.org URL), and
 * the source branch otherwise. When a second word follows that is not `into`, the first word is
 * always the repository.
 */
export function parsePullRequestCreate(args: CommandArguments): ParsedCommand {
  const first = args.next();
  if (first === undefined) return { kind: 'pr-create' };

  const second = args.peek();
  const secondIsInto = second !== undefined && !second.quoted && second.value.toLowerCase() === 'into';
  const firstIsRepository = second === undefined ? looksLikeRepositoryRef(first.value) : !secondIsInto;

  let command: Extract<ParsedCommand, { kind: 'pr-create' }> = { kind: 'pr-create' };
  let source: string | undefined = first.value;
  if (firstIsRepository) {
    const repository = args.readRepository(first.value);
    command = { kind: 'pr-create', workspace: repository.workspace, repoSlug: repository.repoSlug };
    source = args.next()?.value;
  }
  if (source === undefined) return command;

  checkBranchName(args, source, 'source branch');
  command = { ...command, source };

  if (args.acceptKeyword('into')) {
    const destination = args.requireWord('<destination>', 'name the branch to merge into after "into".');
    checkBranchName(args, destination, 'destination branch');
    command = { ...command, destination };
  }
  args.expectEnd('Write it as: <source> into <destination>.');
  return command;
}

/** Parses `branch create <repo> <name> [from <branch|tag|commit>]`. */
export function parseBranchCreate(args: CommandArguments): ParsedCommand {
  const repository = args.requireRepository();
  const name = args.requireWord('<name>', 'name the new branch, e.g. feature/login.');
  checkBranchName(args, name, 'branch name');

  let from: string | undefined;
  if (args.acceptKeyword('from')) {
    from = args.requireWord('<branch|tag|commit>', 'name the branch, tag or commit to start from after "from".');
    checkBranchName(args, from, 'starting point');
  }
  args.expectEnd('To start from another branch, tag or commit, write: from <branch|tag|commit>.');

  const command = { kind: 'branch-create', workspace: repository.workspace, repoSlug: repository.repoSlug, name } as const;
  return from === undefined ? command : { ...command, from };
}

/**
 * Parses `file <repo> <path> [at <branch|tag|commit>]`. When the repository is a `/src/` URL and
 * no path follows, the path and ref come from the URL.
 */
export function parseFile(args: CommandArguments): ParsedCommand {
  const repository = args.requireRepository();
  const target = { workspace: repository.workspace, repoSlug: repository.repoSlug };

  let path: string;
  let at = repository.fromUrl?.ref;
  const next = args.peek();
  const nextIsAt = next !== undefined && !next.quoted && next.value.toLowerCase() === 'at';
  if (repository.fromUrl?.path !== undefined && (next === undefined || nextIsAt)) {
    path = repository.fromUrl.path;
  } else {
    path = args.requireWord('<path>', 'name the file or directory, e.g. README.md or src/ (quote a path with spaces).');
  }

  if (args.acceptKeyword('at')) {
    at = args.requireWord('<branch|tag|commit>', 'name the branch, tag or commit after "at".');
    checkBranchName(args, at, 'branch, tag or commit');
  }
  args.expectEnd('Put a path that contains spaces in quotes, e.g. "docs/Release Notes.md".');

  const normalizedPath = normalizePath(args, path);
  return at === undefined ? { kind: 'file', ...target, path: normalizedPath } : { kind: 'file', ...target, path: normalizedPath, at };
}

/** Parses `repo create [<workspace>/<slug>]`. */
export function parseRepositoryCreate(args: CommandArguments): ParsedCommand {
  const argument = args.next();
  args.expectEnd();
  if (argument === undefined) return { kind: 'repo-create' };

  const parsed = parseRepositoryRef(argument.value);
  if (!parsed.ok) args.fail(parsed.message);
  return { kind: 'repo-create', workspace: parsed.value.workspace, repoSlug: parsed.value.repoSlug };
}

/** Parses `repo delete <repo>`. */
export function parseRepositoryDelete(args: CommandArguments): ParsedCommand {
  const repository = args.requireRepository();
  args.expectEnd();
  return { kind: 'repo-delete', workspace: repository.workspace, repoSlug: repository.repoSlug };
}

/**
 * Rejects names git never accepts as a ref (whitespace, `..`, control characters, `~^:?*[\`)
 * so the mistake shows here rather than as a Bitbucket error.
 */
export function checkBranchName(args: CommandArguments, name: string, role: string): void {
  // eslint-disable-next-line no-control-regex
  const invalid = /[\s~^:?*[\\\u0000-\u001f\u007f]|\.\.|^\/|\/$|^-/.test(name);
  if (invalid) {
    args.fail(
      `The ${role} ${quoteInput(name)} is invalid: git names cannot contain spaces, "..", or any of ~ ^ : ? * [ \\, ` +
        'and cannot start with "-" or "/" or end with "/".',
    );
  }
}

/** Removes leading slashes and rejects `..` segments, which would leave the repository's tree. */
function normalizePath(args: CommandArguments, path: string): string {
  const trimmed = path.replace(/^\/+/, '');
  if (trimmed.split('/').some((segment) => segment === '..')) {
    args.fail(`The path ${quoteInput(path)} is invalid: it cannot contain "..".`);
  }
  return trimmed;
}

function isStateFilter(value: string): value is PullRequestStateFilter {
  return (PULL_REQUEST_STATE_FILTERS as readonly string[]).includes(value);
}
