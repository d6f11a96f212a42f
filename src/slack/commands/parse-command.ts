import { CommandArguments, CommandUsageError } from './command-arguments.js';
import { COMMAND_CATALOG, findCommandHelp, formatUsage } from './command-catalog.js';
import { CommandCursor, CommandSyntaxError } from './command-cursor.js';
import { decodeSlackText } from './decode-slack-text.js';
import { parseIssueComment, parseIssueCreate, parseIssueTarget } from './parse-issue-commands.js';
import {
  parseBranchCreate,
  parseFile,
  parsePullRequestCreate,
  parsePullRequestList,
  parseRepositoryCreate,
  parseRepositoryDelete,
} from './parse-repository-commands.js';
import { parseSnippetComment, parseSnippetView } from './parse-snippet-commands.js';
import type { CommandError, ParsedCommand } from './parsed-command.js';
import { suggestWords } from './suggest-words.js';
import { quoteInput } from './quote-input.js';

type VerbParser = (args: CommandArguments) => ParsedCommand;

/** Sub-verbs of the verbs that have them, e.g. `issue comment`. */
const SUB_VERB_PARSERS: Record<string, Record<string, VerbParser>> = {
  pr: {
    create: parsePullRequestCreate,
    // `pr list` reads naturally and Slack's own example payload uses it.
    list: parsePullRequestList,
  },
  branch: { create: parseBranchCreate },
  repo: { create: parseRepositoryCreate, delete: parseRepositoryDelete },
  issue: {
    create: parseIssueCreate,
    comment: parseIssueComment,
    update: (args) => parseIssueTarget(args, 'issue-update'),
    delete: (args) => parseIssueTarget(args, 'issue-delete'),
  },
};

const VERB_PARSERS: Record<string, VerbParser> = {
  help: parseHelp,
  connect: (args) => parseNoArguments(args, { kind: 'connect' }),
  disconnect: (args) => parseNoArguments(args, { kind: 'disconnect' }),
  whoami: (args) => parseNoArguments(args, { kind: 'whoami' }),
  workspaces: parseWorkspaces,
  repos: parseRepositories,
  members: parseMembers,
  prs: parsePullRequestList,
  file: parseFile,
  snippet: parseSnippet,
};

/** Every top-level verb, in catalog order; unknown verbs are compared against these. */
const VERBS = [...new Set(COMMAND_CATALOG.map((command) => command.name.split(' ')[0] ?? ''))];

/**
 * Parses the text of a `/bitbucket` slash command as Slack sends it. The text is decoded once
 * (entities, mentions, auto-linked URLs) before parsing, see decodeSlackText. Text that does not
 * parse becomes `{ kind: 'error' }` with a message and the usage line, so only a bug throws.
 */
export function parseCommand(text: string): ParsedCommand {
  const cursor = new CommandCursor(decodeSlackText(text));

  let verbToken;
  try {
    verbToken = cursor.next();
  } catch (error) {
    if (!(error instanceof CommandSyntaxError)) throw error;
    return { kind: 'error', message: error.message, usage: formatUsage('help') };
  }
  if (verbToken === undefined) return { kind: 'help' };

  const verb = verbToken.value.toLowerCase();
  try {
    return dispatchVerb(verb, cursor);
  } catch (error) {
    if (!(error instanceof CommandUsageError)) throw error;
    return { kind: 'error', message: error.message, usage: formatUsage(error.commandName) };
  }
}

function dispatchVerb(verb: string, cursor: CommandCursor): ParsedCommand {
  const parser = VERB_PARSERS[verb];
  if (parser !== undefined) return parser(new CommandArguments(cursor, verb));

  const subParsers = SUB_VERB_PARSERS[verb];
  if (subParsers === undefined) return answerUnknownVerb(verb);

  const groupArgs: CommandArguments = new CommandArguments(cursor, verb);
  const subVerbToken = groupArgs.next();
  const choices = Object.keys(subParsers).filter((name) => findCommandHelp(`${verb} ${name}`).length > 0);
  if (subVerbToken === undefined) {
    groupArgs.fail(`Missing the sub-command: write ${joinAlternatives(choices.map((name) => `${verb} ${name}`))}.`);
  }

  const subVerb = subVerbToken.value.toLowerCase();
  const subParser = subParsers[subVerb];
  if (subParser === undefined) {
    // "pr acme/api" most likely meant "prs acme/api", so close top-level verbs count as well.
    const closeSubCommands = suggestWords(subVerb, choices).map((name) => `${verb} ${name}`);
    const closeVerbs = suggestWords(verb, VERBS.filter((name) => name !== verb));
    const close = [...closeSubCommands, ...closeVerbs];
    const hint = close.length > 0 ? ` Did you mean ${joinAlternatives(close)}?` : '';
    return {
      kind: 'error',
      message: `Unknown command ${quoteInput(`${verb} ${subVerbToken.value}`)}.${hint}`,
      usage: [verb, ...closeVerbs].map((name) => formatUsage(name)).join('\n'),
      suggestions: close,
    };
  }

  const commandName = subVerb === 'list' && verb === 'pr' ? 'prs' : `${verb} ${subVerb}`;
  return subParser(groupArgs.withCommandName(commandName));
}

function answerUnknownVerb(verb: string): CommandError {
  const suggestions = suggestWords(verb, VERBS);
  if (suggestions.length === 0) {
    return {
      kind: 'error',
      message: `Unknown command ${quoteInput(verb)}. These are the commands:`,
      usage: COMMAND_CATALOG.map((command) => formatUsage(command.name)).join('\n'),
      suggestions: [],
    };
  }
  return {
    kind: 'error',
    message: `Unknown command ${quoteInput(verb)}. Did you mean ${joinAlternatives(suggestions)}?`,
    usage: suggestions.map((name) => formatUsage(name)).join('\n'),
    suggestions,
  };
}

function parseHelp(args: CommandArguments): ParsedCommand {
  const topic = args.rest().toLowerCase().replace(/\s+/g, ' ');
  if (topic === '') return { kind: 'help' };
  if (findCommandHelp(topic).length > 0) return { kind: 'help', verb: topic };

  const names = [...new Set([...VERBS, ...COMMAND_CATALOG.map((command) => command.name)])];
  const suggestions = suggestWords(topic, names);
  const hint = suggestions.length > 0 ? ` Did you mean ${joinAlternatives(suggestions)}?` : '';
  return {
    kind: 'error',
    message: `There is no command ${quoteInput(topic)}.${hint} Run /bitbucket help to list the commands.`,
    usage: formatUsage('help'),
    suggestions,
  };
}

function parseNoArguments(args: CommandArguments, command: ParsedCommand): ParsedCommand {
  args.expectEnd(`"${args.commandName}" takes no arguments.`);
  return command;
}

function parseWorkspaces(args: CommandArguments): ParsedCommand {
  const filter = args.rest();
  return filter === '' ? { kind: 'workspaces' } : { kind: 'workspaces', filter };
}

function parseRepositories(args: CommandArguments): ParsedCommand {
  const workspace = args.requireWorkspace();
  const filter = args.rest();
  return filter === '' ? { kind: 'repos', workspace } : { kind: 'repos', workspace, filter };
}

function parseMembers(args: CommandArguments): ParsedCommand {
  const workspace = args.requireWorkspace();
  args.expectEnd();
  return { kind: 'members', workspace };
}

/** `snippet comment ...` comments; any other first word is the workspace of `snippet <workspace> <id>`. */
function parseSnippet(args: CommandArguments): ParsedCommand {
  if (args.acceptKeyword('comment')) {
    return parseSnippetComment(args.withCommandName('snippet comment'));
  }
  return parseSnippetView(args);
}

/** Returns `"a"`, `"a or b"` or `"a, b or c"` with each word quoted. */
function joinAlternatives(words: string[]): string {
  const quoted = words.map((word) => `"${word}"`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1) ?? ''}`;
}
