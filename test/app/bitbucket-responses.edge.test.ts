import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { readMessageText, startTestApp, type TestApp } from '../support/app-harness.js';
import { expectValidMessage } from '../support/block-kit-schema.js';
import { seedAcme, type AcmeWorld } from '../support/command-fixtures.js';
import type { Fault } from '../support/fake-bitbucket/index.js';

const PULL_REQUESTS_PATH = '/repositories/acme/api/pullrequests';

describe('odd Bitbucket responses', () => {
  let testApp: TestApp;
  let world: AcmeWorld;

  beforeAll(async () => {
    testApp = await startTestApp();
    world = seedAcme(testApp.bitbucket);
    await testApp.connect(world.ada);
  });

  afterEach(() => {
    testApp.bitbucket.clearFaults();
  });

  afterAll(async () => {
    await testApp.stop();
    testApp.bitbucket.assertRequestsValid();
  });

  /** Sends a command while Bitbucket responds with `fault`, and returns the text of the one reply. */
  async function readReplyTo(text: string, fault: Fault): Promise<string> {
    testApp.bitbucket.inject({ ...fault, times: Infinity });
    const { status, responseUrlId } = await testApp.command(text);
    expect(status).toBe(200);
    const reply = await testApp.replyTo(responseUrlId);
    expectValidMessage(reply.body);
    return readMessageText(reply.body);
  }

  it.each([
    ['an HTML page', '<html><body>Bitbucket is upgrading</body></html>', { 'content-type': 'text/html' }],
    ['invalid JSON', '{"values": [', { 'content-type': 'application/json' }],
    ['JSON that is no page', { values: 'none' }, undefined],
  ])('reports %s with status 200 as unreadable', async (_case, body, headers) => {
    const text = await readReplyTo('prs acme/api', { kind: 'status', status: 200, body, ...(headers ? { headers } : {}), path: PULL_REQUESTS_PATH });

    expect(text).toContain('Bitbucket sent a response that the app cannot read.');
    expect(text).not.toContain('HTTP 200');
    expect(text).not.toContain('The connection to Bitbucket failed.');
  });

  it('never follows a page link to another host', async () => {
    const repository = { full_name: 'acme/api', slug: 'api', name: 'api' };
    const body = { values: [repository], next: 'https://bitbucket.example/2.0/repositories/acme?page=2' };

    const text = await readReplyTo('repos acme', { kind: 'status', status: 200, body, path: '/repositories/acme' });

    // A list reply reads one page, so the link is never requested; the toolkit's own pagination
    // tests cover refusing it when more pages are read.
    expect(text).toContain('acme/api');
    expect(text).toContain('…and more.');
    expect(testApp.bitbucket.requests.filter((request) => request.path === '/2.0/repositories/acme')).toHaveLength(1);
  });

  it('shows a reference for pull requests without fields', async () => {
    const text = await readReplyTo('prs acme/api', { kind: 'status', status: 200, body: { values: [{ id: 1 }], size: 1 }, path: PULL_REQUESTS_PATH });

    const referenceId = /reference `([0-9a-f]{8})`/.exec(text)?.[1];
    expect(referenceId).toBeDefined();
    expect(testApp.logs.some((line) => line.referenceId === referenceId && line.level === 'error')).toBe(true);
  });
});
