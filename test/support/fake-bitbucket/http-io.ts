/** Reading, recording and writing HTTP messages for the fake server. */
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { FakeRequest, FakeResponse, RecordedRequest } from './http-types.js';
import { decodePathSegments } from './path-template.js';

/** Requests larger than this get a 413; Bitbucket's own limits are not documented. */
export const maxBodyBytes = 20 * 1024 * 1024;

/** Reads the whole body, or returns undefined when it is larger than `maxBodyBytes`. */
export async function readBody(incoming: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBodyBytes) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export function parseRequest(incoming: IncomingMessage, rawBody: Buffer): FakeRequest {
  // The target is split by hand because the URL parser would resolve `..` and `%2E%2E` segments,
  // and a client that sends them must see them rejected, not silently normalised.
  const target = incoming.url ?? '/';
  const queryStart = target.indexOf('?');
  const rawPath = queryStart === -1 ? target : target.slice(0, queryStart);
  const segments = decodePathSegments(rawPath) ?? rawPath.split('/').slice(1);
  return {
    method: (incoming.method ?? 'GET').toUpperCase(),
    rawPath,
    path: `/${segments.join('/')}`,
    segments,
    query: new URLSearchParams(queryStart === -1 ? '' : target.slice(queryStart + 1)),
    headers: incoming.headers,
    rawBody,
    body: parseBody(incoming.headers['content-type'], rawBody),
  };
}

function parseBody(contentType: string | undefined, rawBody: Buffer): unknown {
  if (rawBody.length === 0) return undefined;
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') {
    try {
      return JSON.parse(rawBody.toString('utf8')) as unknown;
    } catch {
      return undefined;
    }
  }
  if (type === 'application/x-www-form-urlencoded') {
    return Object.fromEntries(new URLSearchParams(rawBody.toString('utf8')));
  }
  return undefined;
}

export function recordRequest(requests: RecordedRequest[], request: FakeRequest): RecordedRequest {
  const query: Record<string, string[]> = {};
  for (const name of new Set(request.query.keys())) query[name] = request.query.getAll(name);

  const record: RecordedRequest = {
    method: request.method,
    path: request.path,
    rawPath: request.rawPath,
    query,
    headers: request.headers,
    body: request.body,
    status: undefined,
    violations: [],
    userUuid: undefined,
    receivedAt: Date.now(),
  };
  requests.push(record);
  return record;
}

export function writeResponse(outgoing: ServerResponse, response: FakeResponse, requestId: string): void {
  if (outgoing.destroyed) return;

  const headers: Record<string, string> = { 'x-request-id': requestId, ...response.headers };
  let payload: Buffer | string;
  if (Buffer.isBuffer(response.body) || typeof response.body === 'string') {
    payload = response.body;
    headers['content-type'] ??= 'text/plain; charset=utf-8';
  } else if (response.body === undefined) {
    payload = '';
  } else {
    payload = JSON.stringify(response.body);
    headers['content-type'] ??= 'application/json';
  }

  outgoing.writeHead(response.status, headers);
  outgoing.end(payload);
}
