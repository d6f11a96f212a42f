import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readMessageText, startTestApp, type TestApp } from '../support/app-harness.js';
import { expectValidMessage } from '../support/block-kit-schema.js';
import { seedAcme, type AcmeWorld } from '../support/command-fixtures.js';

/** One word nearly as long as the command text Slack allows, which is about 4,000 characters (an estimate). */
const LONG_WORD = 'x'.repeat(3_990);

describe('command input', () => {
  let testApp: TestApp;
  let world: AcmeWorld;

  beforeAll(async () => {
    testApp = await startTestApp();
    world = seedAcme(testApp.bitbucket);
    await testApp.connect(world.ada);
  });

  afterAll(async () => {
    await testApp.stop();
    testApp.bitbucket.assertRequestsValid();
  });

  /** Sends a command and returns the text of its first reply, which must be a valid message of `responseType`. */
  async function readReply(text: string, responseType = 'ephemeral'): Promise<string> {
    const { status, responseUrlId } = await testApp.command(text);
    expect(status).toBe(200);
    const reply = await testApp.replyTo(responseUrlId);
    expectValidMessage(reply.body);
    expect(reply.body.response_type).toBe(responseType);
    return readMessageText(reply.body);
  }

  it.each([
    ['an unknown verb', LONG_WORD, '/bitbucket prs &lt;repo&gt;'],
    ['a repository', `prs ${LONG_WORD}`, 'Give it as workspace/repo_slug'],
    ['a state', `prs acme/api ${LONG_WORD}`, 'use one of open, merged, declined, superseded, all'],
    ['a workspace', `members ${LONG_WORD}!`, 'use letters, digits'],
    ['an extra word', `whoami ${LONG_WORD}`, '"whoami" takes no arguments.'],
    ['a branch name', `branch create acme/api ~${LONG_WORD}`, 'git names cannot contain spaces'],
    ['an issue id', `issue comment acme/api ${LONG_WORD} text`, 'it must be a positive whole number'],
  ])('keeps the usage for a 4,000-character %s', async (_case, command, hint) => {
    const text = await readReply(command);

    expect(text, text.slice(0, 600)).toContain(hint);
    expect(text).toContain('Usage:');
    expect(text).not.toContain('x'.repeat(100));
  });

  it('keeps an e-mail address Slack linked', async () => {
    const text = await readReply(`snippet comment acme ${world.snippetId} Ask <mailto:ada@acme.example|ada@acme.example> first`, 'in_channel');

    expect(text).toContain('Ask ada@acme.example first');
    expect(text).not.toContain('mailto:');
  });

  it.each([
    ['extra spaces and tabs', '  file \t acme/api    README.md   '],
    ['curly double quotes', 'file acme/api “README.md”'],
    ['curly single quotes', 'file acme/api ‘README.md’'],
    ['a non-breaking space', 'file acme/api\u00a0README.md'],
    ['a link Slack added', 'file <https://bitbucket.org/acme/api|bitbucket.org/acme/api> README.md'],
    ['an upper-case verb', 'FILE acme/api README.md'],
  ])('reads a command with %s', async (_case, command) => {
    const text = await readReply(command);

    expect(text).toContain('Hello from main.');
  });

  it('keeps emoji and right-to-left text in a comment', async () => {
    const comment = 'Looks good 🚀👩‍👩‍👧‍👦 — שלום עולם \u202e done';

    const text = await readReply(`snippet comment acme ${world.snippetId} ${comment}`, 'in_channel');

    expect(text).toContain(comment);
  });

  it('answers a filter of emoji', async () => {
    const text = await readReply('workspaces 🚀');

    expect(text).toContain('You belong to no workspaces matching "🚀".');
  });

  it('keeps reply-to inside a quoted comment', async () => {
    const text = await readReply(`snippet comment acme ${world.snippetId} "Please use reply-to 301"`, 'in_channel');

    expect(text).toContain('commented on snippet');
    expect(text).toContain('Please use reply-to 301');
  });

  it('keeps a comment that starts with an apostrophe', async () => {
    const text = await readReply(`snippet comment acme ${world.snippetId} 'cause it broke`, 'in_channel');

    expect(text).toContain("'cause it broke");
  });
});
