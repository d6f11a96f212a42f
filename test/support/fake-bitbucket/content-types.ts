/**
 * Content-Type by file extension for raw file responses, without a charset, as Bitbucket sends
 * them. The table covers common extensions; the values are the IANA media types, which may differ
 * from Bitbucket's choice for a few of them. Other files get `application/octet-stream`.
 */
const contentTypes: Record<string, string> = {
  txt: 'text/plain',
  md: 'text/markdown',
  markdown: 'text/markdown',
  html: 'text/html',
  css: 'text/css',
  csv: 'text/csv',
  xml: 'application/xml',
  json: 'application/json',
  js: 'text/javascript',
  mjs: 'text/javascript',
  ts: 'text/x-typescript',
  py: 'text/x-python',
  sh: 'application/x-sh',
  yml: 'application/yaml',
  yaml: 'application/yaml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
  zip: 'application/zip',
  gz: 'application/gzip',
};

/** Returns the Content-Type for a file name or path. */
export function findContentType(path: string): string {
  const name = path.split('/').at(-1) ?? '';
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return 'application/octet-stream';
  return contentTypes[name.slice(dot + 1).toLowerCase()] ?? 'application/octet-stream';
}

/** Builds a `Content-Disposition: attachment` value with an RFC 6266 UTF-8 file name. */
export function buildAttachmentDisposition(path: string): string {
  const name = path.split('/').at(-1) ?? path;
  const asciiName = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
