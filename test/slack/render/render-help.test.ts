import { describe, expect, it } from 'vitest';

import { COMMAND_CATALOG } from '../../../src/slack/commands/command-catalog.js';
import { renderHelp } from '../../../src/slack/render/render-help.js';
import { collectBlockText, expectValidRender } from './render-fixtures.js';

describe('renderHelp', () => {
  it('lists every command', () => {
    const message = renderHelp();
    const text = collectBlockText(message).join('\n');

    expectValidRender(message);
    for (const command of COMMAND_CATALOG) {
      expect(text).toContain(`/bitbucket ${command.name}`);
    }
    expect(message).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "emoji": true,
              "text": "Bitbucket commands",
              "type": "plain_text",
            },
            "type": "header",
          },
          {
            "text": {
              "text": "\`/bitbucket help [verb]\`
            List the commands, or explain one.
      \`/bitbucket connect\`
            Link your Bitbucket account so commands run as you.
      \`/bitbucket disconnect\`
            Unlink your Bitbucket account and delete the stored tokens.
      \`/bitbucket whoami\`
            Show which Bitbucket account your commands run as.
      \`/bitbucket workspaces [filter]\`
            List the workspaces you belong to, optionally only those whose name contains the filter.
      \`/bitbucket repos &lt;workspace&gt; [filter]\`
            List the repositories of a workspace, optionally only those whose name contains the filter.
      \`/bitbucket members &lt;workspace&gt;\`
            List the members of a workspace.
      \`/bitbucket prs &lt;repo&gt; [open|merged|declined|superseded|all]\`
            List pull requests of a repository; open ones unless you name another state.
      \`/bitbucket pr create [&lt;repo&gt;] [&lt;source&gt; [into &lt;destination&gt;]]\`
            Open the pull request form, filled in with what you give.
      \`/bitbucket branch create &lt;repo&gt; &lt;name&gt; [from &lt;branch|tag|commit&gt;]\`
            Create a branch, from the repository's main branch unless you name a starting point.
      \`/bitbucket file &lt;repo&gt; &lt;path&gt; [at &lt;branch|tag|commit&gt;]\`
            Show a file or a directory listing, from the main branch unless you name a branch, tag or commit.
      \`/bitbucket repo create [&lt;workspace&gt;/&lt;slug&gt;]\`
            Open the form to create a repository.
      \`/bitbucket repo delete &lt;repo&gt;\`
            Delete a repository, after you type its name to confirm.
      \`/bitbucket issue create [&lt;repo&gt;] [title]\`
            Open the issue form, filled in with the repository and title you give.
      \`/bitbucket issue comment &lt;repo&gt; &lt;id&gt; &lt;text&gt;\`
            Add a comment to an issue.
      \`/bitbucket issue update &lt;repo&gt; &lt;id&gt;\`
            Open the issue form, filled in with the issue, to change it.
      \`/bitbucket issue delete &lt;repo&gt; &lt;id&gt;\`
            Delete an issue, after you confirm.
      \`/bitbucket snippet &lt;workspace&gt; &lt;id&gt;\`
            Show a snippet with its files.
      \`/bitbucket snippet comment &lt;workspace&gt; &lt;id&gt; &lt;text&gt; [reply-to &lt;comment id&gt;]\`
            Comment on a snippet, or reply to one of its comments.",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "elements": [
              {
                "text": "Run \`/bitbucket help &lt;verb&gt;\` for details and examples, e.g. \`/bitbucket help prs\`. &lt;repo&gt; is workspace/repo_slug or a bitbucket.org URL.",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
        ],
        "text": "/bitbucket commands: help, connect, disconnect, whoami, workspaces, repos, members, prs, pr create, branch create, file, repo create, repo delete, issue create, issue comment, issue update, issue delete, snippet, snippet comment",
      }
    `);
  });

  it('escapes the usage placeholders', () => {
    const text = collectBlockText(renderHelp()).join('\n');

    expect(text).toContain('/bitbucket prs &lt;repo&gt;');
    expect(text).not.toContain('<repo>');
  });

  it('explains one command with examples', () => {
    const message = renderHelp('issue comment');

    expectValidRender(message);
    expect(message).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "emoji": true,
              "text": "/bitbucket issue comment",
              "type": "plain_text",
            },
            "type": "header",
          },
          {
            "text": {
              "text": "*\`/bitbucket issue comment &lt;repo&gt; &lt;id&gt; &lt;text&gt;\`*
      Add a comment to an issue.
      &lt;repo&gt; is workspace/repo_slug, or the bitbucket.org URL of the repository or of anything in it. The text may span several lines.
      Examples:
      • \`/bitbucket issue comment acme/api 12 Fixed in #45, please retest.\`",
              "type": "mrkdwn",
            },
            "type": "section",
          },
        ],
        "text": "/bitbucket issue comment &lt;repo&gt; &lt;id&gt; &lt;text&gt;",
      }
    `);
  });

  it('explains every sub-command of a verb', () => {
    const text = collectBlockText(renderHelp('issue')).join('\n');

    expect(text).toContain('/bitbucket issue create');
    expect(text).toContain('/bitbucket issue comment');
    expect(text).toContain('/bitbucket issue update');
    expect(text).toContain('/bitbucket issue delete');
  });

  it('falls back to the list for an unknown topic', () => {
    expect(renderHelp('nonsense')).toEqual(renderHelp());
  });
});

describe('expectValidRender', () => {
  it('rejects an unescaped control token', () => {
    const message = { text: 'fallback', blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: 'Run help <verb>' } }] };

    expect(() => expectValidRender(message)).toThrow(/unexpected control token/);
  });

  it('accepts links, mentions and dates', () => {
    const text = '<https://x.example/a?b=1&amp;c=2|label> <@U123ABC> <!date^1772373909^{date_short}|2026-03-01>';
    const message = { text: 'fallback', blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text } }] };

    expect(() => expectValidRender(message)).not.toThrow();
  });
});
