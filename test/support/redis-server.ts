import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A throwaway redis-server on a free loopback port, for outage tests. Never the shared one. */
export interface TestRedisServer {
  readonly port: number;
  readonly url: string;
  /** Kills the server at once (SIGKILL), like a crash. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty; does nothing while it still runs. */
  start(): Promise<void>;
  /** Freezes the server (SIGSTOP), so connections stay open but get no replies, like a hung host. */
  pause(): void;
  /** Lets a paused server run again (SIGCONT), with its data. */
  resume(): void;
}

/**
 * Starts `redis-server` without persistence on a free port of 127.0.0.1, optionally with a
 * password or in cluster mode. A cluster-mode server starts without slots; see `assignAllSlots`.
 */
export async function startTestRedisServer(options: { password?: string; cluster?: boolean } = {}): Promise<TestRedisServer> {
  const port = await findFreePort();
  let child: ChildProcess | undefined;
  /** Directory of a cluster node's nodes.conf. stop() deletes it, so a restarted node starts without slots. */
  let configDir: string | undefined;
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  if (options.password) args.push('--requirepass', options.password);
  if (options.cluster) {
    configDir = mkdtempSync(path.join(tmpdir(), 'bbslack-cluster-'));
    const configFile = path.join(configDir, 'nodes.conf');
    args.push('--cluster-enabled', 'yes', '--cluster-config-file', configFile);
  }

  const isRunning = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  const start = async () => {
    // A second server on the same port would fail to bind, and replacing `child` would orphan the first.
    if (isRunning()) return;
    if (configDir) mkdirSync(configDir, { recursive: true });
    child = spawn('redis-server', args, { stdio: 'ignore' });
    await waitForPort(port, 5_000);
  };
  const stop = async () => {
    if (!child || !isRunning()) return;
    const exited = once(child, 'exit');
    child.kill('SIGCONT');
    child.kill('SIGKILL');
    await exited;
    if (configDir) rmSync(configDir, { recursive: true, force: true });
  };

  await start();
  const credentials = options.password ? `:${encodeURIComponent(options.password)}@` : '';
  const pause = () => {
    child?.kill('SIGSTOP');
  };
  const resume = () => {
    child?.kill('SIGCONT');
  };
  return { port, url: `redis://${credentials}127.0.0.1:${port}`, start, stop, pause, resume };
}

async function findFreePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const connected = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
      socket.connect(port, '127.0.0.1');
    });
    if (connected) return;
    await sleep(25);
  }
  throw new Error(`redis-server did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
}
