import { describe, expect, it } from 'vitest';

import { COMMAND_CATALOG } from '../../../src/slack/commands/command-catalog.js';
import { decodeSlackText } from '../../../src/slack/commands/decode-slack-text.js';
import { parseCommand } from '../../../src/slack/commands/parse-command.js';
import type { ParsedCommand } from '../../../src/slack/commands/parsed-command.js';
import { measureEditDistance } from '../../../src/slack/commands/suggest-words.js';

const repo = { workspace: 'acme', repoSlug: 'api' };

const validCommands: Array<[string, ParsedCommand]> = [
  // help and the account commands
  ['', { kind: 'help' }],
  ['   \t\n ', { kind: 'help' }],
  ['help', { kind: 'help' }],
  ['HELP', { kind: 'help' }],
  ['help prs', { kind: 'help', verb: 'prs' }],
  ['help issue', { kind: 'help', verb: 'issue' }],
  ['help Issue   Comment', { kind: 'help', verb: 'issue comment' }],
  ['connect', { kind: 'connect' }],
  ['  disconnect  ', { kind: 'disconnect' }],
  ['whoami', { kind: 'whoami' }],

  // listings
  ['workspaces', { kind: 'workspaces' }],
  ['workspaces acme corp', { kind: 'workspaces', filter: 'acme corp' }],
  ['repos acme', { kind: 'repos', workspace: 'acme' }],
  ['repos acme api', { kind: 'repos', workspace: 'acme', filter: 'api' }],
  ['repos {0f3a9c1e-5b7d-4e2a-9c1f-3d5e7a9b1c2d}', { kind: 'repos', workspace: '{0f3a9c1e-5b7d-4e2a-9c1f-3d5e7a9b1c2d}' }],
  ['members acme', { kind: 'members', workspace: 'acme' }],

  // pull requests
  ['prs acme/api', { kind: 'prs', ...repo, state: 'open' }],
  ['prs acme/api MERGED', { kind: 'prs', ...repo, state: 'merged' }],
  ['prs acme/api declined', { kind: 'prs', ...repo, state: 'declined' }],
  ['prs acme/api superseded', { kind: 'prs', ...repo, state: 'superseded' }],
  ['prs acme/api all', { kind: 'prs', ...repo, state: 'all' }],
  ['pr list acme/api', { kind: 'prs', ...repo, state: 'open' }],
  ['prs https://bitbucket.org/acme/api/pull-requests/3', { kind: 'prs', ...repo, state: 'open' }],
  ['prs bitbucket.org/acme/api', { kind: 'prs', ...repo, state: 'open' }],
  ['prs https://bitbucket.org/acme/api.git', { kind: 'prs', ...repo, state: 'open' }],
  ['prs git@bitbucket.org:acme/api.git', { kind: 'prs', ...repo, state: 'open' }],
  ['pr create', { kind: 'pr-create' }],
  ['pr create acme/api', { kind: 'pr-create', ...repo }],
  ['pr create acme/api feature/login', { kind: 'pr-create', ...repo, source: 'feature/login' }],
  [
    'pr create acme/api feature/login into develop',
    { kind: 'pr-create', ...repo, source: 'feature/login', destination: 'develop' },
  ],
  ['pr create Feature/Login', { kind: 'pr-create', source: 'Feature/Login' }],
  ['pr create hotfix into main', { kind: 'pr-create', source: 'hotfix', destination: 'main' }],
  ['pr create acme/api "into" INTO main', { kind: 'pr-create', ...repo, source: 'into', destination: 'main' }],

  // branches and files
  ['branch create acme/api feature/login', { kind: 'branch-create', ...repo, name: 'feature/login' }],
  [
    'branch create acme/api hotfix/1.2.1 from v1.2.0',
    { kind: 'branch-create', ...repo, name: 'hotfix/1.2.1', from: 'v1.2.0' },
  ],
  ['branch create acme/api x FROM 3f2a9c1', { kind: 'branch-create', ...repo, name: 'x', from: '3f2a9c1' }],
  ['file acme/api README.md', { kind: 'file', ...repo, path: 'README.md' }],
  ['file acme/api /src/app.ts', { kind: 'file', ...repo, path: 'src/app.ts' }],
  ['file acme/api src/ at develop', { kind: 'file', ...repo, path: 'src/', at: 'develop' }],
  ['file acme/api "docs/Release Notes.md"', { kind: 'file', ...repo, path: 'docs/Release Notes.md' }],
  ["file acme/api 'docs/Release Notes.md' at v2", { kind: 'file', ...repo, path: 'docs/Release Notes.md', at: 'v2' }],
  ['file acme/api “docs/Release Notes.md”', { kind: 'file', ...repo, path: 'docs/Release Notes.md' }],
  ['file acme/api ”docs/Release Notes.md”', { kind: 'file', ...repo, path: 'docs/Release Notes.md' }],
  ['file acme/api ‘docs/it’s here.md’', { kind: 'file', ...repo, path: 'docs/it’s here.md' }],
  ['file acme/api "at"', { kind: 'file', ...repo, path: 'at' }],
  [
    'file https://bitbucket.org/acme/api/src/main/README.md',
    { kind: 'file', ...repo, path: 'README.md', at: 'main' },
  ],
  [
    'file https://bitbucket.org/acme/api/src/main/docs/Release%20Notes.md at v2',
    { kind: 'file', ...repo, path: 'docs/Release Notes.md', at: 'v2' },
  ],
  [
    'file https://bitbucket.org/acme/api/src/main/README.md CHANGELOG.md',
    { kind: 'file', ...repo, path: 'CHANGELOG.md', at: 'main' },
  ],
  ['file acme/api\tREADME.md\n', { kind: 'file', ...repo, path: 'README.md' }],

  // repositories
  ['repo create', { kind: 'repo-create' }],
  ['repo create acme/new-service', { kind: 'repo-create', workspace: 'acme', repoSlug: 'new-service' }],
  ['repo delete acme/api', { kind: 'repo-delete', ...repo }],
  ['repo delete https://bitbucket.org/acme/api/src/main/', { kind: 'repo-delete', ...repo }],

  // issues
  ['issue create', { kind: 'issue-create' }],
  ['issue create acme/api', { kind: 'issue-create', ...repo }],
  ['issue create acme/api Login fails with SSO', { kind: 'issue-create', ...repo, title: 'Login fails with SSO' }],
  ['issue create I/O error on save', { kind: 'issue-create', title: 'I/O error on save' }],
  ['issue create acme/api "Quoted title"', { kind: 'issue-create', ...repo, title: 'Quoted title' }],
  ["issue create acme/api Don't  crash", { kind: 'issue-create', ...repo, title: "Don't  crash" }],
  [
    'issue comment acme/api 12 Fixed in #45.\n\nPlease   retest.',
    { kind: 'issue-comment', ...repo, issueId: 12, text: 'Fixed in #45.\n\nPlease   retest.' },
  ],
  ['issue comment acme/api #12 ok', { kind: 'issue-comment', ...repo, issueId: 12, text: 'ok' }],
  [
    'issue comment https://bitbucket.org/acme/api/issues/7 5 people agree',
    { kind: 'issue-comment', ...repo, issueId: 7, text: '5 people agree' },
  ],
  ['issue update acme/api 12', { kind: 'issue-update', ...repo, issueId: 12 }],
  ['issue update https://bitbucket.org/acme/api/issues/12', { kind: 'issue-update', ...repo, issueId: 12 }],
  ['issue delete acme/api 12', { kind: 'issue-delete', ...repo, issueId: 12 }],

  // snippets
  ['snippet acme kypj9', { kind: 'snippet', workspace: 'acme', snippetId: 'kypj9' }],
  ['snippet https://bitbucket.org/snippets/acme/kypj9/deploy-notes', { kind: 'snippet', workspace: 'acme', snippetId: 'kypj9' }],
  ['snippet https://bitbucket.org/acme/workspace/snippets/kypj9', { kind: 'snippet', workspace: 'acme', snippetId: 'kypj9' }],
  ['snippet https://bitbucket.org/acme/workspace/snippets/kypj9/deploy-notes/', { kind: 'snippet', workspace: 'acme', snippetId: 'kypj9' }],
  [
    'snippet comment <https://bitbucket.org/acme/workspace/snippets/kypj9|Deploy notes> Thanks',
    { kind: 'snippet-comment', workspace: 'acme', snippetId: 'kypj9', text: 'Thanks' },
  ],
  [
    'snippet comment acme kypj9 Looks good',
    { kind: 'snippet-comment', workspace: 'acme', snippetId: 'kypj9', text: 'Looks good' },
  ],
  [
    'snippet comment acme kypj9 Agreed,\nship it reply-to 301',
    { kind: 'snippet-comment', workspace: 'acme', snippetId: 'kypj9', text: 'Agreed,\nship it', replyTo: 301 },
  ],
  [
    'snippet comment https://bitbucket.org/snippets/acme/kypj9 thanks REPLY-TO #5',
    { kind: 'snippet-comment', workspace: 'acme', snippetId: 'kypj9', text: 'thanks', replyTo: 5 },
  ],
];

describe('parseCommand on valid commands', () => {
  it.each(validCommands)('parses %j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });
});

describe('parseCommand on Slack-escaped text', () => {
  const cases: Array<[string, ParsedCommand]> = [
    ['prs <https://bitbucket.org/acme/api>', { kind: 'prs', ...repo, state: 'open' }],
    [
      'prs <https://bitbucket.org/acme/api/pull-requests/3|bitbucket.org/acme/api/pull-requests/3>',
      { kind: 'prs', ...repo, state: 'open' },
    ],
    [
      'file <https://bitbucket.org/acme/api/src/main/a.md?at=main&amp;x=1|link> at dev',
      { kind: 'file', ...repo, path: 'a.md', at: 'dev' },
    ],
    [
      'issue comment acme/api 3 ping <@U123|alice> and <@U456> in <#C1|general> <!here>',
      { kind: 'issue-comment', ...repo, issueId: 3, text: 'ping @alice and @U456 in #general @here' },
    ],
    [
      'issue comment acme/api 3 a &lt; b &amp;&amp; c &gt; d',
      { kind: 'issue-comment', ...repo, issueId: 3, text: 'a < b && c > d' },
    ],
    ['issue comment acme/api 3 &amp;lt;tag&amp;gt;', { kind: 'issue-comment', ...repo, issueId: 3, text: '&lt;tag&gt;' }],
    [
      'issue create acme/api Crash on <!subteam^S12|@backend> deploy',
      { kind: 'issue-create', ...repo, title: 'Crash on @backend deploy' },
    ],
  ];

  it.each(cases)('decodes %j once', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });
});

describe('decodeSlackText', () => {
  it.each([
    ['&amp;lt;', '&lt;'],
    ['&lt;@U1&gt;', '<@U1>'],
    ['<!channel> <!everyone>', '@channel @everyone'],
    ['<!date^1392734382^{date}|Feb 18, 2014>', 'Feb 18, 2014'],
    ['<mailto:a@example.com|a@example.com>', 'a@example.com'],
    ['<@U1|a&amp;b>', '@a&b'],
    ['plain & text', 'plain & text'],
  ])('decodes %j to %j', (input, expected) => {
    expect(decodeSlackText(input)).toBe(expected);
  });
});

/** Parses text that must fail and returns the error. */
function parseError(text: string): Extract<ParsedCommand, { kind: 'error' }> {
  const result = parseCommand(text);
  if (result.kind !== 'error') throw new Error(`expected an error for ${JSON.stringify(text)}, got ${result.kind}`);
  return result;
}

describe('parseCommand on invalid commands', () => {
  const cases: Array<[string, string, string]> = [
    // [text, part of the message, part of the usage]
    ['prs', 'Missing <repo>', '/bitbucket prs <repo>'],
    ['prs acme', '"acme" is not a repository', '/bitbucket prs <repo>'],
    ['prs acme/api/extra', 'is not a repository', '/bitbucket prs'],
    ['prs acme/api open extra', 'Unexpected "extra"', '/bitbucket prs'],
    ['prs acme/api closed', 'The state "closed" is invalid: use one of open, merged, declined, superseded, all', '/bitbucket prs'],
    ['prs acme/..', 'cannot contain ".."', '/bitbucket prs'],
    ['prs /api', 'The workspace is empty', '/bitbucket prs'],
    ['prs acme/', 'The repository slug is empty', '/bitbucket prs'],
    ['prs https://github.com/acme/api', 'is not a bitbucket.org URL', '/bitbucket prs'],
    ['prs https://bitbucket.org/acme', 'is not the URL of a repository', '/bitbucket prs'],
    ['repos', 'Missing <workspace>', '/bitbucket repos <workspace> [filter]'],
    ['repos acme/api', 'Give only the workspace', '/bitbucket repos'],
    ['members', 'Missing <workspace>', '/bitbucket members <workspace>'],
    ['members acme extra', 'Unexpected "extra"', '/bitbucket members'],
    ['connect now', '"connect" takes no arguments', '/bitbucket connect'],
    ['whoami please', 'takes no arguments', '/bitbucket whoami'],
    ['pr', 'Missing the sub-command: write "pr create".', '/bitbucket pr create'],
    ['pr creat acme/api', 'Unknown command "pr creat". Did you mean "pr create"', '/bitbucket pr create'],
    ['pr create acme/api feature into', 'Missing <destination>', '/bitbucket pr create'],
    ['pr create acme/api a b', 'Unexpected "b"', '/bitbucket pr create'],
    ['pr create acme/api "bad name"', 'The source branch "bad name" is invalid', '/bitbucket pr create'],
    ['branch', 'Missing the sub-command: write "branch create"', '/bitbucket branch create'],
    ['branch create acme/api', 'Missing <name>', '/bitbucket branch create <repo> <name>'],
    ['branch create acme/api a..b', 'The branch name "a..b" is invalid', '/bitbucket branch create'],
    ['branch create acme/api x from', 'Missing <branch|tag|commit>', '/bitbucket branch create'],
    ['branch create acme/api x off main', 'Unexpected "off"', '/bitbucket branch create'],
    ['file acme/api', 'Missing <path>', '/bitbucket file <repo> <path>'],
    ['file acme/api docs/Release Notes.md', 'Unexpected "Notes.md"', '/bitbucket file'],
    ['file acme/api docs/Release Notes.md', 'Put a path that contains spaces in quotes', '/bitbucket file'],
    ['file acme/api "docs/Release Notes.md', 'Missing the closing quote', '/bitbucket file'],
    ['file acme/api ../secrets', 'The path "../secrets" is invalid', '/bitbucket file'],
    ['file acme/api README.md at', 'Missing <branch|tag|commit>', '/bitbucket file'],
    ['repo', 'Missing the sub-command: write "repo create" or "repo delete"', '/bitbucket repo create'],
    ['repo create acme', '"acme" is not a repository', '/bitbucket repo create'],
    ['repo delete', 'Missing <repo>', '/bitbucket repo delete <repo>'],
    ['repo remove acme/api', 'Unknown command "repo remove"', '/bitbucket repo delete'],
    ['issue', 'Missing the sub-command', '/bitbucket issue comment'],
    ['issue comment acme/api', 'Missing <id>', '/bitbucket issue comment <repo> <id> <text>'],
    ['issue comment acme/api 0 text', 'The issue "0" is invalid: it must be a positive whole number', '/bitbucket issue comment'],
    ['issue comment acme/api twelve text', 'The issue "twelve" is invalid', '/bitbucket issue comment'],
    ['issue comment acme/api -3 text', 'The issue "-3" is invalid', '/bitbucket issue comment'],
    ['issue comment acme/api 1.5 text', 'The issue "1.5" is invalid', '/bitbucket issue comment'],
    ['issue comment acme/api 12', 'Missing <text>', '/bitbucket issue comment'],
    ['issue update acme/api', 'Missing <id>', '/bitbucket issue update <repo> <id>'],
    ['issue delete acme/api 12 now', 'Unexpected "now"', '/bitbucket issue delete'],
    ['snippet', 'Missing <workspace>', '/bitbucket snippet <workspace> <id>'],
    ['snippet acme', 'Missing <id>', '/bitbucket snippet <workspace> <id>'],
    ['snippet acme ../x', 'cannot contain ".."', '/bitbucket snippet'],
    ['snippet comment acme kypj9', 'Missing <text>', '/bitbucket snippet comment'],
    ['snippet comment acme kypj9 reply-to 3', 'Missing <text>', '/bitbucket snippet comment'],
    ['snippet comment acme kypj9 hi reply-to abc', 'The comment id "abc" after reply-to is invalid', '/bitbucket snippet comment'],
    ['"prs acme/api', 'Missing the closing quote', '/bitbucket help'],
  ];

  it.each(cases)('rejects %j', (text, message, usage) => {
    const error = parseError(text);

    expect(error.message).toContain(message);
    expect(error.usage).toContain(usage);
  });
});

describe('parseCommand on unknown verbs', () => {
  it.each([
    ['pr acme/api', ['prs']],
    ['issue crate acme/api', ['issue create']],
    ['wokspaces', ['workspaces']],
    ['memebrs acme', ['members']],
    ['isue create', ['issue']],
    ['repository acme/api', ['repo', 'repos']],
    ['snipet acme x', ['snippet']],
    ['whoamI', []],
  ])('suggests the closest verbs for %j', (text, expected) => {
    const result = parseCommand(text);

    if (expected.length === 0) {
      expect(result.kind).not.toBe('error');
      return;
    }
    const message = result.kind === 'error' ? result.message : '';
    for (const suggestion of expected) expect(message).toContain(`"${suggestion}"`);
  });

  it('lists every command when nothing is close', () => {
    const error = parseError('deploy production');

    expect(error.message).toBe('Unknown command "deploy". These are the commands:');
    expect(error.suggestions).toEqual([]);
    expect(error.usage.split('\n')).toHaveLength(COMMAND_CATALOG.length);
  });

  it('shows usage of the suggested verbs', () => {
    const error = parseError('isue create acme/api');

    expect(error.suggestions).toEqual(['issue']);
    expect(error.usage).toContain('/bitbucket issue create [<repo>] [title]');
    expect(error.usage).toContain('/bitbucket issue delete <repo> <id>');
  });

  it('suggests help topics for an unknown topic', () => {
    const error = parseError('help prz');

    expect(error.message).toContain('There is no command "prz"');
    expect(error.suggestions).toContain('prs');
    expect(error.usage).toBe('/bitbucket help [verb]');
  });
});

describe('measureEditDistance', () => {
  it.each([
    ['', '', 0],
    ['prs', 'prs', 0],
    ['pr', 'prs', 1],
    ['rpeos', 'repos', 1],
    ['kitten', 'sitting', 3],
  ])('measures %j to %j as %i', (left, right, expected) => {
    expect(measureEditDistance(left, right)).toBe(expected);
  });
});

describe('command catalog', () => {
  it('has a parser for every example', () => {
    for (const command of COMMAND_CATALOG) {
      for (const example of command.examples) {
        expect(parseCommand(example).kind, example).not.toBe('error');
      }
    }
  });
});
