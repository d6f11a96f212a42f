import { describe, expect, it } from 'vitest';

import type { Snippet } from '../../../src/bitbucket/types.js';
import { renderSnippet } from '../../../src/slack/render/render-snippet.js';
import { buildAccount, collectBlockText, expectValidRender, HOSTILE_TEXT, measureMessageLength } from './render-fixtures.js';

function buildSnippet(overrides: Partial<Snippet> = {}): Snippet {
  return {
    id: 'kypj9',
    title: 'Deploy notes',
    is_private: true,
    owner: buildAccount(),
    updated_on: '2026-03-01T14:05:09+00:00',
    links: { html: { href: 'https://bitbucket.org/snippets/acme/kypj9' } },
    files: [{ name: 'deploy.sh', content: '#!/bin/sh\nnpm ci && npm start\n', size: 30 }],
    ...overrides,
  };
}

describe('renderSnippet', () => {
  it('renders files as code', () => {
    const message = renderSnippet({
      workspace: 'acme',
      snippet: buildSnippet({ files: [...buildSnippet().files, { name: 'logo.png', binary: true, size: 2000 }] }),
    });

    expectValidRender(message);
    expect(message).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "emoji": true,
              "text": "Deploy notes",
              "type": "plain_text",
            },
            "type": "header",
          },
          {
            "elements": [
              {
                "text": "acme · private · by Ada Lovelace · updated <!date^1772373909^{date_short_pretty} {time}|2026-03-01 14:05 UTC> · <https://bitbucket.org/snippets/acme/kypj9|Open on bitbucket.org>",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
          {
            "elements": [
              {
                "text": "*deploy.sh* · 30 B",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
          {
            "text": {
              "text": "\`\`\`
      #!/bin/sh
      npm ci &amp;&amp; npm start
      \`\`\`",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "text": {
              "text": "*logo.png* · 2.0 kB
      _binary file, not shown_",
              "type": "mrkdwn",
            },
            "type": "section",
          },
        ],
        "text": "Deploy notes (2 files)",
      }
    `);
  });

  it('escapes hostile titles and names', () => {
    const message = renderSnippet({
      workspace: 'acme',
      snippet: buildSnippet({ title: HOSTILE_TEXT, files: [{ name: HOSTILE_TEXT, content: HOSTILE_TEXT }] }),
    });

    expectValidRender(message);
  });

  it('shares one budget across files', () => {
    const bigFile = (name: string) => ({ name, content: `${'y'.repeat(79)}\n`.repeat(60) });
    const message = renderSnippet({
      workspace: 'acme',
      snippet: buildSnippet({ files: [bigFile('a.txt'), bigFile('b.txt'), bigFile('c.txt'), bigFile('d.txt')] }),
    });
    const text = collectBlockText(message).join('\n');

    expectValidRender(message);
    expect(measureMessageLength(message)).toBeLessThanOrEqual(10_000);
    expect(text).toMatch(/\d+ more files? not shown\. <https:\/\/bitbucket\.org\/snippets\/acme\/kypj9\|Open the whole snippet on bitbucket\.org>/);
  });

  it('names a snippet without a title', () => {
    const message = renderSnippet({ workspace: 'acme', snippet: buildSnippet({ title: '', files: [] }) });

    expectValidRender(message);
    expect(collectBlockText(message)[0]).toBe('Snippet kypj9');
    expect(collectBlockText(message)).toContain('_The snippet has no files._');
  });
});
