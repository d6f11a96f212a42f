/**
 * The benchmark's verdicts against its targets, and its Markdown report.
 */
import type { ScenarioResult } from './scenarios.js';

/** Targets the app must meet; a missed one is reported, never loosened. */
export const TARGETS = {
  /** Ack latency p99 at 100 concurrent requests, in milliseconds. */
  ackP99Ms: 50,
  /** App throughput over the bare Bolt app's throughput on the same load. */
  throughputRatio: 0.8,
  /** Peak resident memory of the app process, in bytes. */
  peakRssBytes: 200 * 1024 * 1024,
  /** Requests not acknowledged within 3 s while every Bitbucket call takes 10 s. */
  unacknowledgedWhileSlow: 0,
} as const;

export interface Verdict {
  target: string;
  measured: string;
  met: boolean;
}

export interface BenchReport {
  startedAt: string;
  machine: { cpus: number; cpuModel: string; node: string; platform: string };
  options: Record<string, number | boolean>;
  optionsLoad: 'measured' | 'no listener answered';
  /** Node.js flags of `npm start`, which the app process ran with. */
  appStartFlags: string[];
  /** BENCH_APP_NODE_OPTIONS, extra Node.js flags of the app process, or empty for none. */
  appNodeOptions: string;
  /** Resident memory after start-up and the connect flows, before any load. */
  idleRssBytes: { app: number; bare: number };
  scenarios: ScenarioResult[];
  verdicts: Verdict[];
}

/** Compares the measured scenarios with TARGETS. */
export function judge(scenarios: ScenarioResult[]): Verdict[] {
  const find = (name: string) => scenarios.find((scenario) => scenario.name === name);
  const bare = find('bare-commands-closed');
  const commands = find('app-commands-closed');
  const slow = find('app-commands-slow-bitbucket');
  const appScenarios = scenarios.filter((scenario) => scenario.target === 'app');
  const verdicts: Verdict[] = [];

  for (const scenario of appScenarios.filter((entry) => entry.concurrency >= 100 && entry !== slow)) {
    const shape = scenario.shape === 'bursts' ? 'simultaneous' : 'in flight';
    verdicts.push({
      target: `${scenario.name}: ack p99 < ${TARGETS.ackP99Ms} ms with ${scenario.concurrency} requests ${shape}`,
      measured: `${scenario.latencyMs.p99.toFixed(1)} ms`,
      met: scenario.latencyMs.p99 < TARGETS.ackP99Ms,
    });
  }
  if (bare && commands) {
    const ratio = commands.requestsPerSecond / bare.requestsPerSecond;
    verdicts.push({
      target: `throughput >= ${TARGETS.throughputRatio * 100}% of the bare Bolt app (closed loop)`,
      measured: `${(ratio * 100).toFixed(0)}% (${commands.requestsPerSecond.toFixed(0)} vs ${bare.requestsPerSecond.toFixed(0)} requests/s)`,
      met: ratio >= TARGETS.throughputRatio,
    });
  }
  const peak = Math.max(...appScenarios.map((scenario) => scenario.peakRssBytes));
  verdicts.push({
    target: `app resident memory < ${formatMegabytes(TARGETS.peakRssBytes)}`,
    measured: `${formatMegabytes(peak)} peak`,
    met: peak < TARGETS.peakRssBytes,
  });
  if (slow) {
    verdicts.push({
      target: `zero unacknowledged requests while Bitbucket takes ${slow.bitbucketDelayMs / 1000} s per call`,
      measured: `${slow.unacknowledged} of ${slow.requests}`,
      met: slow.unacknowledged <= TARGETS.unacknowledgedWhileSlow,
    });
  }
  return verdicts;
}

/** Renders the report as Markdown tables. */
export function renderMarkdown(report: BenchReport): string {
  const lines = [
    `Benchmark of ${report.startedAt} on ${report.machine.cpus} × ${report.machine.cpuModel}, Node.js ${report.machine.node}.`,
    `Options: ${Object.entries(report.options).map(([name, value]) => `${name}=${String(value)}`).join(', ')}. Options loads: ${report.optionsLoad}.`,
    `App process: node ${[...report.appStartFlags, 'dist/src/main.js'].join(' ')} (as npm start), NODE_OPTIONS: ${report.appNodeOptions || 'none'}.`,
    `Resident memory before the load: app ${formatMegabytes(report.idleRssBytes.app)}, bare Bolt app ${formatMegabytes(report.idleRssBytes.bare)}.`,
    '',
    '| scenario | shape | requests | concurrency | Bitbucket delay | ack p50 | p95 | p99 | max | requests/s | unacked | replies | reply lag | Bitbucket calls/req | Redis commands/req | CPU/req | peak RSS |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const scenario of report.scenarios) {
    const latency = scenario.latencyMs;
    lines.push(
      [
        scenario.name,
        scenario.shape,
        scenario.requests,
        scenario.concurrency,
        `${scenario.bitbucketDelayMs} ms`,
        `${latency.p50.toFixed(1)} ms`,
        `${latency.p95.toFixed(1)} ms`,
        `${latency.p99.toFixed(1)} ms`,
        `${latency.max.toFixed(1)} ms`,
        scenario.requestsPerSecond.toFixed(0),
        scenario.unacknowledged,
        scenario.expectReplies ? `${scenario.repliesDelivered}/${scenario.requests}` : 'n/a',
        scenario.expectReplies ? `${(scenario.replyLagMs / 1000).toFixed(1)} s` : 'n/a',
        scenario.target === 'app' ? scenario.bitbucketCallsPerRequest.toFixed(2) : 'n/a',
        scenario.target === 'app' ? scenario.redisCommandsPerRequest.toFixed(2) : 'n/a',
        `${scenario.cpuMsPerRequest.toFixed(2)} ms`,
        formatMegabytes(scenario.peakRssBytes),
      ].join(' | ').replace(/^/, '| ').replace(/$/, ' |'),
    );
  }
  lines.push('', '| target | measured | met |', '|---|---|---|');
  for (const verdict of report.verdicts) {
    lines.push(`| ${verdict.target} | ${verdict.measured} | ${verdict.met ? 'yes' : '**no**'} |`);
  }
  lines.push('', 'Redis commands per scenario:');
  for (const scenario of report.scenarios.filter((entry) => entry.target === 'app')) {
    const commands = Object.entries(scenario.redisCommands).map(([name, calls]) => `${name} ${calls}`).join(', ');
    lines.push(`- ${scenario.name}: ${commands || 'none'}`);
  }
  const failures = report.scenarios.filter((scenario) => scenario.failures.length > 0);
  if (failures.length > 0) {
    lines.push('', 'Failures:');
    for (const scenario of failures) lines.push(`- ${scenario.name}: ${scenario.failures.join('; ')}`);
  }
  return lines.join('\n');
}

function formatMegabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}
