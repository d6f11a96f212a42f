import { SLASH_COMMAND } from '../ids.js';

/**
 * The `/bitbucket` commands: usage lines, summaries and examples. The parser quotes these in its
 * error messages and the help renderer lists them, so the two cannot drift apart.
 */

/** One command of `/bitbucket`, named by its verb and optional sub-verb (`"issue comment"`). */
export interface CommandHelp {
  /** Verb and sub-verb as typed, e.g. `prs` or `issue comment`. */
  name: string;
  /** Usage line without the leading `/bitbucket`. */
  usage: string;
  summary: string;
  /** Extra explanation shown by `help <verb>`, as raw text: the renderer escapes it, and backticks show as code. */
  details?: string;
  /** Argument strings without the leading `/bitbucket`. */
  examples: string[];
}

const REPOSITORY_HINT =
  '<repo> is workspace/repo_slug, or the bitbucket.org URL of the repository or of anything in it.';

/** All commands, in the order `help` lists them. */
export const COMMAND_CATALOG: readonly CommandHelp[] = [
  {
    name: 'help',
    usage: 'help [verb]',
    summary: 'List the commands, or explain one.',
    examples: ['help', 'help prs', 'help issue comment'],
  },
  {
    name: 'connect',
    usage: 'connect',
    summary: 'Link your Bitbucket account so commands run as you.',
    details: 'Opens Bitbucket in your browser to approve access. You can disconnect at any time.',
    examples: ['connect'],
  },
  {
    name: 'disconnect',
    usage: 'disconnect',
    summary: 'Unlink your Bitbucket account and delete the stored tokens.',
    examples: ['disconnect'],
  },
  {
    name: 'whoami',
    usage: 'whoami',
    summary: 'Show which Bitbucket account your commands run as.',
    examples: ['whoami'],
  },
  {
    name: 'workspaces',
    usage: 'workspaces [filter]',
    summary: 'List the workspaces you belong to, optionally only those whose name contains the filter.',
    examples: ['workspaces', 'workspaces acme'],
  },
  {
    name: 'repos',
    usage: 'repos <workspace> [filter]',
    summary: 'List the repositories of a workspace, optionally only those whose name contains the filter.',
    examples: ['repos acme', 'repos acme api'],
  },
  {
    name: 'members',
    usage: 'members <workspace>',
    summary: 'List the members of a workspace.',
    examples: ['members acme'],
  },
  {
    name: 'prs',
    usage: 'prs <repo> [open|merged|declined|superseded|all]',
    summary: 'List pull requests of a repository; open ones unless you name another state.',
    details: `${REPOSITORY_HINT} \`pr list <repo>\` works too.`,
    examples: ['prs acme/api', 'prs acme/api merged', 'prs https://bitbucket.org/acme/api/pull-requests/3 all'],
  },
  {
    name: 'pr create',
    usage: 'pr create [<repo>] [<source> [into <destination>]]',
    summary: 'Open the pull request form, filled in with what you give.',
    details: `${REPOSITORY_HINT} Without a destination, Bitbucket uses the main branch.`,
    examples: ['pr create', 'pr create acme/api feature/login', 'pr create acme/api feature/login into develop'],
  },
  {
    name: 'branch create',
    usage: 'branch create <repo> <name> [from <branch|tag|commit>]',
    summary: "Create a branch, from the repository's main branch unless you name a starting point.",
    details: REPOSITORY_HINT,
    examples: ['branch create acme/api feature/login', 'branch create acme/api hotfix/1.2.1 from v1.2.0'],
  },
  {
    name: 'file',
    usage: 'file <repo> <path> [at <branch|tag|commit>]',
    summary: "Show a file or a directory listing, from the main branch unless you name a branch, tag or commit.",
    details: `${REPOSITORY_HINT} Put a path that contains spaces in quotes.`,
    examples: [
      'file acme/api README.md',
      'file acme/api "docs/Release Notes.md" at v2.0.0',
      'file https://bitbucket.org/acme/api/src/main/README.md',
    ],
  },
  {
    name: 'repo create',
    usage: 'repo create [<workspace>/<slug>]',
    summary: 'Open the form to create a repository.',
    examples: ['repo create', 'repo create acme/new-service'],
  },
  {
    name: 'repo delete',
    usage: 'repo delete <repo>',
    summary: 'Delete a repository, after you type its name to confirm.',
    details: `${REPOSITORY_HINT} Deleting cannot be undone.`,
    examples: ['repo delete acme/old-service'],
  },
  {
    name: 'issue create',
    usage: 'issue create [<repo>] [title]',
    summary: 'Open the issue form, filled in with the repository and title you give.',
    details: REPOSITORY_HINT,
    examples: ['issue create', 'issue create acme/api Login fails with SSO'],
  },
  {
    name: 'issue comment',
    usage: 'issue comment <repo> <id> <text>',
    summary: 'Add a comment to an issue.',
    details: `${REPOSITORY_HINT} The text may span several lines.`,
    examples: ['issue comment acme/api 12 Fixed in #45, please retest.'],
  },
  {
    name: 'issue update',
    usage: 'issue update <repo> <id>',
    summary: 'Open the issue form, filled in with the issue, to change it.',
    details: REPOSITORY_HINT,
    examples: ['issue update acme/api 12', 'issue update https://bitbucket.org/acme/api/issues/12'],
  },
  {
    name: 'issue delete',
    usage: 'issue delete <repo> <id>',
    summary: 'Delete an issue, after you confirm.',
    details: REPOSITORY_HINT,
    examples: ['issue delete acme/api 12'],
  },
  {
    name: 'snippet',
    usage: 'snippet <workspace> <id>',
    summary: 'Show a snippet with its files.',
    details: 'You can also paste the snippet URL, e.g. https://bitbucket.org/acme/workspace/snippets/kypj9.',
    examples: ['snippet acme kypj9'],
  },
  {
    name: 'snippet comment',
    usage: 'snippet comment <workspace> <id> <text> [reply-to <comment id>]',
    summary: 'Comment on a snippet, or reply to one of its comments.',
    examples: ['snippet comment acme kypj9 Looks good to me', 'snippet comment acme kypj9 Agreed reply-to 301'],
  },
];

/**
 * Returns the catalog entries for a help topic: a command and its sub-commands (`"snippet"` gives
 * `snippet` and `snippet comment`), every command of a verb (`"issue"`), or an empty list when
 * nothing matches. Matching ignores case.
 */
export function findCommandHelp(topic: string): CommandHelp[] {
  const normalized = topic.trim().toLowerCase().replace(/\s+/g, ' ');
  return COMMAND_CATALOG.filter(
    (command) => command.name === normalized || command.name.startsWith(`${normalized} `),
  );
}

/**
 * Returns the usage line of a command with the slash command in front, e.g. `/bitbucket prs <repo>
 * ...`. For a verb with sub-commands (`issue`), returns one line per sub-command.
 */
export function formatUsage(topic: string): string {
  const exact = COMMAND_CATALOG.find((entry) => entry.name === topic);
  const commands = exact === undefined ? findCommandHelp(topic) : [exact];
  if (commands.length === 0) throw new Error(`No command or verb named "${topic}" in the catalog`);
  return commands.map((command) => `${SLASH_COMMAND} ${command.usage}`).join('\n');
}
