import { createCipheriv, createDecipheriv, createSecretKey, randomBytes } from 'node:crypto';

import { TokenDecryptionError } from './errors.js';

/** Prefix of every encrypted value, so a later format can use `v2:` and old values stay readable. */
const FORMAT_VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Encrypts and decrypts tokens with AES-256-GCM under one 32-byte key. */
export interface TokenCipher {
  /**
   * Encrypts `plaintext` as `v1:{iv}:{tag}:{ciphertext}` (base64url), with a random 12-byte IV.
   * `context` (such as the store key) is authenticated but not stored, so a value copied to
   * another record fails to decrypt.
   */
  encrypt(plaintext: string, context: string): string;
  /** Decrypts a value from `encrypt`. Throws TokenDecryptionError for a wrong key, context or format. */
  decrypt(encrypted: string, context: string): string;
}

/** Creates a TokenCipher. Throws when `key` is not 32 bytes. */
export function createTokenCipher(key: Buffer): TokenCipher {
  if (key.length !== 32) {
    throw new Error(`The token encryption key must be 32 bytes, but it is ${key.length} bytes.`);
  }
  // A KeyObject is prepared once. Passing the Buffer made Node.js 24 prepare the key again on every
  // call, which took about 4 times as long per decryption (measured with 300-byte tokens).
  const secretKey = createSecretKey(key);

  return {
    encrypt(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', secretKey, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      const fields = [iv, tag, ciphertext].map((part) => part.toString('base64url'));
      return [FORMAT_VERSION, ...fields].join(':');
    },

    decrypt(encrypted, context) {
      const parts = encrypted.split(':');
      if (parts.length !== 4 || parts[0] !== FORMAT_VERSION) {
        throw new TokenDecryptionError(
          `A stored token has an unknown format (expected a "${FORMAT_VERSION}:" value). The user must run /bitbucket connect again.`,
        );
      }
      const [, iv, tag, ciphertext] = parts.map((part) => Buffer.from(part, 'base64url'));
      try {
        const decipher = createDecipheriv('aes-256-gcm', secretKey, iv!, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(tag!);
        return Buffer.concat([decipher.update(ciphertext!), decipher.final()]).toString('utf8');
      } catch (error) {
        throw new TokenDecryptionError(
          'A stored token could not be decrypted: TOKEN_ENCRYPTION_KEY is not the key it was encrypted with. Restore the previous key, or have the user run /bitbucket connect again.',
          { cause: error },
        );
      }
    },
  };
}
