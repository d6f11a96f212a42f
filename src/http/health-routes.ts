import type { ServerResponse } from 'node:http';

import type { Store } from '../connections/store.js';
import type { Logger } from '../logging/logger.js';
import type { HttpRoute } from './http-route.js';

export interface HealthRoutesOptions {
  store: Store;
  logger: Logger;
  /** Configuration gaps that keep the app from serving users, e.g. "connect is disabled". Empty when complete. */
  configurationProblems: string[];
  /** Returns true once shutdown has begun, so load balancers stop sending requests. */
  isShuttingDown: () => boolean;
}

/**
 * `GET /healthz` answers 200 while the process runs. `GET /readyz` answers 200 only when the store
 * answers, the configuration is complete and no shutdown is under way, else 503 with the reasons.
 */
export function createHealthRoutes(options: HealthRoutesOptions): HttpRoute[] {
  return [
    {
      path: '/healthz',
      method: ['GET', 'HEAD'],
      handler: (_req, res) => sendJson(res, 200, { status: 'ok' }),
    },
    {
      path: '/readyz',
      method: ['GET', 'HEAD'],
      handler: (_req, res) => {
        void checkReadiness(options).then((problems) => {
          sendJson(res, problems.length === 0 ? 200 : 503, {
            status: problems.length === 0 ? 'ready' : 'not ready',
            store: options.store.kind,
            problems,
          });
        });
      },
    },
  ];
}

async function checkReadiness(options: HealthRoutesOptions): Promise<string[]> {
  const problems = [...options.configurationProblems];
  if (options.isShuttingDown()) {
    problems.push('shutting down');
  }
  try {
    await options.store.ping();
  } catch (error) {
    options.logger.warn({ err: error, store: options.store.kind }, 'readiness check: the store did not answer');
    problems.push(`the ${options.store.kind} store is unreachable`);
  }
  return problems;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}
