/**
 * The HTTP side of the fake: reads each request, records it, checks it against openapi.json,
 * applies injected faults, authenticates it and hands it to its route.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { authenticate, requireScope } from './auth.js';
import { defaultFaultBody, type Fault, type FaultList } from './faults.js';
import { maxBodyBytes, parseRequest, readBody, recordRequest, writeResponse } from './http-io.js';
import {
  FakeHttpError,
  buildErrorBody,
  toErrorResponse,
  type FakeEnvironment,
  type FakeRequest,
  type FakeResponse,
  type RecordedRequest,
} from './http-types.js';
import type { FakeState } from './model.js';
import { handleOAuthRequest } from './oauth.js';
import { validateApiRequest, violationMessagePrefix } from './openapi-validator.js';
import { decodePathSegments } from './path-template.js';
import { issuesRemovedResponse } from './resources/issue-tracker-removal.js';
import type { ApiRouter } from './router.js';

export interface ServerDependencies {
  state: FakeState;
  /** Filled in by `startHttpServer` once the port is known. */
  env: FakeEnvironment;
  faults: FaultList;
  requests: RecordedRequest[];
  router: ApiRouter;
}

export interface RunningServer {
  port: number;
  /** Stops listening and destroys every open connection, hung ones included. */
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1 with an ephemeral port. */
export async function startHttpServer(dependencies: ServerDependencies): Promise<RunningServer> {
  const timers = new Set<NodeJS.Timeout>();
  let requestCount = 0;

  const server: Server = createServer((incoming, outgoing) => {
    requestCount += 1;
    const requestId = `fake-${requestCount}`;
    handleRequest(incoming, outgoing, dependencies, timers, requestId).catch((error: unknown) => {
      if (!outgoing.headersSent && !outgoing.destroyed) {
        writeResponse(outgoing, { status: 500, body: buildErrorBody(`fake-bitbucket: ${String(error)}`) }, requestId);
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    port,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

async function handleRequest(
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  dependencies: ServerDependencies,
  timers: Set<NodeJS.Timeout>,
  requestId: string,
): Promise<void> {
  const rawBody = await readBody(incoming);
  const request = parseRequest(incoming, rawBody ?? Buffer.alloc(0));
  const record = recordRequest(dependencies.requests, request);
  const send = (response: FakeResponse) => {
    record.status = response.status;
    writeResponse(outgoing, response, requestId);
  };

  if (rawBody === undefined) {
    send({ status: 413, body: buildErrorBody(`fake-bitbucket: request bodies are limited to ${maxBodyBytes} bytes`) });
    return;
  }

  record.violations = checkRequest(request);
  if (record.violations.length > 0) {
    const message = [violationMessagePrefix, ...record.violations.map((violation) => `- ${violation}`)].join('\n');
    send({ status: 400, body: buildErrorBody(message) });
    return;
  }

  const fault = dependencies.faults.take(request);
  if (fault !== undefined) {
    const handled = await applyFaultBeforeServing(fault, incoming, send, timers);
    if (handled) return;
  }

  let response = await serveRequest(request, record, dependencies);

  if (fault?.kind === 'drop-after-commit') {
    incoming.socket.destroy();
    return;
  }
  if (fault?.kind === 'status-after-commit') response = statusFaultResponse(fault.status, fault.body, fault.headers);
  send(response);
}

/** Returns true when the fault replaced serving the request. */
async function applyFaultBeforeServing(
  fault: Fault,
  incoming: IncomingMessage,
  send: (response: FakeResponse) => void,
  timers: Set<NodeJS.Timeout>,
): Promise<boolean> {
  switch (fault.kind) {
    case 'status':
      send(statusFaultResponse(fault.status, fault.body, fault.headers));
      return true;
    case 'hang':
      // The connection stays open without a response until the client aborts or the fake closes.
      return true;
    case 'drop':
      incoming.socket.destroy();
      return true;
    case 'delay':
      // The request is served after the wait even if the client gave up meanwhile, as a real
      // server would, so a timed-out POST still changes the state.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, fault.ms);
        timers.add(timer);
      });
      return false;
    default:
      return false;
  }
}

function statusFaultResponse(status: number, body: unknown, headers: Record<string, string> | undefined): FakeResponse {
  return { status, headers: headers ?? {}, body: body ?? defaultFaultBody(status) };
}

function checkRequest(request: FakeRequest): string[] {
  const label = `${request.method} ${request.rawPath}`;
  if (decodePathSegments(request.rawPath) === undefined) return [`${label}: the path has malformed percent-encoding`];
  if (request.path.startsWith('/site/oauth2/')) return [];
  if (request.segments[0] !== '2.0') return [`${label}: the fake serves only /2.0 and /site/oauth2`];
  return validateApiRequest(request, request.segments.slice(1));
}

async function serveRequest(
  request: FakeRequest,
  record: RecordedRequest,
  dependencies: ServerDependencies,
): Promise<FakeResponse> {
  const { state, env, router } = dependencies;

  if (request.path.startsWith('/site/oauth2/')) {
    return (
      handleOAuthRequest(request, state, env) ?? {
        status: 404,
        body: buildErrorBody(`fake-bitbucket: no OAuth endpoint ${request.method} ${request.path}`),
      }
    );
  }

  const match = router.find(request.method, request.segments.slice(1));
  if (match === undefined) {
    return {
      status: 501,
      body: buildErrorBody(`fake-bitbucket: ${request.method} ${request.path} is in openapi.json but the fake does not implement it`),
    };
  }

  try {
    const token = authenticate(request, state, env.now());
    record.userUuid = token.user.uuid;
    if (match.route.issueTracker === true && state.issuesRemoved) return issuesRemovedResponse();
    if (match.route.scope !== null) requireScope(token, match.route.scope);
    return await match.route.handle({ request, params: match.params, state, env, user: token.user });
  } catch (error) {
    if (error instanceof FakeHttpError) return toErrorResponse(error);
    return { status: 500, body: buildErrorBody(`fake-bitbucket: the handler failed: ${String(error)}`) };
  }
}
