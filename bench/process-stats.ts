/**
 * Measurements taken from outside the app: its resident memory from /proc (Linux only) and the
 * number of commands Redis served, from `INFO commandstats`.
 */
import { readFileSync } from 'node:fs';

import { createClient } from '@keyv/redis';

/** Returns the resident set size of process `pid` in bytes, from /proc/PID/status. */
export function readRssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1];
  if (kilobytes === undefined) throw new Error(`/proc/${pid}/status has no VmRSS line`);
  return Number(kilobytes) * 1024;
}

/** Clock ticks per second of /proc/PID/stat times; 100 on Linux for x86-64 and arm64. */
const CLOCK_TICKS_PER_SECOND = 100;

/** Returns the CPU time process `pid` has used, user plus system, in milliseconds, from /proc/PID/stat. */
export function readCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const userTicks = Number(fields[11]);
  const systemTicks = Number(fields[12]);
  return ((userTicks + systemTicks) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** Samples a process's RSS every `intervalMs` until stopped; `stop` returns the peak in bytes. */
export function sampleRss(pid: number, intervalMs = 100): { stop(): number } {
  let peak = readRssBytes(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, readRssBytes(pid));
    } catch {
      // The process exited; keep the last peak.
    }
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

/** Commands that the benchmark's own INFO calls and client set-up add; they are not counted. */
const NOT_COUNTED = new Set(['info', 'hello', 'client|setinfo', 'client']);

/** Returns the total calls per command since Redis started, e.g. `{ get: 120, set: 4 }`. */
export async function readCommandStats(redisUrl: string): Promise<Record<string, number>> {
  const client = createClient({ url: redisUrl });
  await client.connect();
  try {
    const info = await client.info('commandstats');
    const stats: Record<string, number> = {};
    for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
      if (!NOT_COUNTED.has(match[1]!)) stats[match[1]!] = Number(match[2]);
    }
    return stats;
  } finally {
    client.destroy();
  }
}

/** Returns `after - before` per command, leaving out commands that did not change. */
export function diffCommandStats(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const diff: Record<string, number> = {};
  for (const [command, calls] of Object.entries(after)) {
    const delta = calls - (before[command] ?? 0);
    if (delta > 0) diff[command] = delta;
  }
  return diff;
}
