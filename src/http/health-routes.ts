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
  const readiness = new ReadinessCheck(options);
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
        void readiness.check().then((problems) => {
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

/**
 * Readiness probes that remember whether the store responded last time, so a store outage logs one
 * warning when it begins and one line when it ends, however often load balancers probe.
 */
class ReadinessCheck {
  private storeDown = false;

  constructor(private readonly options: HealthRoutesOptions) {}

  /** Returns the reasons the app is not ready, or an empty list. */
  async check(): Promise<string[]> {
    const { options } = this;
    const problems = [...options.configurationProblems];
    if (options.isShuttingDown()) {
      problems.push('shutting down');
    }

    try {
      await options.store.ping();
      if (this.storeDown) {
        this.storeDown = false;
        options.logger.info({ store: options.store.kind }, 'readiness check: the store responds again');
      }
    } catch (error) {
      if (!this.storeDown) {
        this.storeDown = true;
        options.logger.warn({ err: error, store: options.store.kind }, 'readiness check: the store did not respond');
      }
      problems.push(`the ${options.store.kind} store is unreachable`);
    }
    return problems;
  }
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
