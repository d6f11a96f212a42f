import type { BitbucketClient, BitbucketResponse } from './client.js';
import { checkSlug, joinSegments } from './paths.js';
import type { TokenSource } from './token-source.js';
import type { Account, Comment, Links } from './types.js';

/** A snippet as Bitbucket's JSON returns it: file names with links, no contents. */
export interface SnippetDocument {
  type?: string;
  id: number | string;
  title?: string;
  is_private?: boolean;
  owner?: Account;
  creator?: Account;
  created_on?: string;
  updated_on?: string;
  links?: Links;
  files?: Record<string, { links?: Links }>;
}

/** Reads a snippet's JSON document. */
export async function getSnippetDocument(
  client: BitbucketClient,
  tokens: TokenSource,
  workspace: string,
  encodedId: string,
): Promise<SnippetDocument> {
  return client.requestJson<SnippetDocument>(tokens, {
    method: 'GET',
    path: snippetPath(workspace, encodedId),
    resource: describeSnippet(workspace, encodedId),
  });
}

/**
 * Reads a whole snippet in one response as `multipart/related` (JSON first, then each file) or
 * `multipart/form-data` (flat fields and files). Returns the raw body for parseMultipart.
 */
export async function getSnippetMultipart(
  client: BitbucketClient,
  tokens: TokenSource,
  workspace: string,
  encodedId: string,
  accept: 'multipart/related' | 'multipart/form-data',
  maxBytes: number,
): Promise<BitbucketResponse<Buffer>> {
  return client.requestBytes(tokens, {
    method: 'GET',
    path: snippetPath(workspace, encodedId),
    accept,
    resource: describeSnippet(workspace, encodedId),
    maxResponseBytes: maxBytes,
  });
}

/**
 * Reads one file of a snippet. Uses the file's `self` link when it points at the API, otherwise
 * `/snippets/{workspace}/{encoded_id}/files/{name}` (the latest revision).
 */
export async function readSnippetFile(
  client: BitbucketClient,
  tokens: TokenSource,
  workspace: string,
  encodedId: string,
  file: { name: string; selfLink?: string },
  maxBytes: number,
): Promise<Buffer> {
  const path =
    file.selfLink !== undefined && client.isApiUrl(file.selfLink)
      ? file.selfLink
      : `${snippetPath(workspace, encodedId)}${joinSegments(['files', file.name])}`;
  const response = await client.requestBytes(tokens, {
    method: 'GET',
    path,
    resource: `File ${file.name} of ${describeSnippet(workspace, encodedId).toLowerCase()}`,
    maxResponseBytes: maxBytes,
  });
  return response.body;
}

/** Comments on a snippet; `parentId` makes it a reply to that comment. */
export async function createSnippetComment(
  client: BitbucketClient,
  tokens: TokenSource,
  workspace: string,
  encodedId: string,
  raw: string,
  parentId?: number,
): Promise<Comment> {
  const body: { content: { raw: string }; parent?: { id: number } } = { content: { raw } };
  if (parentId !== undefined) body.parent = { id: parentId };

  return client.requestJson<Comment>(tokens, {
    method: 'POST',
    path: `${snippetPath(workspace, encodedId)}/comments`,
    json: body,
    resource: describeSnippet(workspace, encodedId),
  });
}

function snippetPath(workspace: string, encodedId: string): string {
  checkSlug('workspace', workspace, 'the workspace');
  checkSlug('encoded_id', encodedId, 'the snippet id');
  return joinSegments(['snippets', workspace, encodedId]);
}

function describeSnippet(workspace: string, encodedId: string): string {
  return `Snippet ${encodedId} in ${workspace}`;
}
