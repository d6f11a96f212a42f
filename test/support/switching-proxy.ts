/**
 * A loopback HTTP proxy that stands for the load balancer in front of several app instances. The
 * test chooses which instance serves the next requests, so a flow can start on one instance and
 * finish on another behind the same public address.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SwitchingProxy {
  /** `http://127.0.0.1:PORT`, the value for the instances' PUBLIC_URL. */
  readonly url: string;
  /** Backend origin and path of every request forwarded, in arrival order. */
  readonly forwarded: Array<{ backend: string; path: string }>;
  /** Sends the following requests to `backendUrl`. */
  routeTo(backendUrl: string): void;
  close(): Promise<void>;
}

/** Starts a proxy on a free loopback port. Requests get 502 until `routeTo` names a backend. */
export async function startSwitchingProxy(): Promise<SwitchingProxy> {
  let backend: URL | undefined;
  const forwarded: SwitchingProxy['forwarded'] = [];

  const server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    if (!backend) {
      outgoing.writeHead(502).end('no backend chosen');
      return;
    }
    forwarded.push({ backend: backend.origin, path: incoming.url ?? '/' });
    const upstream = request(
      { host: backend.hostname, port: backend.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
      },
    );
    upstream.on('error', (error) => {
      if (!outgoing.headersSent) outgoing.writeHead(502);
      outgoing.end(`backend failed: ${error.message}`);
    });
    incoming.pipe(upstream);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    forwarded,
    routeTo(backendUrl) {
      const parsed = new URL(backendUrl);
      if (parsed.hostname !== '127.0.0.1') throw new Error(`the proxy forwards only to 127.0.0.1, got ${parsed.host}`);
      backend = parsed;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
