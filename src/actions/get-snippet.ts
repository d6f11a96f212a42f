import { z } from 'zod';

import { BitbucketResponseTooLargeError, BitbucketUpstreamError } from '../bitbucket/errors.js';
import { parseMultipart, type MultipartPart } from '../bitbucket/multipart.js';
import { getSnippetDocument, getSnippetMultipart, readSnippetFile, type SnippetDocument } from '../bitbucket/snippets.js';
import type { Snippet, SnippetFile } from '../bitbucket/types.js';
import type { ActionConnection } from './action.js';
import { defineAction } from './action.js';
import { decodeText, MAX_FILE_BYTES } from './file-content.js';
import { expected, parametersObject, workspaceField } from './input-fields.js';

const ACCEPT_FORMATS = ['application/json', 'multipart/related', 'multipart/form-data'] as const;

/** Largest multipart response read, in bytes: room for a few files at the per-file limit. */
const MAX_MULTIPART_BYTES = 4 * MAX_FILE_BYTES;

interface SnippetInput {
  workspace: string;
  encoded_id: string;
}

export const getSnippetAction = defineAction({
  slug: 'BITBUCKET_GET_SNIPPET',
  description:
    'Returns a snippet with the contents of its files: text files as UTF-8 text, binary files and files over ' +
    `${MAX_FILE_BYTES} bytes described without content. accept_format picks how they are fetched: application/json ` +
    'reads one request per file, the multipart formats read everything in one response (file by file when that ' +
    `response is over ${MAX_MULTIPART_BYTES} bytes).`,
  input: parametersObject({
    workspace: workspaceField,
    encoded_id: z
      .string(expected('a snippet id such as "kypj"'))
      .regex(/^[A-Za-z0-9_-]{1,64}$/, expected('a snippet id such as "kypj"'))
      .describe('The snippet id from its URL, e.g. "kypj".'),
    accept_format: z
      .enum(ACCEPT_FORMATS, expected(`one of ${ACCEPT_FORMATS.join(', ')}`))
      .default('application/json')
      .describe('How Bitbucket sends the snippet; the result has the same shape for each.'),
  }),
  async run(input, connection): Promise<Snippet> {
    if (input.accept_format === 'application/json') return readSnippetFileByFile(input, connection);
    try {
      return await readSnippetMultipart(input, input.accept_format, connection);
    } catch (error) {
      // One multipart response contains every file, so a single large file makes the whole
      // response too large. Reading file by file still returns the other files and describes it.
      if (!(error instanceof BitbucketResponseTooLargeError)) throw error;
      connection.logger?.info(
        { workspace: input.workspace, encodedId: input.encoded_id, maxBytes: MAX_MULTIPART_BYTES },
        `Snippet ${input.encoded_id} is larger than ${MAX_MULTIPART_BYTES} bytes as ${input.accept_format}; reading it file by file`,
      );
      return readSnippetFileByFile(input, connection);
    }
  },
});

async function readSnippetFileByFile(input: SnippetInput, { client, tokens }: ActionConnection): Promise<Snippet> {
  const document = await getSnippetDocument(client, tokens, input.workspace, input.encoded_id);

  const files: SnippetFile[] = [];
  for (const [name, entry] of Object.entries(document.files ?? {})) {
    const selfLink = entry.links?.self;
    const link = selfLink && !Array.isArray(selfLink) ? selfLink.href : undefined;
    try {
      const bytes = await readSnippetFile(client, tokens, input.workspace, input.encoded_id, { name, selfLink: link }, MAX_FILE_BYTES);
      files.push({ ...describeFile(name, bytes), ...(entry.links ? { links: entry.links } : {}) });
    } catch (error) {
      if (!(error instanceof BitbucketResponseTooLargeError)) throw error;
      files.push({ name, too_large: true, ...(entry.links ? { links: entry.links } : {}) });
    }
  }
  return toSnippet(document, files);
}

async function readSnippetMultipart(
  input: SnippetInput,
  accept: 'multipart/related' | 'multipart/form-data',
  { client, tokens }: ActionConnection,
): Promise<Snippet> {
  const response = await getSnippetMultipart(client, tokens, input.workspace, input.encoded_id, accept, MAX_MULTIPART_BYTES);
  const contentType = response.headers['content-type'] ?? '';

  let parts: MultipartPart[];
  let documentPart: MultipartPart | undefined;
  let document: SnippetDocument;
  try {
    parts = parseMultipart(response.body, contentType);
    documentPart = parts.find((part) => part.contentId === 'snippet' && part.fileName === undefined);
    document = documentPart
      ? (JSON.parse(documentPart.body.toString('utf8')) as SnippetDocument)
      : readFormFields(parts, input.encoded_id);
  } catch (error) {
    throw new BitbucketUpstreamError(
      `Bitbucket's ${accept} response for snippet ${input.encoded_id} could not be read (content type ${contentType || 'missing'}).`,
      { method: 'GET', path: `/snippets/${input.workspace}/${input.encoded_id}`, status: response.status },
      { cause: error },
    );
  }

  const files = parts
    .filter((part) => part.fileName !== undefined && part !== documentPart)
    .map((part) => {
      const links = document.files?.[part.fileName!]?.links;
      return { ...describeFile(part.fileName!, part.body), ...(links ? { links } : {}) };
    });
  return toSnippet(document, files);
}

/** Builds the snippet fields of a multipart/form-data response, which has flat text fields only. */
function readFormFields(parts: MultipartPart[], encodedId: string): SnippetDocument {
  const document: SnippetDocument = { id: encodedId };
  for (const part of parts) {
    if (part.fileName !== undefined || part.fieldName === undefined) continue;
    const value = part.body.toString('utf8');
    if (part.fieldName === 'title') document.title = value;
    if (part.fieldName === 'is_private') document.is_private = value === 'true';
  }
  return document;
}

function describeFile(name: string, bytes: Buffer): SnippetFile {
  if (bytes.length > MAX_FILE_BYTES) return { name, size: bytes.length, too_large: true };
  const content = decodeText(bytes);
  if (content === undefined) return { name, size: bytes.length, binary: true };
  return { name, size: bytes.length, content };
}

function toSnippet(document: SnippetDocument, files: SnippetFile[]): Snippet {
  const { files: _links, ...rest } = document;
  return { ...rest, files };
}
