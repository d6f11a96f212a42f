import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { BitbucketClient } from '../../src/bitbucket/client.js';
import {
  BitbucketRateLimitedError,
  BitbucketResponseTooLargeError,
  BitbucketTimeoutError,
  BitbucketUnauthorizedError,
  BitbucketUpstreamError,
} from '../../src/bitbucket/errors.js';
import type { TokenSource } from '../../src/bitbucket/token-source.js';
import { startScriptedServer, type ScriptedServer } from '../support/scripted-http-server.js';
import { createCapturingLogger } from '../support/test-logger.js';

const TOKEN = 'secret-token-0123456789';

let server: ScriptedServer;
let other: ScriptedServer;

beforeEach(async () => {
  server = await startScriptedServer();
  other = await startScriptedServer();
});

afterEach(async () => {
  await server.close();
  await other.close();
});

function createClient(options: { timeoutMs?: number; maxRetryAfterMs?: number } = {}) {
  const capture = createCapturingLogger('debug');
  const waits: number[] = [];
  const client = new BitbucketClient({
    baseUrl: `${server.url}/2.0`,
    timeoutMs: options.timeoutMs ?? 2_000,
    logger: capture.logger,
    retry: {
      maxRetryAfterMs: options.maxRetryAfterMs,
      sleep: async (ms) => {
        waits.push(ms);
      },
      random: () => 0.5,
    },
  });
  return { client, waits, ...capture };
}

function staticTokens(token = TOKEN): TokenSource & { calls: number } {
  const source = {
    calls: 0,
    description: 'test token',
    getAccessToken: async () => {
      source.calls += 1;
      return token;
    },
  };
  return source;
}

const user = { uuid: '{u1}', display_name: 'Alice' };

describe('BitbucketClient requests', () => {
  it('sends the bearer token and parses JSON', async () => {
    const { client } = createClient();
    server.reply({ status: 200, body: user });

    const result = await client.requestJson(staticTokens(), { method: 'GET', path: '/user' });

    expect(result).toEqual(user);
    expect(server.requests[0]?.url).toBe('/2.0/user');
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('sends array query values as repeated parameters', async () => {
    const { client } = createClient();
    server.reply({ status: 200, body: { values: [] } });

    await client.requestJson(staticTokens(), { method: 'GET', path: '/x', query: { state: ['OPEN', 'MERGED'], q: undefined, page: 2 } });

    expect(server.requests[0]?.url).toBe('/2.0/x?state=OPEN&state=MERGED&page=2');
  });

  it('logs method, path, status and duration at debug without the token', async () => {
    const { client, lines, text } = createClient();
    server.reply({ status: 503 }, { status: 200, body: user });

    await client.requestJson(staticTokens(), { method: 'GET', path: '/user', query: { access_token: TOKEN } });

    const debug = lines.filter((line) => line['level'] === 'debug');
    expect(debug).toHaveLength(2);
    expect(debug[1]).toMatchObject({ method: 'GET', path: '/user', status: 200 });
    expect(typeof debug[1]?.['ms']).toBe('number');
    expect(String(debug[1]?.['msg'])).toMatch(/^GET \/user 200 \d+ms$/);
    expect(text()).not.toContain(TOKEN);
  });

  it('asks the token source on every try', async () => {
    const { client } = createClient();
    const tokens = staticTokens();
    server.reply({ status: 502 }, { status: 504 }, { status: 200, body: user });

    await client.requestJson(tokens, { method: 'GET', path: '/user' });

    expect(server.requests).toHaveLength(3);
    expect(tokens.calls).toBe(3);
  });
});

describe('BitbucketClient retries', () => {
  it('retries a GET after 429 and logs the retry at warn', async () => {
    const { client, lines, waits } = createClient();
    server.reply({ status: 429 }, { status: 200, body: user });

    const result = await client.requestJson(staticTokens(), { method: 'GET', path: '/user' });

    expect(result).toEqual(user);
    expect(server.requests).toHaveLength(2);
    expect(waits).toHaveLength(1);
    const warning = lines.find((line) => line['level'] === 'warn');
    expect(warning).toMatchObject({ method: 'GET', path: '/user', status: 429, attempt: 2 });
    expect(warning?.['waitMs']).toBe(waits[0]);
  });

  it('waits the seconds Retry-After asks for', async () => {
    const { client, waits } = createClient();
    server.reply({ status: 429, headers: { 'retry-after': '2' } }, { status: 200, body: user });

    await client.requestJson(staticTokens(), { method: 'GET', path: '/user' });

    expect(waits).toEqual([2000]);
  });

  it('reads Retry-After given as an HTTP date', async () => {
    const { client, waits } = createClient();
    const inThreeSeconds = new Date(Date.now() + 3_000).toUTCString();
    server.reply({ status: 503, headers: { 'retry-after': inThreeSeconds } }, { status: 200, body: user });

    await client.requestJson(staticTokens(), { method: 'GET', path: '/user' });

    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(2_000);
    expect(waits[0]).toBeLessThanOrEqual(4_000);
  });

  it('fails at once when Retry-After exceeds the cap', async () => {
    const { client, waits } = createClient({ maxRetryAfterMs: 10_000 });
    server.reply({ status: 429, headers: { 'retry-after': '3600' } });

    const error = await client.requestJson(staticTokens(), { method: 'GET', path: '/user' }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BitbucketRateLimitedError);
    expect((error as BitbucketRateLimitedError).retryAfterSeconds).toBe(3600);
    expect((error as Error).message).toContain('3600 seconds');
    expect(server.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('gives up after three tries in all', async () => {
    const { client } = createClient();
    server.reply({ status: 503 }, { status: 503 }, { status: 503 }, { status: 200, body: user });

    const error = await client.requestJson(staticTokens(), { method: 'GET', path: '/user' }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BitbucketUpstreamError);
    expect(server.requests).toHaveLength(3);
  });

  it('backs off exponentially between tries', async () => {
    const { client, waits } = createClient();
    server.reply({ status: 503 }, { status: 503 }, { status: 200, body: user });

    await client.requestJson(staticTokens(), { method: 'GET', path: '/user' });

    expect(waits).toHaveLength(2);
    expect(waits[1]).toBe(waits[0]! * 2);
  });

  it('retries a GET after a dropped connection', async () => {
    const { client } = createClient();
    server.reply({ drop: true }, { status: 200, body: user });

    const result = await client.requestJson(staticTokens(), { method: 'GET', path: '/user' });

    expect(result).toEqual(user);
    expect(server.requests).toHaveLength(2);
  });

  it.each(['POST', 'PUT', 'DELETE'] as const)('never repeats a %s after 503', async (method) => {
    const { client } = createClient();
    server.reply({ status: 503 }, { status: 201, body: {} });

    const error = await client.requestJson(staticTokens(), { method, path: '/thing', json: { a: 1 } }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BitbucketUpstreamError);
    expect((error as BitbucketUpstreamError).outcomeUnknown).toBe(true);
    expect((error as Error).message).toContain('outcome is unknown');
    expect(server.requests).toHaveLength(1);
  });

  it('never repeats a POST after a dropped connection', async () => {
    const { client } = createClient();
    server.reply({ drop: true }, { status: 201, body: {} });

    const error = await client.requestJson(staticTokens(), { method: 'POST', path: '/thing', json: {} }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BitbucketUpstreamError);
    expect((error as BitbucketUpstreamError).outcomeUnknown).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it('never repeats a POST after 429', async () => {
    const { client } = createClient();
    server.reply({ status: 429 }, { status: 201, body: {} });

    const error = await client.requestJson(staticTokens(), { method: 'POST', path: '/thing', json: {} }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BitbucketRateLimitedError);
    expect(server.requests).toHaveLength(1);
  });
});

describe('BitbucketClient timeouts', () => {
  it('ends a hung request with BitbucketTimeoutError within the timeout', async () => {
    const { client } = createClient({ timeoutMs: 300 });
    server.reply({ hang: true });
    const started = Date.now();

    const error = await client.requestJson(staticTokens(), { method: 'GET', path: '/user' }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BitbucketTimeoutError);
    expect((error as Error).message).toContain('within 300 ms');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(server.requests).toHaveLength(1);
  });

  it('says a timed-out POST has an unknown outcome', async () => {
    const { client } = createClient({ timeoutMs: 300 });
    server.reply({ hang: true });

    const error = await client.requestJson(staticTokens(), { method: 'POST', path: '/thing', json: {} }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BitbucketTimeoutError);
    expect((error as BitbucketTimeoutError).outcomeUnknown).toBe(true);
  });
});

describe('BitbucketClient after 401', () => {
  function refreshingTokens() {
    const rejected: string[] = [];
    const source: TokenSource & { rejected: string[]; current: string } = {
      rejected,
      current: 'old-token',
      getAccessToken: async () => source.current,
      refreshAfterUnauthorized: async (token) => {
        rejected.push(token);
        source.current = 'new-token';
        return 'new-token';
      },
    };
    return source;
  }

  it('refreshes once and repeats a POST with the new token', async () => {
    const { client } = createClient();
    const tokens = refreshingTokens();
    server.reply({ status: 401, body: { type: 'error', error: { message: 'Access token expired.' } } }, { status: 201, body: { id: 1 } });

    const result = await client.requestJson(tokens, { method: 'POST', path: '/thing', json: {} });

    expect(result).toEqual({ id: 1 });
    expect(tokens.rejected).toEqual(['old-token']);
    expect(server.requests.map((request) => request.headers.authorization)).toEqual(['Bearer old-token', 'Bearer new-token']);
  });

  it('refreshes only once when the new token is rejected too', async () => {
    const { client } = createClient();
    const tokens = refreshingTokens();
    server.reply({ status: 401 }, { status: 401 }, { status: 200, body: user });

    const error = await client.requestJson(tokens, { method: 'GET', path: '/user' }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BitbucketUnauthorizedError);
    expect(tokens.rejected).toHaveLength(1);
    expect(server.requests).toHaveLength(2);
  });

  it('reports an expired token without a refresh', async () => {
    const { client } = createClient();
    server.reply({ status: 401, body: { type: 'error', error: { message: 'Access token expired. Use your refresh token.' } } });

    const error = await client.requestJson(staticTokens(), { method: 'GET', path: '/user' }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BitbucketUnauthorizedError);
    expect((error as BitbucketUnauthorizedError).tokenExpired).toBe(true);
    expect((error as Error).message).toContain('test token');
  });
});

describe('BitbucketClient pagination', () => {
  it('follows next links and caps pagelen', async () => {
    const { client } = createClient();
    server.reply(
      { status: 200, body: { values: [1, 2], next: `${server.url}/2.0/items?page=2&pagelen=100` } },
      { status: 200, body: { values: [3] } },
    );

    const result = await client.paginate<number>(staticTokens(), { method: 'GET', path: '/items' }, { pagelen: 500, maxPagelen: 100 });

    expect(result).toEqual({ values: [1, 2, 3], pages: 2, truncated: false });
    expect(server.requests.map((request) => request.url)).toEqual(['/2.0/items?pagelen=100', '/2.0/items?page=2&pagelen=100']);
  });

  it('stops at the page limit and says so', async () => {
    const { client } = createClient();
    for (let page = 1; page <= 5; page += 1) {
      server.reply({ status: 200, body: { values: [page], next: `${server.url}/2.0/items?page=${page + 1}` } });
    }

    const result = await client.paginate<number>(staticTokens(), { method: 'GET', path: '/items' }, { maxPages: 3 });

    expect(result).toEqual({ values: [1, 2, 3], pages: 3, truncated: true });
    expect(server.requests).toHaveLength(3);
  });

  it('does not follow a next link to another origin', async () => {
    const { client, text } = createClient();
    server.reply({ status: 200, body: { values: [1], next: `${other.url}/2.0/items?page=2` } });
    other.reply({ status: 200, body: { values: [2] } });

    const result = await client.paginate<number>(staticTokens(), { method: 'GET', path: '/items' });

    expect(result).toEqual({ values: [1], pages: 1, truncated: true });
    expect(other.requests).toHaveLength(0);
    expect(text()).toContain('not followed');
  });
});

describe('BitbucketClient bytes and redirects', () => {
  it('follows a redirect on the API host', async () => {
    const { client } = createClient();
    server.reply({ status: 301, headers: { location: `${server.url}/2.0/lfs/blob` } }, { status: 200, body: Buffer.from([0, 1, 2]) });

    const response = await client.requestBytes(staticTokens(), { method: 'GET', path: '/src/abc/file.bin' });

    expect([...response.body]).toEqual([0, 1, 2]);
    expect(server.requests[1]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('does not follow a redirect to another host', async () => {
    const { client } = createClient();
    server.reply({ status: 302, headers: { location: `${other.url}/steal` } });

    const error = await client.requestBytes(staticTokens(), { method: 'GET', path: '/src/abc/file.bin' }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BitbucketUpstreamError);
    expect((error as Error).message).toContain('not followed');
    expect(other.requests).toHaveLength(0);
  });

  it('does not follow a malformed Location', async () => {
    const { client } = createClient();
    server.reply({ status: 301, headers: { location: 'http://[bad' } });

    const error = await client.requestBytes(staticTokens(), { method: 'GET', path: '/src/abc/file.bin' }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BitbucketUpstreamError);
    expect(server.requests).toHaveLength(1);
  });

  it('stops reading a body over the byte limit', async () => {
    const { client } = createClient();
    server.reply({ status: 200, body: Buffer.alloc(200_000, 'a') });

    const error = await client
      .requestBytes(staticTokens(), { method: 'GET', path: '/src/abc/big.txt', maxResponseBytes: 1_000 })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BitbucketResponseTooLargeError);
  });

  it('rejects an absolute URL off the API before sending the token', async () => {
    const { client } = createClient();

    const error = await client.requestJson(staticTokens(), { method: 'GET', path: `${other.url}/2.0/user` }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BitbucketUpstreamError);
    expect(other.requests).toHaveLength(0);
  });
});

describe('BitbucketClient errors', () => {
  it('carries X-Request-Id into the error context', async () => {
    const { client } = createClient();
    server.reply({ status: 404, headers: { 'x-request-id': 'req-42' }, body: { type: 'error', error: { message: 'Repository not found' } } });

    const error = await client
      .requestJson(staticTokens(), { method: 'GET', path: '/repositories/acme/api', resource: 'Repository acme/api' })
      .catch((caught: unknown) => caught);

    expect((error as { context: { requestId?: string; status?: number } }).context).toMatchObject({ requestId: 'req-42', status: 404 });
    expect((error as Error).message).toContain('Repository acme/api was not found on Bitbucket');
  });

  it('reports a body that is not JSON', async () => {
    const { client } = createClient();
    server.reply({ status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from('<html>') });

    const error = await client.requestJson(staticTokens(), { method: 'GET', path: '/user' }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BitbucketUpstreamError);
    expect((error as Error).message).toContain('not valid JSON');
  });
});
