/**
 * One benchmark scenario: a batch of requests of one kind sent by the load generator process to
 * the app or to the bare Bolt app, with the Bitbucket calls, Redis commands, replies and peak
 * memory counted around it.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import { ACTION_IDS } from '../src/slack/ids.js';
import { encodePullRequestPageValue } from '../src/slack/render/pull-request-page-value.js';
import { BENCH_REPOSITORY, BENCH_WORKSPACE, type BenchEnvironment } from './bench-environment.js';
import { isAcknowledged, type LoadResult, type LoadSpec, type PlannedRequest, type RequestKind } from './load-generator.js';
import { diffCommandStats, readCommandStats, readCpuMs, sampleRss } from './process-stats.js';
import { buildButtonBody, buildCommandBody, buildOptionsBody, type BenchUser } from './slack-payloads.js';

const LOAD_GENERATOR = fileURLToPath(new URL('./load-generator.js', import.meta.url));

/** Pause between bursts: long enough for the app to finish a burst's work at the default delay. */
const BURST_PAUSE_MS = 1_000;

export interface ScenarioSpec {
  name: string;
  target: 'app' | 'bare';
  kind: RequestKind;
  /** Load shape, see LoadSpec: `closed` saturates the target, `bursts` sends `concurrency` at once. */
  shape: 'closed' | 'bursts';
  requests: number;
  concurrency: number;
  /** Delay of every Bitbucket API response, in milliseconds. */
  bitbucketDelayMs: number;
  /** Whether each request must lead to a response_url post, which the scenario waits for. */
  expectReplies: boolean;
}

export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface ScenarioResult extends ScenarioSpec {
  latencyMs: LatencySummary;
  requestsPerSecond: number;
  /** Requests without a 200 within Slack's 3 seconds. */
  unacknowledged: number;
  /** Up to five distinct failure descriptions, for the report. */
  failures: string[];
  repliesDelivered: number;
  /** From the last ack to the last reply, in milliseconds: how far the work after the acks lagged behind. */
  replyLagMs: number;
  bitbucketCallsPerRequest: number;
  redisCommandsPerRequest: number;
  redisCommands: Record<string, number>;
  peakRssBytes: number;
  /** CPU time the target process used per request, including work after the ack, in milliseconds. */
  cpuMsPerRequest: number;
}

/** Builds the bodies of a scenario's requests, spread over the connected users. */
export function planRequests(spec: ScenarioSpec, env: BenchEnvironment): PlannedRequest[] {
  const nextPage = encodePullRequestPageValue({ workspace: BENCH_WORKSPACE, repoSlug: BENCH_REPOSITORY, state: 'open', page: 2 });
  return Array.from({ length: spec.requests }, (_, index) => {
    const user: BenchUser = env.users[index % env.users.length]!;
    const responseUrl = env.slack.responseUrl(`${spec.name}-${index}`);
    switch (spec.kind) {
      case 'command':
        return { kind: spec.kind, body: buildCommandBody(user, `prs ${BENCH_WORKSPACE}/${BENCH_REPOSITORY}`, responseUrl) };
      case 'button':
        return { kind: spec.kind, body: buildButtonBody(user, ACTION_IDS.pullRequestsNextPage, nextPage, responseUrl) };
      case 'options':
        return { kind: spec.kind, body: buildOptionsBody(user, ACTION_IDS.repositorySelect, 'bench_repository', BENCH_REPOSITORY.slice(0, 2)) };
    }
  });
}

/** Runs one scenario and measures it. */
export async function runScenario(spec: ScenarioSpec, env: BenchEnvironment): Promise<ScenarioResult> {
  env.setBitbucketDelay(spec.bitbucketDelayMs);
  const target = spec.target === 'app' ? env.app : env.bare;
  const requests = planRequests(spec, env);
  const bitbucketBefore = env.bitbucket.requests.length;
  const redisBefore = await readCommandStats(env.redis.url);
  const rss = sampleRss(target.pid);
  const cpuBefore = readCpuMs(target.pid);

  const load = await sendLoad({
    url: `${target.url}/slack/events`,
    signingSecret: env.signingSecret,
    shape: spec.shape,
    concurrency: spec.concurrency,
    pauseMs: BURST_PAUSE_MS,
    requests,
  });
  const loadEndedAt = Date.now();
  const repliesDelivered = spec.expectReplies ? await waitForReplies(env, spec, spec.bitbucketDelayMs + 60_000) : 0;
  const replyLagMs = spec.expectReplies ? Math.max(0, lastReplyAt(env, spec) - loadEndedAt) : 0;

  const peakRssBytes = rss.stop();
  const cpuMs = readCpuMs(target.pid) - cpuBefore;
  const redisCommands = diffCommandStats(redisBefore, await readCommandStats(env.redis.url));
  const redisTotal = Object.values(redisCommands).reduce((sum, calls) => sum + calls, 0);
  const failed = load.samples.filter((sample) => !isAcknowledged(sample));

  return {
    ...spec,
    latencyMs: summarizeLatencies(load.samples.map((sample) => sample.latencyMs)),
    requestsPerSecond: (spec.requests / load.wallMs) * 1000,
    unacknowledged: failed.length,
    failures: [...new Set(failed.map((sample) => sample.error ?? `HTTP ${sample.status} after ${Math.round(sample.latencyMs)} ms`))].slice(0, 5),
    repliesDelivered,
    replyLagMs,
    bitbucketCallsPerRequest: (env.bitbucket.requests.length - bitbucketBefore) / spec.requests,
    redisCommandsPerRequest: redisTotal / spec.requests,
    redisCommands,
    peakRssBytes,
    cpuMsPerRequest: cpuMs / spec.requests,
  };
}

/** Sends one options load and returns whether the app acknowledged it with HTTP 200. */
export async function probeOptionsLoad(env: BenchEnvironment): Promise<boolean> {
  const probe: ScenarioSpec = { name: 'probe', target: 'app', kind: 'options', shape: 'closed', requests: 1, concurrency: 1, bitbucketDelayMs: 0, expectReplies: false };
  const [planned] = planRequests(probe, env);
  const load = await sendLoad({ url: `${env.app.url}/slack/events`, signingSecret: env.signingSecret, shape: 'closed', concurrency: 1, requests: [planned!] });
  return load.samples[0]?.status === 200;
}

/** Returns p50, p95, p99 and max by the nearest-rank method. */
export function summarizeLatencies(latencies: number[]): LatencySummary {
  const sorted = [...latencies].sort((a, b) => a - b);
  const rank = (percentile: number) => sorted[Math.max(0, Math.ceil((percentile / 100) * sorted.length) - 1)] ?? Number.NaN;
  return { p50: rank(50), p95: rank(95), p99: rank(99), max: sorted.at(-1) ?? Number.NaN };
}

async function sendLoad(spec: LoadSpec): Promise<LoadResult> {
  const child = fork(LOAD_GENERATOR, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const result = new Promise<LoadResult>((resolve, reject) => {
    child.once('message', (load: LoadResult) => resolve(load));
    child.once('exit', (code) => reject(new Error(`the load generator exited with code ${String(code)} before it sent its result`)));
  });
  child.send(spec);
  const load = await result;
  if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
  return load;
}

async function waitForReplies(env: BenchEnvironment, spec: ScenarioSpec, timeoutMs: number): Promise<number> {
  const prefix = `${spec.name}-`;
  const count = () => env.slack.calls.filter((call) => call.responseUrlId?.startsWith(prefix)).length;
  const deadline = Date.now() + timeoutMs;
  while (count() < spec.requests && Date.now() < deadline) {
    await sleep(100);
  }
  return count();
}

function lastReplyAt(env: BenchEnvironment, spec: ScenarioSpec): number {
  const prefix = `${spec.name}-`;
  return env.slack.calls.reduce((latest, call) => (call.responseUrlId?.startsWith(prefix) ? Math.max(latest, call.receivedAt) : latest), 0);
}
