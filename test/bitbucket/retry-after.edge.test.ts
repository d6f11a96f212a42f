import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { BitbucketClient } from '../../src/bitbucket/client.js';
import { mapResponseError, parseRetryAfterSeconds } from '../../src/bitbucket/error-mapping.js';
import { BitbucketRateLimitedError } from '../../src/bitbucket/errors.js';
import { createStaticTokenSource } from '../../src/bitbucket/token-source.js';
import { startScriptedServer, type ScriptedServer } from '../support/scripted-http-server.js';
import { createCapturingLogger } from '../support/test-logger.js';

const NOW = Date.parse('2026-09-01T10:00:00Z');

/** Values that are neither whole seconds nor an HTTP date, though Date.parse reads several of them as dates. */
const MALFORMED = ['-5', '1.5', '2, 3', '12abc', '0x10', '+3', '1e3', '2026-09-01'];

describe('parseRetryAfterSeconds malformed values', () => {
  it.each(MALFORMED)('ignores %j', (value) => {
    expect(parseRetryAfterSeconds(value, NOW)).toBeUndefined();
  });

  it('reads the three HTTP date formats', () => {
    expect(parseRetryAfterSeconds('Tue, 01 Sep 2026 10:00:30 GMT', NOW)).toBe(30);
    expect(parseRetryAfterSeconds('Tuesday, 01-Sep-26 10:00:30 GMT', NOW)).toBe(30);
    expect(parseRetryAfterSeconds('Tue Sep  1 10:00:30 2026', NOW)).toBe(30);
  });

  it('reads a date in the past as zero', () => {
    expect(parseRetryAfterSeconds('Tue, 01 Sep 2026 09:59:00 GMT', NOW)).toBe(0);
  });
});

describe('rate limit message', () => {
  it('names one second in the singular', () => {
    const error = mapResponseError({ status: 429, headers: { 'retry-after': '1' } }, { method: 'GET', path: '/user' });

    expect(error.message).toContain('Try again in 1 second.');
  });
});

describe('BitbucketClient with malformed Retry-After', () => {
  let server: ScriptedServer;

  beforeEach(async () => {
    server = await startScriptedServer();
  });

  afterEach(async () => {
    await server.close();
  });

  it('backs off instead of retrying at once', async () => {
    const waits: number[] = [];
    const client = new BitbucketClient({
      baseUrl: `${server.url}/2.0`,
      timeoutMs: 2_000,
      logger: createCapturingLogger('debug').logger,
      retry: { sleep: async (ms) => void waits.push(ms), random: () => 0.5 },
    });
    const limited = { status: 429, headers: { 'retry-after': '-5' } };
    server.reply(limited, limited, limited);

    const error = await client
      .requestJson(createStaticTokenSource('token'), { method: 'GET', path: '/user' })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BitbucketRateLimitedError);
    expect((error as BitbucketRateLimitedError).retryAfterSeconds).toBeUndefined();
    expect((error as Error).message).not.toContain('0 seconds');
    expect(server.requests).toHaveLength(3);
    expect(waits).toEqual([375, 750]);
  });
});
