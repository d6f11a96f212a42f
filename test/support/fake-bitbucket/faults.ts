/**
 * Injected faults. Each fault matches requests by method and path, is used once per matching
 * request until `times` runs out, and the first matching fault in injection order wins.
 */
import type { FakeRequest } from './http-types.js';

interface FaultMatch {
  /** HTTP method, case-insensitive; any method when omitted. */
  method?: string;
  /**
   * A string matches the decoded path exactly, either in full (`/2.0/user`) or relative to `/2.0`
   * (`/user`). A RegExp is tested against the full decoded path. Any path when omitted.
   */
  path?: string | RegExp;
  /** How many requests the fault applies to; default 1. `Infinity` keeps it until cleared. */
  times?: number;
}

/**
 * What the fake does to a matching request:
 * - `status`: responds with `status` (default body: Bitbucket's error body) without serving the request;
 * - `delay`: waits `ms`, then serves the request normally, even when the client has given up;
 * - `hang`: never responds, until the client gives up or the fake closes;
 * - `drop`: destroys the connection before serving the request;
 * - `drop-after-commit`: serves the request, so the state changes, then destroys the connection;
 * - `status-after-commit`: serves the request, then responds with `status` in place of the real response.
 */
export type Fault = FaultMatch &
  (
    | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
    | { kind: 'delay'; ms: number }
    | { kind: 'hang' }
    | { kind: 'drop' }
    | { kind: 'drop-after-commit' }
    | { kind: 'status-after-commit'; status: number; body?: unknown; headers?: Record<string, string> }
  );

interface ActiveFault {
  fault: Fault;
  remaining: number;
}

/** The list of injected faults of one fake server. */
export class FaultList {
  private readonly active: ActiveFault[] = [];

  add(fault: Fault): void {
    const times = fault.times ?? 1;
    if (!(times > 0)) throw new Error(`fake-bitbucket: fault times must be positive, got ${String(fault.times)}`);
    this.active.push({ fault, remaining: times });
  }

  clear(): void {
    this.active.length = 0;
  }

  /** Returns the first fault that matches the request and uses it up once, or undefined. */
  take(request: FakeRequest): Fault | undefined {
    const index = this.active.findIndex((entry) => matchesFault(entry.fault, request));
    const entry = this.active[index];
    if (entry === undefined) return undefined;

    entry.remaining -= 1;
    if (entry.remaining <= 0) this.active.splice(index, 1);
    return entry.fault;
  }
}

function matchesFault(fault: Fault, request: FakeRequest): boolean {
  if (fault.method !== undefined && fault.method.toUpperCase() !== request.method) return false;
  if (fault.path === undefined) return true;
  if (fault.path instanceof RegExp) {
    fault.path.lastIndex = 0; // a global or sticky RegExp would otherwise resume from its last match
    return fault.path.test(request.path);
  }
  return fault.path === request.path || `/2.0${fault.path}` === request.path;
}

/** Returns the default body of a status fault: Bitbucket's error body with a fitting message. */
export function defaultFaultBody(status: number): unknown {
  const message =
    status === 429
      ? 'Rate limit for this resource has been exceeded.'
      : status >= 500
        ? `Service unavailable (injected status ${status}).`
        : `Injected status ${status}.`;
  return { type: 'error', error: { message } };
}
