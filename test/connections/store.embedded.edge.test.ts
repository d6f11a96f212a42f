import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { EmbeddedStore } from '../../src/connections/embedded-store.js';
import { StorageUnavailableError } from '../../src/connections/errors.js';
import { createCapturingLogger } from '../support/test-logger.js';

const { logger } = createCapturingLogger();
const root = mkdtempSync(path.join(tmpdir(), 'bbslack-store-edge-'));

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('embedded store data directory', () => {
  it('names DATA_DIR when the path is a file', () => {
    const file = path.join(root, 'not-a-directory');
    writeFileSync(file, 'x');

    const error = (() => {
      try {
        EmbeddedStore.open({ dataDir: file, logger });
      } catch (caught) {
        return caught;
      }
    })();

    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toContain('DATA_DIR');
  });

  it('names the file when the database is corrupt', () => {
    const directory = path.join(root, 'corrupt');
    EmbeddedStore.open({ dataDir: directory, logger }).close();
    writeFileSync(path.join(directory, 'bbslack.sqlite'), 'not a database '.repeat(100));

    expect(() => EmbeddedStore.open({ dataDir: directory, logger })).toThrow(StorageUnavailableError);
    expect(() => EmbeddedStore.open({ dataDir: directory, logger })).toThrow(/bbslack\.sqlite.*not a database/);
  });

  it('names the file when it cannot be opened', () => {
    const directory = path.join(root, 'unopenable');
    mkdirSync(path.join(directory, 'bbslack.sqlite'), { recursive: true });

    expect(() => EmbeddedStore.open({ dataDir: directory, logger })).toThrow(StorageUnavailableError);
    expect(() => EmbeddedStore.open({ dataDir: directory, logger })).toThrow(/bbslack\.sqlite/);
  });
});
