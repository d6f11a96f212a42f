/** MIME multipart bodies for the snippet endpoint's `multipart/related` and `multipart/form-data` forms. */
import { randomBytes } from 'node:crypto';

export interface MultipartPart {
  headers: Record<string, string>;
  body: Buffer;
}

/** Builds a multipart body with CRLF line breaks; returns it with the boundary it used. */
export function buildMultipart(parts: readonly MultipartPart[]): { boundary: string; body: Buffer } {
  const boundary = `===============${randomBytes(12).toString('hex')}==`;
  const chunks: Buffer[] = [];

  for (const part of parts) {
    const headerLines = Object.entries(part.headers).map(([name, value]) => `${name}: ${value}`);
    chunks.push(Buffer.from(`--${boundary}\r\n${headerLines.join('\r\n')}\r\n\r\n`, 'utf8'), part.body, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`, 'utf8'));
  return { boundary, body: Buffer.concat(chunks) };
}

/**
 * Encodes file content for a part the way Bitbucket's snippet example does: binary files as
 * base64 (wrapped at 76 characters), text as 8bit UTF-8.
 */
export function encodeFilePart(content: Buffer, binary: boolean): { transferEncoding: string; body: Buffer } {
  if (!binary) return { transferEncoding: '8bit', body: content };
  const lines = content.toString('base64').match(/.{1,76}/g) ?? [];
  return { transferEncoding: 'base64', body: Buffer.from(lines.join('\r\n'), 'ascii') };
}
