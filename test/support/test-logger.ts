import { Writable } from 'node:stream';

import { createLogger, type Logger } from '../../src/logging/logger.js';

/** Creates a logger that keeps its JSON lines in `lines`, so tests can check what was logged. */
export function createCapturingLogger(level: 'debug' | 'info' | 'warn' | 'error' = 'debug'): {
  logger: Logger;
  lines: Array<Record<string, unknown>>;
  text: () => string;
} {
  const lines: Array<Record<string, unknown>> = [];
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() === '') continue;
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      callback();
    },
  });
  const logger = createLogger({ level, format: 'json', destination });
  return { logger, lines, text: () => raw.join('\n') };
}
