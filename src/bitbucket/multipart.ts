/** One part of a multipart body: lower-cased header names, and the body with any base64 decoded. */
export interface MultipartPart {
  headers: Record<string, string>;
  body: Buffer;
  /**
   * The file name from Content-Disposition's `filename*` (RFC 8187, UTF-8), else its `filename`,
   * else the Content-ID, unquoted.
   */
  fileName?: string;
  /** The `name` of a multipart/form-data field. */
  fieldName?: string;
  contentId?: string;
}

/**
 * Splits a `multipart/related` or `multipart/form-data` body (RFC 2046) into its parts. Accepts
 * CRLF and bare LF line ends, because Bitbucket's documented examples use both. Throws
 * SyntaxError when the content type has no boundary.
 */
export function parseMultipart(body: Buffer, contentType: string): MultipartPart[] {
  const boundary = readParameter(contentType, 'boundary');
  if (!boundary) throw new SyntaxError(`The multipart content type has no boundary: ${contentType}`);

  const delimiter = Buffer.from(`--${boundary}`);
  const starts: number[] = [];
  for (let index = body.indexOf(delimiter); index !== -1; index = body.indexOf(delimiter, index + delimiter.length)) {
    if (index === 0 || body[index - 1] === 0x0a) starts.push(index);
  }

  const parts: MultipartPart[] = [];
  for (let i = 0; i < starts.length - 1; i += 1) {
    const afterDelimiter = starts[i]! + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') break;

    const lineEnd = body.indexOf(0x0a, afterDelimiter);
    if (lineEnd === -1) break;
    parts.push(parsePart(trimLineEnd(body.subarray(lineEnd + 1, starts[i + 1]!))));
  }
  return parts;
}

function parsePart(raw: Buffer): MultipartPart {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  let headerEnd: number;
  let bodyStart: number;
  if (crlf !== -1 && (lf === -1 || crlf < lf)) {
    headerEnd = crlf;
    bodyStart = crlf + 4;
  } else if (lf !== -1) {
    headerEnd = lf;
    bodyStart = lf + 2;
  } else {
    headerEnd = raw.length;
    bodyStart = raw.length;
  }

  const headers: Record<string, string> = {};
  for (const line of raw.subarray(0, headerEnd).toString('utf8').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }

  let body = raw.subarray(bodyStart);
  if (headers['content-transfer-encoding']?.toLowerCase() === 'base64') {
    body = Buffer.from(body.toString('ascii').replace(/\s+/g, ''), 'base64');
  }

  const disposition = headers['content-disposition'] ?? '';
  const contentId = headers['content-id'] !== undefined ? unquote(headers['content-id'].replace(/^<|>$/g, '')) : undefined;
  const part: MultipartPart = { headers, body };
  // RFC 6266 section 4.3: `filename*` wins over `filename`, which may be only an ASCII fallback
  // such as "_.txt" for "ü.txt".
  const fileName = readExtendedParameter(disposition, 'filename') ?? readParameter(disposition, 'filename');
  const fieldName = readParameter(disposition, 'name');
  if (fileName !== undefined) part.fileName = fileName;
  else if (contentId !== undefined && contentId !== 'snippet') part.fileName = contentId;
  if (fieldName !== undefined) part.fieldName = fieldName;
  if (contentId !== undefined) part.contentId = contentId;
  return part;
}

/** Reads `name=value` or `name="value"` from a header such as Content-Type or Content-Disposition. */
function readParameter(header: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*("(?:[^"\\\\]|\\\\.)*"|[^;]*)`, 'i').exec(header);
  if (!match?.[1]) return undefined;
  return unquote(match[1].trim());
}

/**
 * Reads an RFC 8187 extended parameter such as `filename*=UTF-8''%C3%BC.txt`. Returns undefined
 * when it is absent, names a charset other than UTF-8, or is not valid percent-encoded UTF-8.
 */
function readExtendedParameter(header: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|;)\\s*${name}\\*\\s*=\\s*([^;]*)`, 'i').exec(header);
  const extended = match?.[1] !== undefined ? /^([^']*)'[^']*'(.*)$/.exec(match[1].trim()) : null;
  if (!extended || extended[1]!.toLowerCase() !== 'utf-8') return undefined;
  try {
    return decodeURIComponent(extended[2]!);
  } catch {
    return undefined;
  }
}

function unquote(value: string): string {
  return value.startsWith('"') && value.endsWith('"') && value.length >= 2 ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
}

/** Drops the line end that belongs to the next delimiter. */
function trimLineEnd(part: Buffer): Buffer {
  if (part.length >= 2 && part[part.length - 2] === 0x0d && part[part.length - 1] === 0x0a) return part.subarray(0, -2);
  if (part.length >= 1 && part[part.length - 1] === 0x0a) return part.subarray(0, -1);
  return part;
}
