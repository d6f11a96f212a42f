import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { EmbeddedStore } from '../../src/connections/embedded-store.js';
import { EmbeddedStoreInUseError } from '../../src/connections/errors.js';
import { createCapturingLogger } from '../support/test-logger.js';
import { describeStoreContract } from './store-contract.js';

const directories: string[] = [];
const { logger } = createCapturingLogger();
let currentDirectory = '';

function createDataDir(): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'bbslack-store-'));
  directories.push(directory);
  return directory;
}

describeStoreContract('embedded', {
  async openFresh() {
    currentDirectory = createDataDir();
    return EmbeddedStore.open({ dataDir: currentDirectory, logger });
  },
  async reopen(store) {
    await store.close();
    return EmbeddedStore.open({ dataDir: currentDirectory, logger });
  },
});

describe('embedded store file', () => {
  it('database file is private to its owner', async () => {
    const dataDir = createDataDir();
    const store = EmbeddedStore.open({ dataDir, logger });
    await store.set('cache:x', 1);
    await store.close();
    expect(statSync(path.join(dataDir, 'bbslack.sqlite')).mode & 0o777).toBe(0o600);
  });

  it('write-ahead log is private to its owner', async () => {
    const dataDir = createDataDir();
    const store = EmbeddedStore.open({ dataDir, logger });
    try {
      await store.set('cache:x', 1);
      // SQLite deletes the log on close, so its mode is read while the store is open.
      expect(statSync(path.join(dataDir, 'bbslack.sqlite-wal')).mode & 0o777).toBe(0o600);
    } finally {
      await store.close();
    }
  });

  it('second process cannot open the file', async () => {
    const dataDir = createDataDir();
    const store = EmbeddedStore.open({ dataDir, logger });
    try {
      const script = `
        const { DatabaseSync } = require('node:sqlite');
        const db = new DatabaseSync(${JSON.stringify(path.join(dataDir, 'bbslack.sqlite'))}, { timeout: 0 });
        try { db.exec('PRAGMA journal_mode = WAL'); db.prepare('SELECT count(*) FROM keyv_entries').get(); console.log('opened'); }
        catch (error) { console.log('busy', error.errcode); }
      `;
      const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
      expect(result.stdout.trim()).toBe('busy 5');
    } finally {
      await store.close();
    }
  });

  it('second store in one process is rejected', async () => {
    const dataDir = createDataDir();
    const store = EmbeddedStore.open({ dataDir, logger });
    try {
      expect(() => EmbeddedStore.open({ dataDir, logger })).toThrow(EmbeddedStoreInUseError);
    } finally {
      await store.close();
    }
  });

  it('file opens again after close', async () => {
    const dataDir = createDataDir();
    await EmbeddedStore.open({ dataDir, logger }).close();
    const again = EmbeddedStore.open({ dataDir, logger });
    await expect(again.ping()).resolves.toBeUndefined();
    await again.close();
  });
});

afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});
