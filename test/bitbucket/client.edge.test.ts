import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { BitbucketClient } from '../../src/bitbucket/client.js';
import { BitbucketUnauthorizedError, BitbucketUpstreamError } from '../../src/bitbucket/errors.js';
import { createStaticTokenSource } from '../../src/bitbucket/token-source.js';
import { startScriptedServer, type ScriptedServer } from '../support/scripted-http-server.js';
import { createCapturingLogger } from '../support/test-logger.js';

let server: ScriptedServer;
let client: BitbucketClient;
let logs: ReturnType<typeof createCapturingLogger>;

beforeEach(async () => {
  server = await startScriptedServer();
  logs = createCapturingLogger('debug');
  client = new BitbucketClient({ baseUrl: `${server.url}/2.0`, timeoutMs: 2_000, logger: logs.logger, retry: { sleep: async () => {} } });
});

afterEach(async () => {
  await server.close();
});

/** Tokens that an HTTP header cannot carry: line breaks would inject a header, the rest are invalid. */
const UNSENDABLE_TOKENS: Array<[string, string]> = [
  ['a line feed', 'abc\nX-Injected: 1'],
  ['a carriage return and line feed', 'abc\r\nX-Injected: 1'],
  ['a NUL byte', 'abc\u0000def'],
  ['a space', 'abc def'],
  ['a character outside Latin-1', 'abc€def'],
];

describe('BitbucketClient with an unsendable token', () => {
  it.each(UNSENDABLE_TOKENS)('rejects a token with %s before sending', async (_name, token) => {
    server.reply({ status: 201, body: {} });
    const tokens = createStaticTokenSource(token, 'access token in BITBUCKET_BEARER_TOKEN');

    const error = await client
      .requestJson(tokens, { method: 'POST', path: '/repositories/acme/api/pullrequests', json: {} })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BitbucketUnauthorizedError);
    expect((error as BitbucketUnauthorizedError).outcomeUnknown).toBe(false);
    expect((error as Error).message).toContain('access token in BITBUCKET_BEARER_TOKEN');
    expect((error as Error).message).toContain('nothing was sent');
    expect((error as Error).message).not.toContain('abc');
    expect(server.requests).toEqual([]);
  });

  it('keeps the token out of the logs', async () => {
    const tokens = createStaticTokenSource('secret-part\nX-Injected: 1');

    await client.requestJson(tokens, { method: 'GET', path: '/user' }).catch(() => undefined);

    expect(JSON.stringify(logs.lines)).not.toContain('secret-part');
  });
});

describe('BitbucketClient base URL', () => {
  it.each(['?x=1', '#part'])('rejects a base URL ending in %j', (suffix) => {
    expect(() => new BitbucketClient({ baseUrl: `${server.url}/2.0${suffix}`, timeoutMs: 1_000, logger: logs.logger })).toThrow(
      /query string or fragment/,
    );
  });
});

describe('BitbucketClient response size', () => {
  it('stops reading a JSON body past the limit', async () => {
    const small = new BitbucketClient({ baseUrl: `${server.url}/2.0`, timeoutMs: 2_000, logger: logs.logger, maxResponseBytes: 1024 });
    server.reply({ status: 200, body: { values: 'x'.repeat(10_000) } });

    const error = await small.requestJson(createStaticTokenSource('t'), { method: 'GET', path: '/user' }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BitbucketUpstreamError);
    expect((error as Error).message).toMatch(/larger than|too large|exceeded/i);
  });

  it('reads a JSON body within the limit', async () => {
    const small = new BitbucketClient({ baseUrl: `${server.url}/2.0`, timeoutMs: 2_000, logger: logs.logger, maxResponseBytes: 1024 });
    server.reply({ status: 200, body: { uuid: '{u}', display_name: 'Ada' } });

    const user = await small.requestJson<{ display_name: string }>(createStaticTokenSource('t'), { method: 'GET', path: '/user' });

    expect(user.display_name).toBe('Ada');
  });
});
