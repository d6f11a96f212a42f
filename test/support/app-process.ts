/**
 * The built app (`node dist/src/main.js`) as a child process, as an operator runs it: its own
 * environment, its own memory, real signals and its standard output as the log.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import { findFreePort } from './free-port.js';

/** The repository root, from test/support or from its compiled copy under dist/test/support. */
export const REPOSITORY_ROOT = findRepositoryRoot(path.dirname(fileURLToPath(import.meta.url)));

/** Entry point of the built app, which `npm run build` (or `npm ci`) creates. */
export const APP_ENTRY = path.join(REPOSITORY_ROOT, 'dist/src/main.js');

export const PROCESS_SIGNING_SECRET = 'process-test-signing-secret';
export const PROCESS_BOT_TOKEN = 'xoxb-process-test-bot-token';

export interface AppProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface AppProcess {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** The environment the process started with (on top of PATH and HOME). */
  readonly env: Record<string, string>;
  /** Every line the process wrote to standard output and standard error, in order. */
  readonly output: string[];
  /** The output lines that parse as JSON objects, i.e. the pino log records. */
  logs(): Array<Record<string, unknown>>;
  /** Resolves when the process has exited. */
  readonly exited: Promise<AppProcessExit>;
  /** Sends a signal, e.g. SIGTERM. */
  kill(signal: NodeJS.Signals): void;
  /** Resolves with the first log record that matches, or rejects after `timeoutMs`. */
  waitForLog(predicate: (record: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Sends SIGTERM and waits for the exit. Kills the process when it still runs after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<AppProcessExit>;
}

export interface AppEnvironmentOptions {
  /** Base URL of the fake Slack's Web API (`FakeSlack.apiUrl`). */
  slackApiUrl: string;
  /** The fake Bitbucket's API and OAuth base URLs. */
  bitbucketApiUrl: string;
  bitbucketOAuthUrl: string;
  /** Consumer key and secret registered on the fake Bitbucket. Without them, connect is disabled. */
  bitbucketClient?: { clientId: string; clientSecret: string };
  redisUrl?: string;
  /** Base64 key shared by every process on one Redis. A new key is generated when omitted. */
  tokenEncryptionKey?: string;
  storeNamespace?: string;
  publicUrl?: string;
  port: number;
}

/** Builds the environment of an app process whose every outbound URL is a loopback fake. */
export function buildAppEnvironment(options: AppEnvironmentOptions): Record<string, string> {
  const env: Record<string, string> = {
    PORT: String(options.port),
    PUBLIC_URL: options.publicUrl ?? `http://127.0.0.1:${options.port}`,
    SLACK_SIGNING_SECRET: PROCESS_SIGNING_SECRET,
    SLACK_BOT_TOKEN: PROCESS_BOT_TOKEN,
    SLACK_API_URL: options.slackApiUrl,
    BITBUCKET_API_URL: options.bitbucketApiUrl,
    BITBUCKET_OAUTH_URL: options.bitbucketOAuthUrl,
    BITBUCKET_TIMEOUT_MS: '5000',
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'info',
  };
  if (options.bitbucketClient) {
    env.BITBUCKET_CLIENT_ID = options.bitbucketClient.clientId;
    env.BITBUCKET_CLIENT_SECRET = options.bitbucketClient.clientSecret;
  }
  if (options.redisUrl) {
    env.REDIS_URL = options.redisUrl;
    env.TOKEN_ENCRYPTION_KEY = options.tokenEncryptionKey ?? randomBytes(32).toString('base64');
  }
  if (options.storeNamespace) env.STORE_NAMESPACE = options.storeNamespace;
  return env;
}

export interface StartAppProcessOptions {
  /** The whole environment of the app. PATH and HOME are added so that `node` runs. */
  env: Record<string, string>;
  /** Script to run, by default the built app. */
  entry?: string;
  /** Node.js flags placed before the script, such as those of `npm start`. */
  execArgv?: string[];
  cwd?: string;
  /** How long to wait for `GET /healthz` to respond with 200. */
  readyTimeoutMs?: number;
}

/**
 * Starts the app as a child process on the port its environment names and resolves once
 * `GET /healthz` responds with 200. Throws with the process output when the process exits first
 * or the route never responds.
 */
export async function startAppProcess(options: StartAppProcessOptions): Promise<AppProcess> {
  const entry = options.entry ?? APP_ENTRY;
  if (!existsSync(entry)) {
    throw new Error(`${entry} is missing; run \`npm run build\` first.`);
  }
  const port = Number(options.env.PORT);
  if (!Number.isInteger(port) || port <= 0) {
    throw new Error(`startAppProcess needs a fixed PORT in the environment, got ${String(options.env.PORT)}`);
  }

  const child: ChildProcess = spawn(process.execPath, [...(options.execArgv ?? []), entry], {
    cwd: options.cwd ?? REPOSITORY_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const listeners = new Set<() => void>();
  collectLines(child, output, () => listeners.forEach((listener) => listener()));
  const exited = new Promise<AppProcessExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });

  const url = `http://127.0.0.1:${port}`;
  const processHandle: AppProcess = {
    url,
    port,
    pid: child.pid ?? -1,
    env: options.env,
    output,
    exited,
    logs: () => parseLogRecords(output),
    kill: (signal) => {
      child.kill(signal);
    },
    waitForLog: (predicate, timeoutMs = 5_000) => waitForRecord(output, listeners, predicate, timeoutMs),
    async stop(timeoutMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const outcome = await Promise.race([exited, sleep(timeoutMs).then(() => undefined)]);
      if (outcome) return outcome;
      child.kill('SIGKILL');
      return exited;
    },
  };

  try {
    await waitUntilHealthy(url, exited, options.readyTimeoutMs ?? 15_000);
  } catch (error) {
    child.kill('SIGKILL');
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n--- app output ---\n${output.join('\n')}`);
  }
  return processHandle;
}

/** Returns a free loopback port and the base URL on it. */
export async function reservePort(): Promise<{ port: number; url: string }> {
  const port = await findFreePort();
  return { port, url: `http://127.0.0.1:${port}` };
}

function collectLines(child: ChildProcess, output: string[], onLine: () => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let partial = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        if (line.trim() !== '') output.push(line);
      }
      onLine();
    });
    stream?.on('end', () => {
      if (partial.trim() !== '') output.push(partial);
      partial = '';
      onLine();
    });
  }
}

function parseLogRecords(output: string[]): Array<Record<string, unknown>> {
  const records: Array<Record<string, unknown>> = [];
  for (const line of output) {
    if (!line.startsWith('{')) continue;
    try {
      const parsed: unknown = JSON.parse(line);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) records.push(parsed as Record<string, unknown>);
    } catch {
      // Not a log record, e.g. a line of a stack trace.
    }
  }
  return records;
}

async function waitForRecord(
  output: string[],
  listeners: Set<() => void>,
  predicate: (record: Record<string, unknown>) => boolean,
  timeoutMs: number,
): Promise<Record<string, unknown>> {
  const find = () => parseLogRecords(output).find(predicate);
  const found = find();
  if (found) return found;

  return new Promise((resolve, reject) => {
    const listener = () => {
      const record = find();
      if (!record) return;
      cleanUp();
      resolve(record);
    };
    const timer = setTimeout(() => {
      cleanUp();
      reject(new Error(`no matching log record within ${timeoutMs} ms; output:\n${output.join('\n')}`));
    }, timeoutMs);
    const cleanUp = () => {
      clearTimeout(timer);
      listeners.delete(listener);
    };
    listeners.add(listener);
  });
}

async function waitUntilHealthy(url: string, exited: Promise<AppProcessExit>, timeoutMs: number): Promise<void> {
  let exit: AppProcessExit | undefined;
  void exited.then((value) => {
    exit = value;
  });
  const deadline = Date.now() + timeoutMs;

  while (Date.now() < deadline) {
    if (exit) throw new Error(`the app exited before /healthz responded (code ${exit.code}, signal ${exit.signal})`);
    const healthy = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1_000) }).then(
      (response) => response.status === 200,
      () => false,
    );
    if (healthy) return;
    await sleep(50);
  }
  throw new Error(`${url}/healthz did not respond with 200 within ${timeoutMs} ms`);
}

function findRepositoryRoot(start: string): string {
  let directory = start;
  while (!existsSync(path.join(directory, 'package.json'))) {
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error(`no package.json above ${start}`);
    directory = parent;
  }
  // dist/ has no package.json, so the first one found is the repository's own.
  return directory;
}
