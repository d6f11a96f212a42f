/**
 * `npm run bench`: measures how fast the app acknowledges Slack requests, against a bare Bolt app
 * on the same machine. Everything runs on 127.0.0.1 with the fakes from the test support code.
 * Prints a Markdown report and writes it with the raw numbers to bench/results/.
 *
 * Options: --requests N (per scenario), --concurrency N, --users N (connected Slack users),
 * --bitbucket-delay-ms N, --slow-delay-ms N and --slow-requests N (the run where Bitbucket is
 * slow), --skip-slow. BENCH_APP_NODE_OPTIONS passes Node.js flags to the app process only.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { REPOSITORY_ROOT } from '../test/support/app-process.js';
import { readStartNodeFlags } from '../test/support/start-node-flags.js';
import { startBenchEnvironment } from './bench-environment.js';
import { readRssBytes } from './process-stats.js';
import { judge, renderMarkdown, type BenchReport } from './report.js';
import { probeOptionsLoad, runScenario, type ScenarioResult, type ScenarioSpec } from './scenarios.js';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '100' },
    users: { type: 'string', default: '20' },
    'bitbucket-delay-ms': { type: 'string', default: '50' },
    'slow-delay-ms': { type: 'string', default: '10000' },
    'slow-requests': { type: 'string', default: '1000' },
    'skip-slow': { type: 'boolean', default: false },
  },
});

const options = {
  requests: readPositiveInteger('requests', values.requests),
  concurrency: readPositiveInteger('concurrency', values.concurrency),
  users: readPositiveInteger('users', values.users),
  bitbucketDelayMs: readPositiveInteger('bitbucket-delay-ms', values['bitbucket-delay-ms']),
  slowDelayMs: readPositiveInteger('slow-delay-ms', values['slow-delay-ms']),
  slowRequests: readPositiveInteger('slow-requests', values['slow-requests']),
  skipSlow: values['skip-slow'],
};

const startedAt = new Date().toISOString();
const env = await startBenchEnvironment(options.users);
try {
  const idleRssBytes = { app: readRssBytes(env.app.pid), bare: readRssBytes(env.bare.pid) };
  const optionsAnswered = await probeOptionsLoad(env);
  const base = { concurrency: options.concurrency, requests: options.requests, bitbucketDelayMs: options.bitbucketDelayMs };
  const plan: ScenarioSpec[] = [
    // Warm-up rounds let both processes compile their hot paths; their numbers are not reported.
    { ...base, name: 'warmup-bare', target: 'bare', kind: 'command', shape: 'bursts', requests: 500, expectReplies: false },
    { ...base, name: 'warmup-app', target: 'app', kind: 'command', shape: 'bursts', requests: 500, expectReplies: true },
    // One request at a time: the ack latency without any queueing.
    { ...base, name: 'bare-commands-serial', target: 'bare', kind: 'command', shape: 'closed', concurrency: 1, requests: 300, expectReplies: false },
    { ...base, name: 'app-commands-serial', target: 'app', kind: 'command', shape: 'closed', concurrency: 1, requests: 300, expectReplies: true },
    { ...base, name: 'bare-commands-bursts', target: 'bare', kind: 'command', shape: 'bursts', expectReplies: false },
    { ...base, name: 'app-commands-bursts', target: 'app', kind: 'command', shape: 'bursts', expectReplies: true },
    { ...base, name: 'app-buttons-bursts', target: 'app', kind: 'button', shape: 'bursts', expectReplies: true },
  ];
  if (optionsAnswered) {
    plan.push({ ...base, name: 'app-options-bursts', target: 'app', kind: 'options', shape: 'bursts', expectReplies: false });
  }
  plan.push(
    { ...base, name: 'bare-commands-closed', target: 'bare', kind: 'command', shape: 'closed', expectReplies: false },
    { ...base, name: 'app-commands-closed', target: 'app', kind: 'command', shape: 'closed', expectReplies: true },
  );
  if (!options.skipSlow) {
    plan.push({
      ...base,
      name: 'app-commands-slow-bitbucket',
      target: 'app',
      kind: 'command',
      shape: 'closed',
      requests: options.slowRequests,
      bitbucketDelayMs: options.slowDelayMs,
      expectReplies: true,
    });
  }

  const scenarios: ScenarioResult[] = [];
  for (const spec of plan) {
    process.stderr.write(`bench: ${spec.name} (${spec.requests} requests)\n`);
    const result = await runScenario(spec, env);
    if (!spec.name.startsWith('warmup-')) scenarios.push(result);
  }

  const report: BenchReport = {
    startedAt,
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.versions.node, platform: process.platform },
    options,
    optionsLoad: optionsAnswered ? 'measured' : 'no listener answered',
    appStartFlags: readStartNodeFlags(REPOSITORY_ROOT),
    appNodeOptions: process.env.BENCH_APP_NODE_OPTIONS ?? '',
    idleRssBytes,
    scenarios,
    verdicts: judge(scenarios),
  };
  const markdown = renderMarkdown(report);
  process.stdout.write(`${markdown}\n`);

  const resultsDir = path.join(REPOSITORY_ROOT, 'bench/results');
  mkdirSync(resultsDir, { recursive: true });
  const baseName = startedAt.replace(/[:.]/g, '-');
  writeFileSync(path.join(resultsDir, `${baseName}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(resultsDir, `${baseName}.md`), `${markdown}\n`);
} finally {
  await env.close();
}

function readPositiveInteger(name: string, value: string | undefined): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) {
    process.stderr.write(`bench: --${name} must be a positive integer, got ${String(value)}\n`);
    process.exit(2);
  }
  return parsed;
}
