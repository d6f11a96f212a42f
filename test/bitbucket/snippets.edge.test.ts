import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { BitbucketClient } from '../../src/bitbucket/client.js';
import { BitbucketInputError } from '../../src/bitbucket/errors.js';
import { readSnippetFile } from '../../src/bitbucket/snippets.js';
import { createStaticTokenSource } from '../../src/bitbucket/token-source.js';
import { startScriptedServer, type ScriptedServer } from '../support/scripted-http-server.js';
import { createCapturingLogger } from '../support/test-logger.js';

let server: ScriptedServer;
let client: BitbucketClient;

beforeEach(async () => {
  server = await startScriptedServer();
  client = new BitbucketClient({ baseUrl: `${server.url}/2.0`, timeoutMs: 2_000, logger: createCapturingLogger('debug').logger });
});

afterEach(async () => {
  await server.close();
});

describe('readSnippetFile without a self link', () => {
  it.each(['..', '.'])('sends nothing for the file name %j', async (name) => {
    server.reply({ status: 200, body: { type: 'snippet', id: 'kypj' } });

    const error = await readSnippetFile(client, createStaticTokenSource('token'), 'acme', 'kypj', { name }, 1_000).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(BitbucketInputError);
    expect(server.requests).toEqual([]);
  });

  it('encodes a file name with "/" and spaces as one segment', async () => {
    server.reply({ status: 200, body: Buffer.from('text') });

    await readSnippetFile(client, createStaticTokenSource('token'), 'acme', 'kypj', { name: 'a b/c.txt' }, 1_000);

    expect(server.requests[0]?.url).toBe('/2.0/snippets/acme/kypj/files/a%20b%2Fc.txt');
  });
});
