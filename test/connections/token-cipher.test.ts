import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { loadOrCreateEncryptionKey } from '../../src/connections/encryption-key.js';
import { EncryptionKeyFileError, TokenDecryptionError } from '../../src/connections/errors.js';
import { createTokenCipher } from '../../src/connections/token-cipher.js';
import { createCapturingLogger } from '../support/test-logger.js';

const key = randomBytes(32);
const cipher = createTokenCipher(key);
const LONG_TOKEN = `${'A'.repeat(3_100)}-é`;

describe('token cipher', () => {
  it('round-trips a 3,000+ character token', () => {
    const encrypted = cipher.encrypt(LONG_TOKEN, 'connection:T1:U1');
    expect(encrypted.startsWith('v1:')).toBe(true);
    expect(encrypted).not.toContain('AAAAAAAA-');
    expect(cipher.decrypt(encrypted, 'connection:T1:U1')).toBe(LONG_TOKEN);
  });

  it('uses a fresh IV every time', () => {
    const first = cipher.encrypt('token', 'c');
    const second = cipher.encrypt('token', 'c');
    expect(first).not.toBe(second);
    expect(first.split(':')[1]).not.toBe(second.split(':')[1]);
    expect(Buffer.from(first.split(':')[1]!, 'base64url')).toHaveLength(12);
  });

  it('wrong key gives TokenDecryptionError', () => {
    const encrypted = cipher.encrypt('secret-token', 'connection:T1:U1');
    const other = createTokenCipher(randomBytes(32));
    expect(() => other.decrypt(encrypted, 'connection:T1:U1')).toThrow(TokenDecryptionError);
    expect(() => other.decrypt(encrypted, 'connection:T1:U1')).toThrow(/TOKEN_ENCRYPTION_KEY/);
  });

  it('other context gives TokenDecryptionError', () => {
    const encrypted = cipher.encrypt('secret-token', 'connection:T1:U1');
    expect(() => cipher.decrypt(encrypted, 'connection:T1:U2')).toThrow(TokenDecryptionError);
  });

  it('tampered value gives TokenDecryptionError', () => {
    const encrypted = cipher.encrypt('secret-token', 'c');
    const parts = encrypted.split(':');
    const flipped = Buffer.from(parts[3]!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    parts[3] = flipped.toString('base64url');
    expect(() => cipher.decrypt(parts.join(':'), 'c')).toThrow(TokenDecryptionError);
    expect(() => cipher.decrypt('plain-token', 'c')).toThrow(TokenDecryptionError);
  });

  it('rejects a key of the wrong size', () => {
    expect(() => createTokenCipher(randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe('loadOrCreateEncryptionKey', () => {
  const directories: string[] = [];
  const { logger } = createCapturingLogger();
  const createDataDir = () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'bbslack-key-'));
    directories.push(directory);
    return directory;
  };

  afterAll(() => {
    for (const directory of directories) rmSync(directory, { recursive: true, force: true });
  });

  it('creates a 0600 key once, then reuses it', () => {
    const dataDir = createDataDir();
    const first = loadOrCreateEncryptionKey(dataDir, logger);
    const file = path.join(dataDir, 'token-encryption.key');

    expect(first).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64').equals(first)).toBe(true);
    expect(loadOrCreateEncryptionKey(dataDir, logger).equals(first)).toBe(true);
  });

  it('creates the data directory', () => {
    const dataDir = path.join(createDataDir(), 'nested', 'data');
    expect(loadOrCreateEncryptionKey(dataDir, logger)).toHaveLength(32);
  });

  it('rejects a damaged key file', () => {
    const dataDir = createDataDir();
    writeFileSync(path.join(dataDir, 'token-encryption.key'), 'not-a-key\n', { mode: 0o600 });
    expect(() => loadOrCreateEncryptionKey(dataDir, logger)).toThrow(EncryptionKeyFileError);
    expect(() => loadOrCreateEncryptionKey(dataDir, logger)).toThrow(/32-byte base64 key/);
  });
});
