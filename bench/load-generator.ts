/**
 * The load generator, run as its own process so that the fakes and the bookkeeping of the
 * benchmark do not delay its clock. It receives a LoadSpec over IPC, sends the signed requests in
 * a closed loop or in bursts, and sends back one sample per request.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

import { signRequest } from './slack-payloads.js';

export type RequestKind = 'command' | 'button' | 'options';

export interface PlannedRequest {
  kind: RequestKind;
  /** Unsigned form body; it is signed right before it is sent, so its timestamp is fresh. */
  body: string;
}

export interface LoadSpec {
  /** The app's Slack endpoint, e.g. `http://127.0.0.1:PORT/slack/events`. */
  url: string;
  signingSecret: string;
  /**
   * `closed`: keeps `concurrency` requests in flight until all are sent, which saturates the
   * target. `bursts`: sends `concurrency` requests at once, waits for their acks, pauses for
   * `pauseMs` and repeats, as when many users act at the same moment on an otherwise idle app.
   */
  shape: 'closed' | 'bursts';
  concurrency: number;
  /** Pause between bursts, in milliseconds. */
  pauseMs?: number;
  requests: PlannedRequest[];
}

export interface Sample {
  kind: RequestKind;
  /** From sending the request to reading the whole response, in milliseconds. */
  latencyMs: number;
  /** HTTP status, or 0 when the request failed without a response. */
  status: number;
  error?: string;
}

export interface LoadResult {
  samples: Sample[];
  /** From the first request sent to the last response read, in milliseconds. */
  wallMs: number;
}

/** Slack shows the user an error when the ack takes longer than this. */
const SLACK_ACK_LIMIT_MS = 3_000;

/** Sends the planned requests in the spec's shape. `wallMs` leaves out the pauses between bursts. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  if (spec.shape === 'closed') {
    const startedAt = performance.now();
    const samples = await sendClosedLoop(spec, spec.requests);
    return { samples, wallMs: performance.now() - startedAt };
  }

  const samples: Sample[] = [];
  let wallMs = 0;
  for (let start = 0; start < spec.requests.length; start += spec.concurrency) {
    if (start > 0) await sleep(spec.pauseMs ?? 1_000);
    const burst = spec.requests.slice(start, start + spec.concurrency);
    const startedAt = performance.now();
    samples.push(...(await Promise.all(burst.map((planned) => sendOne(spec, planned)))));
    wallMs += performance.now() - startedAt;
  }
  return { samples, wallMs };
}

async function sendClosedLoop(spec: LoadSpec, requests: PlannedRequest[]): Promise<Sample[]> {
  const samples: Sample[] = new Array<Sample>(requests.length);
  let next = 0;

  const worker = async () => {
    while (next < requests.length) {
      const index = next;
      next += 1;
      samples[index] = await sendOne(spec, requests[index]!);
    }
  };

  await Promise.all(Array.from({ length: Math.min(spec.concurrency, requests.length) }, worker));
  return samples;
}

async function sendOne(spec: LoadSpec, planned: PlannedRequest): Promise<Sample> {
  const signed = signRequest(spec.signingSecret, planned.body);
  const startedAt = performance.now();
  try {
    const response = await fetch(spec.url, {
      method: 'POST',
      headers: signed.headers,
      body: signed.body,
      // Past Slack's limit the request counts as unacknowledged anyway; stop waiting a bit later.
      signal: AbortSignal.timeout(SLACK_ACK_LIMIT_MS * 3),
    });
    await response.arrayBuffer();
    return { kind: planned.kind, latencyMs: performance.now() - startedAt, status: response.status };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { kind: planned.kind, latencyMs: performance.now() - startedAt, status: 0, error: message };
  }
}

/** Returns true when Slack would have counted the request as acknowledged. */
export function isAcknowledged(sample: Sample): boolean {
  return sample.status === 200 && sample.latencyMs <= SLACK_ACK_LIMIT_MS;
}

// Run as a child process: one LoadSpec in, one LoadResult out.
if (process.send && process.argv[1]?.endsWith('load-generator.js')) {
  process.once('message', (spec: LoadSpec) => {
    void runLoad(spec).then((result) => {
      process.send!(result, () => process.exit(0));
    });
  });
}
