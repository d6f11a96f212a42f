import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { BitbucketClient } from '../../src/bitbucket/client.js';
import { BitbucketUpstreamError } from '../../src/bitbucket/errors.js';
import { getPullRequestPage } from '../../src/bitbucket/pull-requests.js';
import { createStaticTokenSource } from '../../src/bitbucket/token-source.js';
import { startScriptedServer, type ScriptedReply, type ScriptedServer } from '../support/scripted-http-server.js';
import { createCapturingLogger } from '../support/test-logger.js';

let server: ScriptedServer;
let client: BitbucketClient;
const tokens = createStaticTokenSource('token');

beforeEach(async () => {
  server = await startScriptedServer();
  client = new BitbucketClient({
    baseUrl: `${server.url}/2.0`,
    timeoutMs: 2_000,
    logger: createCapturingLogger('debug').logger,
    retry: { sleep: async () => {} },
  });
});

afterEach(async () => {
  await server.close();
});

/** Responses to a list GET that are not a page of Bitbucket's paginated envelope. */
const NOT_A_PAGE: Array<[string, ScriptedReply]> = [
  ['204 without a body', { status: 204 }],
  ['JSON null', { status: 200, body: null }],
  ['a JSON array', { status: 200, body: [1, 2] }],
  ['values as a string', { status: 200, body: { values: 'abc' } }],
  ['values as an object', { status: 200, body: { values: { a: 1 } } }],
  ['next as a number', { status: 200, body: { values: [], next: 5 } }],
];

describe('paginate with malformed pages', () => {
  it.each(NOT_A_PAGE)('reports %s as an upstream error', async (_name, reply) => {
    server.reply(reply);

    const error = await client
      .paginate(tokens, { method: 'GET', path: '/repositories/acme' })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BitbucketUpstreamError);
    expect((error as Error).message).toContain('GET /repositories/acme');
    expect((error as Error).message).toContain('not a page of a Bitbucket list');
  });

  it('reads a page with 200,000 values', async () => {
    const values = Array.from({ length: 200_000 }, (_, index) => index);
    server.reply({ status: 200, body: { values } });

    const collected = await client.paginate<number>(tokens, { method: 'GET', path: '/repositories/acme' });

    expect(collected.values).toHaveLength(200_000);
    expect(collected.truncated).toBe(false);
  });
});

describe('getPullRequestPage with a malformed page', () => {
  it.each(NOT_A_PAGE)('reports %s as an upstream error', async (_name, reply) => {
    server.reply(reply);

    const error = await getPullRequestPage(client, tokens, 'acme', 'api', { states: [], page: 1 }).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(BitbucketUpstreamError);
    expect((error as Error).message).toContain('not a page of a Bitbucket list');
  });
});
