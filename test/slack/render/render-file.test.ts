import { describe, expect, it } from 'vitest';

import { renderFile, type FileData } from '../../../src/slack/render/render-file.js';
import { collectBlockText, expectValidRender, HOSTILE_TEXT } from './render-fixtures.js';

const commit = '3f2a9c1e5b7d4e2a9c1f3d5e7a9b1c2d4e6f8a0b';
const base = { workspace: 'acme', repoSlug: 'api', ref: 'main' };

function renderText(content: string, path = 'README.md') {
  const file: FileData = { type: 'text', path, commit, size: content.length, content };
  return renderFile({ ...base, file });
}

describe('renderFile', () => {
  it('renders a short file as code', () => {
    const message = renderText('# API\n\nRun `npm start`.\n');

    expectValidRender(message);
    expect(message).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "emoji": true,
              "text": "README.md",
              "type": "plain_text",
            },
            "type": "header",
          },
          {
            "text": {
              "text": "\`\`\`
      # API

      Run \`npm start\`.
      \`\`\`",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "elements": [
              {
                "text": "acme/api at main (3f2a9c1)",
                "type": "mrkdwn",
              },
              {
                "text": "<https://bitbucket.org/acme/api/src/3f2a9c1e5b7d4e2a9c1f3d5e7a9b1c2d4e6f8a0b/README.md|Open on bitbucket.org>",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
        ],
        "text": "README.md in acme/api",
      }
    `);
  });

  it('keeps a fence inside one block', () => {
    const message = renderText('Example:\n```js\nconsole.log(1)\n```\nend\n', 'docs/example.md');
    const [, code] = collectBlockText(message);

    expectValidRender(message);
    expect(code?.startsWith('```\n')).toBe(true);
    expect(code?.endsWith('\n```')).toBe(true);
    expect(code?.slice(3, -3)).not.toContain('```');
    expect(code).toContain('`\u200b`\u200b`js');
  });

  it('escapes hostile content', () => {
    const message = renderText(`${HOSTILE_TEXT}\n`);

    expectValidRender(message);
    expect(collectBlockText(message).join('\n')).toContain('&lt;!channel&gt;');
  });

  it('cuts a long file with a link', () => {
    const lines = Array.from({ length: 2000 }, (_value, index) => `line ${index + 1}: ${'x'.repeat(40)}`);
    const message = renderText(lines.join('\n'), 'src/big.ts');
    const texts = collectBlockText(message);
    const codeBlocks = texts.filter((text) => text.startsWith('```'));

    expectValidRender(message);
    expect(codeBlocks.length).toBeGreaterThan(1);
    for (const block of codeBlocks) expect(block.length).toBeLessThanOrEqual(3000);
    expect(texts.join('\n')).toMatch(/Showing the first \d+ of 2000 lines\. <https:\/\/bitbucket\.org\/acme\/api\/src\/3f2a9c1e5b7d4e2a9c1f3d5e7a9b1c2d4e6f8a0b\/src\/big\.ts\|Open the whole file on bitbucket\.org>/);
  });

  it('describes a binary file', () => {
    const message = renderFile({ ...base, file: { type: 'binary', path: 'logo.png', commit, size: 12_345, mimetype: 'image/png' } });

    expectValidRender(message);
    expect(collectBlockText(message)[1]).toBe(
      'This is a binary file (image/png, 12.3 kB), so it is not shown here. <https://bitbucket.org/acme/api/src/3f2a9c1e5b7d4e2a9c1f3d5e7a9b1c2d4e6f8a0b/logo.png|Open it on bitbucket.org>.',
    );
  });

  it('describes a file over the limit', () => {
    const message = renderFile({ ...base, file: { type: 'too_large', path: 'dump.sql', commit, size: 5_000_000, max_bytes: 1_048_576 } });

    expectValidRender(message);
    expect(collectBlockText(message)[1]).toContain("(5.0 MB) is larger than the app's limit of 1.0 MB");
  });

  it('lists a directory, folders first', () => {
    const message = renderFile({
      ...base,
      file: {
        type: 'directory',
        path: 'src',
        commit,
        entries: [
          { type: 'file', path: 'src/main.ts', size: 2048 },
          { type: 'directory', path: 'src/slack' },
          { type: 'file', path: 'src/a <b>.ts', size: 10 },
        ],
      },
    });

    expectValidRender(message);
    expect(message).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "emoji": true,
              "text": "src/",
              "type": "plain_text",
            },
            "type": "header",
          },
          {
            "text": {
              "text": ":file_folder: \`slack/\`
      :page_facing_up: \`a &lt;b&gt;.ts\` · 10 B
      :page_facing_up: \`main.ts\` · 2.0 kB",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "elements": [
              {
                "text": "acme/api at main (3f2a9c1)",
                "type": "mrkdwn",
              },
              {
                "text": "<https://bitbucket.org/acme/api/src/3f2a9c1e5b7d4e2a9c1f3d5e7a9b1c2d4e6f8a0b/src|Open on bitbucket.org>",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
        ],
        "text": "src in acme/api",
      }
    `);
  });

  it('cuts a long directory listing', () => {
    const entries = Array.from({ length: 500 }, (_value, index) => ({ type: 'file' as const, path: `file-${index}.txt`, size: 1 }));
    const message = renderFile({ ...base, file: { type: 'directory', path: '', commit, entries, truncated: true } });

    expectValidRender(message);
    expect(collectBlockText(message).join('\n')).toContain('…and more. <https://bitbucket.org/acme/api/src/');
  });

  it('says a file is empty', () => {
    expect(collectBlockText(renderText(''))[1]).toBe('_The file is empty._');
  });

  it('shows the commit without a ref', () => {
    const message = renderFile({ workspace: 'acme', repoSlug: 'api', file: { type: 'text', path: 'a', commit, content: 'x' } });

    expect(collectBlockText(message).join('\n')).toContain('acme/api at 3f2a9c1');
  });
});
