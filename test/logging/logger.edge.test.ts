import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';

import got, { RequestError } from 'got';
import { describe, expect, it } from 'vitest';

import { BitbucketTimeoutError } from '../../src/bitbucket/errors.js';
import { createLogger } from '../../src/logging/logger.js';

function captureLogger() {
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  const logger = createLogger({ level: 'debug', format: 'json', destination: stream });
  return { logger, lines };
}

/** Returns the error got throws for a connection refused on a loopback port that was just freed. */
async function createRefusedRequestError(secret: string): Promise<RequestError> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));

  const error = await got(`http://127.0.0.1:${port}/site/oauth2/access_token`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}` },
    form: { refresh_token: secret },
    retry: { limit: 0 },
  }).catch((caught: unknown) => caught);
  if (!(error instanceof RequestError)) throw new Error('expected got to fail with a RequestError');
  return error;
}

describe('logger with HTTP client errors', () => {
  it('logs a got error with its message and code', async () => {
    const { logger, lines } = captureLogger();
    const error = await createRefusedRequestError('secret-token-123');

    logger.warn({ err: error }, 'refreshing failed');
    const line = JSON.parse(lines[0]!) as { err: { type?: string; message?: string; code?: string } };

    expect(line.err.type).toBe('RequestError');
    expect(line.err.code).toBe('ECONNREFUSED');
    expect(line.err.message).toContain('ECONNREFUSED');
    expect(lines[0]).not.toContain('secret-token-123');
  });

  it('keeps the fields of an app error', () => {
    const { logger, lines } = captureLogger();
    const error = new BitbucketTimeoutError('Bitbucket did not respond.', { method: 'POST', path: '/x', status: 504 }, { outcomeUnknown: true });

    logger.warn({ err: error }, 'request failed');
    const line = JSON.parse(lines[0]!) as { err: Record<string, unknown> };

    expect(line.err['code']).toBe('bitbucket_timeout');
    expect(line.err['outcomeUnknown']).toBe(true);
    expect(line.err['context']).toEqual({ method: 'POST', path: '/x', status: 504 });
  });
});
