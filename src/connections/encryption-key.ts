import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { Logger } from '../logging/logger.js';
import { EncryptionKeyFileError } from './errors.js';

/** File name of the generated key inside DATA_DIR. */
export const ENCRYPTION_KEY_FILE = 'token-encryption.key';

/**
 * Returns the 32-byte token encryption key kept in `{dataDir}/token-encryption.key`, creating it
 * with mode 0600 on first start. Only for the embedded store: with Redis every process needs
 * the same key, so it comes from TOKEN_ENCRYPTION_KEY. Throws when the file exists but does not
 * contain 32 bytes in base64, because a new key would make every stored token unreadable.
 */
export function loadOrCreateEncryptionKey(dataDir: string, logger: Logger): Buffer {
  const file = path.resolve(dataDir, ENCRYPTION_KEY_FILE);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });

  const created = randomBytes(32);
  try {
    // `wx` fails when the file exists, so two starts never both write a key.
    writeFileSync(file, `${created.toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
    logger.info({ file }, 'created a token encryption key; back it up with DATA_DIR');
    return created;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }

  const text = readFileSync(file, 'utf8').trim();
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32 || key.toString('base64') !== text) {
    throw new EncryptionKeyFileError(
      `${file} does not contain a 32-byte base64 key. Restore it from a backup, or delete it and have every user run /bitbucket connect again.`,
    );
  }
  if ((statSync(file).mode & 0o077) !== 0) {
    logger.warn({ file }, 'the token encryption key file is readable by other users; run chmod 600 on it');
  }
  return key;
}
