import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readMessageText, startTestApp, type TestApp } from '../support/app-harness.js';
import { expectValidMessage } from '../support/block-kit-schema.js';
import { seedAcme, type AcmeWorld } from '../support/command-fixtures.js';
import type { RecordedSlackCall } from '../support/fake-slack.js';

/** About 200 KB of text: 1,600 lines of 129 characters. */
const LARGE_TEXT = `${'0123456789abcdef'.repeat(8)}\n`.repeat(1_600);

/**
 * Bound for the JSON of a reply's blocks. Slack rejects blocks of about 13,200 characters or more
 * with msg_blocks_too_long, an undocumented limit reported in https://github.com/slackapi/bolt-js/issues/2509.
 */
const MESSAGE_BLOCKS_TEXT_MAX = 13_000;

describe('file command with odd files', () => {
  let testApp: TestApp;
  let world: AcmeWorld;
  let oddHash: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    world = seedAcme(testApp.bitbucket);
    const odd = testApp.bitbucket.addRepository(world.acme, {
      slug: 'odd',
      files: {
        'large.txt': LARGE_TEXT,
        'ticks.txt': '`'.repeat(5_000),
        'hostile.md': '```\n<!here> <@U04B7KQ3A2N> &amp; <https://evil.example|bitbucket.org>\n```\n',
        'world.txt': 'שלום עולם \u202e txt.exe 🚀 👩‍👩‍👧‍👦 e\u0301\n',
        'data.bin': Buffer.from(Array.from({ length: 4_096 }, (_, index) => index % 256)),
        'docs/50% off #1?.md': 'Odd name read.\n',
        'docs/Release Notes & Ideas.md': 'Spaced name read.\n',
      },
    });
    oddHash = odd.branches.get('main')!;
    await testApp.connect(world.ada);
  });

  afterAll(async () => {
    await testApp.stop();
    testApp.bitbucket.assertRequestsValid();
  });

  async function showFile(text: string): Promise<{ reply: RecordedSlackCall; text: string }> {
    const { status, responseUrlId } = await testApp.command(text);
    expect(status).toBe(200);
    const reply = await testApp.replyTo(responseUrlId);
    expectValidMessage(reply.body);
    expect(reply.body.response_type).toBe('ephemeral');
    return { reply, text: readMessageText(reply.body) };
  }

  it('cuts a 200 KB file to its first lines', async () => {
    const { reply, text } = await showFile('file acme/odd large.txt');

    expect(text).toContain('0123456789abcdef');
    expect(text).toMatch(/Showing the first \d+ of 1600 lines\./);
    expect(JSON.stringify(reply.body.blocks).length).toBeLessThan(MESSAGE_BLOCKS_TEXT_MAX);
  });

  it('keeps a file of backticks inside its code blocks', async () => {
    const { reply } = await showFile('file acme/odd ticks.txt');

    const sections = (reply.body.blocks as Array<{ type: string; text?: { text: string } }>).filter((block) => block.type === 'section');
    expect(sections.length).toBeGreaterThan(0);
    for (const section of sections) {
      const inner = section.text!.text.replace(/^```\n/, '').replace(/\n```$/, '');
      expect(inner).not.toContain('```');
    }
  });

  it('shows mentions and fences in a file literally', async () => {
    const { text } = await showFile('file acme/odd hostile.md');

    expect(text).toContain('&lt;!here&gt; &lt;@U04B7KQ3A2N&gt; &amp;amp; &lt;https://evil.example|bitbucket.org&gt;');
    expect(text).not.toContain('<!here>');
    expect(text).not.toContain('<@U04B7KQ3A2N>');
  });

  it('keeps right-to-left text and emoji intact', async () => {
    const { text } = await showFile('file acme/odd world.txt');

    expect(text).toContain('שלום עולם \u202e txt.exe 🚀 👩‍👩‍👧‍👦 e\u0301');
  });

  it('describes a binary file without its bytes', async () => {
    const { text } = await showFile('file acme/odd data.bin');

    expect(text).toContain('This is a binary file (application/octet-stream, 4.1 kB)');
    expect(text).not.toContain('\u0000');
  });

  it.each([
    ['a query and a fragment', 'file https://bitbucket.org/acme/odd/src/main/world.txt?at=main#lines-1'],
    ['a commit and ?at=', `file https://bitbucket.org/acme/odd/src/${'HASH'}/world.txt?at=feature%2Flogin`],
    ['angle brackets from Slack', 'file <https://bitbucket.org/acme/odd/src/main/world.txt|bitbucket.org/acme/odd/src/main/world.txt>'],
  ])('reads a file from a URL with %s', async (_case, command) => {
    const { text } = await showFile(command.replace('HASH', oddHash));

    expect(text).toContain('שלום עולם');
  });

  it('names the parameter of an invalid path once', async () => {
    const { text } = await showFile('file acme/odd docs//world.txt');

    expect(text).toContain('• *path*: expected a file path such as');
    expect(text).not.toContain('path: expected');
  });

  it('names the ref a branch URL with a slash splits', async () => {
    const { text } = await showFile('file https://bitbucket.org/acme/api/src/feature/login/README.md');

    expect(text).toContain('has no branch, tag or commit named `feature`');
  });

  it.each([
    ['percent, hash and question marks', 'file acme/odd "docs/50% off #1?.md"', 'Odd name read.'],
    ['spaces and an escaped ampersand', 'file acme/odd “docs/Release Notes &amp; Ideas.md”', 'Spaced name read.'],
  ])('reads a path with %s', async (_case, command, content) => {
    const { text } = await showFile(command);

    expect(text).toContain(content);
  });
});
