import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A request the scripted server received. */
export interface ScriptedRequest {
  method: string;
  /** Path and query exactly as sent, still percent-encoded. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Answers one request; `hang` never answers and `drop` destroys the connection. */
export type ScriptedReply =
  | { status: number; headers?: Record<string, string>; body?: unknown }
  | { hang: true }
  | { drop: true }
  | ((request: ScriptedRequest, response: ServerResponse) => void);

/**
 * An HTTP server on 127.0.0.1 that answers requests with replies queued by the test, in order,
 * for client behaviour the Bitbucket fake does not script (Retry-After dates, foreign links,
 * redirects). Requests with no reply left get 500.
 */
export interface ScriptedServer {
  readonly url: string;
  readonly requests: ScriptedRequest[];
  reply(...replies: ScriptedReply[]): void;
  close(): Promise<void>;
}

export async function startScriptedServer(): Promise<ScriptedServer> {
  const requests: ScriptedRequest[] = [];
  const replies: ScriptedReply[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const recorded: ScriptedRequest = {
        method: request.method ?? 'GET',
        url: request.url ?? '/',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const reply = replies.shift() ?? { status: 500, body: { type: 'error', error: { message: 'No reply was queued.' } } };

      if (typeof reply === 'function') {
        reply(recorded, response);
      } else if ('hang' in reply) {
        // Leaves the request open until the client gives up or the server closes.
      } else if ('drop' in reply) {
        request.socket.destroy();
      } else {
        const isBuffer = Buffer.isBuffer(reply.body);
        const payload = reply.body === undefined ? '' : isBuffer ? (reply.body as Buffer) : JSON.stringify(reply.body);
        const headers: Record<string, string> = { ...(isBuffer || reply.body === undefined ? {} : { 'content-type': 'application/json' }), ...reply.headers };
        response.writeHead(reply.status, headers);
        response.end(payload);
      }
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply: (...next) => replies.push(...next),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
