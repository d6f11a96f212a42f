import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** Creates a Bitbucket-style uuid, with braces: `{0f5d…}`. */
export function createBracedUuid(): string {
  return `{${randomUUID()}}`;
}

/** Creates an Atlassian account id in the `557058:<uuid>` form that Bitbucket returns. */
export function createAccountId(): string {
  return `557058:${randomUUID()}`;
}

/** Creates an opaque random token; the prefix only helps a reader of test logs. */
export function createOpaqueToken(prefix: string): string {
  return `${prefix}-${randomBytes(24).toString('base64url')}`;
}

/** Creates a 40-character lowercase hex hash that is unique for each call. */
export function createCommitHash(): string {
  return createHash('sha1').update(randomBytes(32)).digest('hex');
}

/** Returns `value` when it already has braces, otherwise the value wrapped in braces. */
export function ensureBraces(value: string): string {
  return value.startsWith('{') && value.endsWith('}') ? value : `{${value}}`;
}
