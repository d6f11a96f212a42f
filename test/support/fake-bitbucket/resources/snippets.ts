/** GET /snippets/{workspace}/{encoded_id}, its files, and GET and POST of its comments. */
import { createHash } from 'node:crypto';

import { canSeeWorkspace, requireWorkspace } from '../access.js';
import { buildAttachmentDisposition, findContentType } from '../content-types.js';
import { isBinaryContent } from '../git-model.js';
import { FakeHttpError, jsonResponse, type ApiRoute, type FakeEnvironment, type FakeResponse, type RouteContext } from '../http-types.js';
import type { FakeComment, FakeSnippet } from '../model.js';
import { buildMultipart, encodeFilePart, type MultipartPart } from '../multipart.js';
import { paginate } from '../pagination.js';
import { encodeSegment, link, renderAccount, toIsoDate } from '../representations.js';

const snippetPath = '/snippets/{workspace}/{encoded_id}';

export const snippetRoutes: ApiRoute[] = [
  { method: 'GET', template: snippetPath, scope: 'snippet', handle: getSnippet },
  {
    method: 'GET',
    template: `${snippetPath}/files/{path}`,
    scope: 'snippet',
    handle: (context) => getSnippetFile(requireSnippet(context), context.params['path'] ?? ''),
  },
  {
    method: 'GET',
    template: `${snippetPath}/{node_id}/files/{path}`,
    scope: 'snippet',
    handle: (context) => {
      const snippet = requireSnippet(context);
      if (context.params['node_id'] !== findNodeId(snippet)) {
        throw new FakeHttpError(404, `Revision ${context.params['node_id'] ?? ''} of snippet ${snippet.encoded_id} not found`);
      }
      return getSnippetFile(snippet, context.params['path'] ?? '');
    },
  },
  {
    method: 'GET',
    template: `${snippetPath}/comments`,
    scope: 'snippet',
    handle: (context) => {
      const snippet = requireSnippet(context);
      const comments = snippet.comments.map((comment) => renderSnippetComment(snippet, comment, context.env));
      return jsonResponse(paginate(comments, context.request, context.env, { maxPagelen: 100 }));
    },
  },
  // The `snippet` scope includes creating snippet comments.
  { method: 'POST', template: `${snippetPath}/comments`, scope: 'snippet', handle: createSnippetComment },
];

/** Finds a snippet; a private one is visible to its owner and to members of its workspace. */
function requireSnippet(context: RouteContext): FakeSnippet {
  const workspace = requireWorkspace(context.state, context.params['workspace'] ?? '');
  const encodedId = context.params['encoded_id'] ?? '';
  const snippet = workspace.snippets.get(encodedId);
  if (snippet === undefined) throw new FakeHttpError(404, `Snippet ${workspace.slug}/${encodedId} not found`);

  const visible = !snippet.is_private || snippet.owner.uuid === context.user.uuid || canSeeWorkspace(workspace, context.user);
  if (!visible) throw new FakeHttpError(403, `Access denied: snippet ${workspace.slug}/${encodedId} is private.`);
  return snippet;
}

/** Returns a stable 12-character revision id that changes when the snippet changes. */
function findNodeId(snippet: FakeSnippet): string {
  return createHash('sha1').update(`${snippet.workspace.uuid}/${snippet.encoded_id}/${snippet.updatedAt}`).digest('hex').slice(0, 12);
}

function snippetApiUrl(snippet: FakeSnippet, env: FakeEnvironment): string {
  return `${env.apiUrl}/snippets/${encodeSegment(snippet.workspace.slug)}/${encodeSegment(snippet.encoded_id)}`;
}

function snippetHtmlUrl(snippet: FakeSnippet, env: FakeEnvironment): string {
  return `${env.htmlUrl}/${encodeSegment(snippet.workspace.slug)}/workspace/snippets/${encodeSegment(snippet.encoded_id)}`;
}

function renderSnippet(snippet: FakeSnippet, env: FakeEnvironment): Record<string, unknown> {
  const apiUrl = snippetApiUrl(snippet, env);
  const nodeId = findNodeId(snippet);
  const files = Object.fromEntries(
    [...snippet.files.keys()].map((name) => [
      name,
      {
        links: {
          self: link(`${apiUrl}/${nodeId}/files/${encodeSegment(name)}`),
          html: link(`${snippetHtmlUrl(snippet, env)}#file-${encodeSegment(name)}`),
        },
      },
    ]),
  );

  return {
    type: 'snippet',
    id: snippet.id,
    title: snippet.title,
    scm: 'git',
    is_private: snippet.is_private,
    created_on: toIsoDate(snippet.createdAt),
    updated_on: toIsoDate(snippet.updatedAt),
    owner: renderAccount(snippet.owner, env),
    creator: renderAccount(snippet.owner, env),
    files,
    links: {
      self: link(apiUrl),
      html: link(snippetHtmlUrl(snippet, env)),
      comments: link(`${apiUrl}/comments`),
      watchers: link(`${apiUrl}/watchers`),
      commits: link(`${apiUrl}/commits`),
    },
  };
}

/**
 * Responds with JSON by default. An Accept header of `multipart/related` gets the snippet and all
 * its files in one body, and `multipart/form-data` gets flat fields and files.
 */
function getSnippet(context: RouteContext): FakeResponse {
  const snippet = requireSnippet(context);
  const accept = (context.request.headers.accept ?? '').toLowerCase();
  const json = renderSnippet(snippet, context.env);

  const fileParts = (disposition: (name: string) => string): MultipartPart[] =>
    [...snippet.files].map(([name, content]) => {
      const encoded = encodeFilePart(content, isBinaryContent(content));
      return {
        headers: {
          'Content-Type': findContentType(name),
          'MIME-Version': '1.0',
          'Content-Transfer-Encoding': encoded.transferEncoding,
          'Content-ID': JSON.stringify(name),
          'Content-Disposition': disposition(name),
        },
        body: encoded.body,
      };
    });

  if (accept.includes('multipart/related')) {
    const { boundary, body } = buildMultipart([
      {
        headers: { 'Content-Type': 'application/json; charset="utf-8"', 'MIME-Version': '1.0', 'Content-ID': 'snippet' },
        body: Buffer.from(JSON.stringify(json), 'utf8'),
      },
      ...fileParts((name) => buildAttachmentDisposition(name)),
    ]);
    return { status: 200, headers: { 'content-type': `multipart/related; start="snippet"; boundary="${boundary}"` }, body };
  }

  if (accept.includes('multipart/form-data')) {
    const field = (name: string, value: string): MultipartPart => ({
      headers: { 'Content-Disposition': `form-data; name="${name}"`, 'Content-Type': 'text/plain; charset="utf-8"' },
      body: Buffer.from(value, 'utf8'),
    });
    const { boundary, body } = buildMultipart([
      field('title', snippet.title),
      field('is_private', String(snippet.is_private)),
      field('scm', 'git'),
      ...fileParts((name) => buildAttachmentDisposition(name).replace('attachment;', 'attachment; name="file";')),
    ]);
    return { status: 200, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body };
  }

  return jsonResponse(json);
}

function getSnippetFile(snippet: FakeSnippet, name: string): FakeResponse {
  const content = snippet.files.get(name);
  if (content === undefined) throw new FakeHttpError(404, `File ${name} not found in snippet ${snippet.encoded_id}`);
  return {
    status: 200,
    headers: { 'content-type': findContentType(name), 'content-disposition': buildAttachmentDisposition(name) },
    body: content,
  };
}

/** Adds a comment, or a threaded reply when `parent.id` names an existing comment; responds 201. */
function createSnippetComment(context: RouteContext): FakeResponse {
  const snippet = requireSnippet(context);
  const body = (context.request.body ?? {}) as { content?: { raw?: unknown }; parent?: { id?: unknown } };

  const raw = body.content?.raw;
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw new FakeHttpError(400, 'content: This field is required.', { fields: { content: ['This field is required.'] } });
  }

  const parentId = body.parent?.id;
  if (parentId !== undefined && (typeof parentId !== 'number' || !snippet.comments.some((comment) => comment.id === parentId))) {
    throw new FakeHttpError(400, `parent: Comment ${String(parentId)} not found on this snippet.`, {
      fields: { parent: [`Comment ${String(parentId)} not found on this snippet.`] },
    });
  }

  const comment: FakeComment = {
    id: snippet.comments.reduce((max, existing) => Math.max(max, existing.id), 0) + 1,
    raw,
    user: context.user,
    parentId: typeof parentId === 'number' ? parentId : undefined,
    createdAt: context.env.now(),
  };
  snippet.comments.push(comment);

  const rendered = renderSnippetComment(snippet, comment, context.env);
  return { status: 201, headers: { location: `${snippetApiUrl(snippet, context.env)}/comments/${comment.id}` }, body: rendered };
}

function renderSnippetComment(snippet: FakeSnippet, comment: FakeComment, env: FakeEnvironment): Record<string, unknown> {
  const apiUrl = `${snippetApiUrl(snippet, env)}/comments`;
  return {
    type: 'snippet_comment',
    id: comment.id,
    content: { type: 'rendered', raw: comment.raw, markup: 'markdown', html: '' },
    user: renderAccount(comment.user, env),
    created_on: toIsoDate(comment.createdAt),
    updated_on: toIsoDate(comment.createdAt),
    deleted: false,
    ...(comment.parentId === undefined ? {} : { parent: { id: comment.parentId, links: { self: link(`${apiUrl}/${comment.parentId}`) } } }),
    snippet: { type: 'snippet', id: snippet.id, title: snippet.title, links: { self: link(snippetApiUrl(snippet, env)) } },
    links: {
      self: link(`${apiUrl}/${comment.id}`),
      html: link(`${snippetHtmlUrl(snippet, env)}#comment-${comment.id}`),
    },
  };
}
