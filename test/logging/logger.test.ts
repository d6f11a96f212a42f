import { PassThrough } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { createLogger, redactText, toSlackLogger } from '../../src/logging/logger.js';

function captureLogger() {
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  const logger = createLogger({ level: 'debug', format: 'json', destination: stream });
  return { logger, output: () => lines.join('\n') };
}

describe('logger redaction', () => {
  it('redacts secret keys in objects', () => {
    const { logger, output } = captureLogger();

    logger.info({ access_token: 'at-123', nested: { refresh_token: 'rt-456' }, headers: { authorization: 'Bearer zzz' } }, 'stored');

    expect(output()).not.toContain('at-123');
    expect(output()).not.toContain('rt-456');
    expect(output()).not.toContain('zzz');
    expect(output()).toContain('[redacted]');
  });

  it('redacts tokens inside messages', () => {
    const { logger, output } = captureLogger();

    logger.warn('call failed with Bearer abc.def-ghi for xoxb-111-222-secret');

    expect(output()).not.toContain('abc.def-ghi');
    expect(output()).not.toContain('xoxb-111-222-secret');
  });

  it('redacts tokens inside logged errors', () => {
    const { logger, output } = captureLogger();

    logger.error({ err: new Error('GET https://x.test/?access_token=tok-999 failed') }, 'boom');

    expect(output()).not.toContain('tok-999');
    expect(output()).toContain('boom');
  });

  it('redacts Bolt log lines', () => {
    const { logger, output } = captureLogger();

    toSlackLogger(logger).error('token xapp-1-A-secret rejected');

    expect(output()).not.toContain('xapp-1-A-secret');
  });

  it('keeps text without secrets unchanged', () => {
    expect(redactText('GET /repositories/ws/repo 200 12ms')).toBe('GET /repositories/ws/repo 200 12ms');
  });

  it('redacts a Redis URL password', () => {
    expect(redactText('redis://user:pa55word@redis.internal:6379')).toBe('redis://user:[redacted]@redis.internal:6379');
  });
});
