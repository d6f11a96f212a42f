import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { readMessageText, startTestApp, type TestApp } from '../support/app-harness.js';
import { expectValidMessage } from '../support/block-kit-schema.js';
import { LONG_FILE_LINES, seedAcme, type AcmeWorld } from '../support/command-fixtures.js';
import type { RecordedSlackCall } from '../support/fake-slack.js';

describe('read commands end to end', () => {
  let testApp: TestApp;
  let world: AcmeWorld;

  beforeEach(async () => {
    testApp = await startTestApp();
    world = seedAcme(testApp.bitbucket);
    await testApp.connect(world.ada);
  });

  afterEach(async () => {
    await testApp.stop();
    testApp.bitbucket.assertRequestsValid();
  });

  /** Sends a command and returns its first reply, checked against Block Kit's limits. */
  async function run(text: string): Promise<{ reply: RecordedSlackCall; text: string }> {
    const { status, responseUrlId } = await testApp.command(text);
    expect(status).toBe(200);
    const reply = await testApp.replyTo(responseUrlId);
    expectValidMessage(reply.body);
    return { reply, text: readMessageText(reply.body) };
  }

  it('lists the workspaces of the user', async () => {
    testApp.bitbucket.addMember(testApp.bitbucket.addWorkspace({ slug: 'globex' }), world.ada);

    const { reply, text } = await run('workspaces');

    expect(reply.body.response_type).toBe('ephemeral');
    expect(text).toContain('`acme`');
    expect(text).toContain('`globex`');
  });

  it('filters workspaces by slug', async () => {
    testApp.bitbucket.addMember(testApp.bitbucket.addWorkspace({ slug: 'globex' }), world.ada);

    const { text } = await run('workspaces glob');

    expect(text).toContain('`globex`');
    expect(text).not.toContain('`acme`');
  });

  it('lists the repositories of a workspace', async () => {
    const { text } = await run('repos acme');

    expect(text).toContain('acme/api');
    expect(text).toContain('acme/web');
    expect(text).toContain('The public API');
  });

  it('filters repositories by name', async () => {
    const { text } = await run('repos acme infra');

    expect(text).toContain('acme/infra-tools');
    expect(text).not.toContain('acme/api');
    const listRequest = testApp.bitbucket.requests.find((request) => request.path === '/2.0/repositories/acme');
    expect(listRequest?.query['q']).toEqual(['name ~ "infra"']);
  });

  it('reads one page for a long repository list', async () => {
    for (let index = 0; index < 150; index += 1) {
      testApp.bitbucket.addRepository('acme', { slug: `service-${String(index).padStart(3, '0')}` });
    }

    const { text } = await run('repos acme');

    const listRequests = testApp.bitbucket.requests.filter((request) => request.path === '/2.0/repositories/acme');
    expect(listRequests).toHaveLength(1);
    expect(text).toMatch(/more/i);
  });

  it('lists the members of a workspace', async () => {
    testApp.bitbucket.addMember(world.acme, testApp.bitbucket.addUser({ display_name: 'Grace Hopper' }));

    const { text } = await run('members acme');

    expect(text).toContain('Ada Lovelace');
    expect(text).toContain('Grace Hopper');
  });

  it('shows a file from the main branch by default', async () => {
    const { reply, text } = await run('file acme/api README.md');

    expect(reply.body.response_type).toBe('ephemeral');
    expect(text).toContain('Hello from main.');
    expect(text).toContain(`at main (${world.mainHash.slice(0, 7)})`);
  });

  it('shows a file at a named branch', async () => {
    const { text } = await run('file acme/api README.md at feature/login');

    expect(text).toContain('Hello from the login branch.');
    expect(text).toContain(`feature/login (${world.featureHash.slice(0, 7)})`);
  });

  it('lists a directory', async () => {
    const { text } = await run('file acme/api src/');

    expect(text).toContain('index.ts');
  });

  it('describes a binary file without its bytes', async () => {
    const { text } = await run('file acme/api assets/logo.png');

    expect(text).toContain('binary file');
    expect(text).toContain('Open it on bitbucket.org');
  });

  it('cuts a long file and links to the rest', async () => {
    const { text } = await run('file acme/api docs/long.txt');

    expect(text).toContain('line 1: ');
    expect(text).not.toContain(`line ${LONG_FILE_LINES}: `);
    expect(text).toMatch(new RegExp(`Showing the first \\d+ of ${LONG_FILE_LINES} lines`));
    expect(text).toContain('Open the whole file on bitbucket.org');
  });

  it('names a missing ref of the file command', async () => {
    const { text } = await run('file acme/api README.md at nosuchbranch');

    expect(text).toContain('The repository acme/api has no branch, tag or commit named `nosuchbranch`.');
  });

  it('names a missing path of the file command', async () => {
    const { text } = await run('file acme/api docs/missing.md');

    expect(text).toContain('Bitbucket found no file docs/missing.md at main in acme/api.');
  });

  it('shows a snippet with its files', async () => {
    const { reply, text } = await run(`snippet acme ${world.snippetId}`);

    expect(reply.body.response_type).toBe('ephemeral');
    expect(text).toContain('Deploy script');
    expect(text).toContain('deploy.sh');
    expect(text).toContain('echo deploying');
  });
});
