/** Largest file the file and snippet actions read, in bytes; larger files are described, not read. */
export const MAX_FILE_BYTES = 1024 * 1024;

/**
 * Decodes bytes as UTF-8 text, or returns undefined when they look binary: a NUL byte or a
 * sequence that is not valid UTF-8. A leading byte order mark is dropped.
 */
export function decodeText(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
