/**
 * Start-up failures after the configuration parsed: what the built app prints when it cannot
 * listen on PORT or use DATA_DIR. `npm test` builds dist/ before these tests run.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { StorageUnavailableError } from '../../src/connections/errors.js';
import { describeStartFailure } from '../../src/describe-start-failure.js';
import { APP_ENTRY, buildAppEnvironment } from '../support/app-process.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { findFreePort } from '../support/free-port.js';

/** Builds the error that `server.listen` emits, with the fields Node.js sets on it. */
function listenError(code: string, port: number): NodeJS.ErrnoException {
  return Object.assign(new Error(`listen ${code} :::${port}`), { code, syscall: 'listen', address: '::', port });
}

describe('describeStartFailure', () => {
  it('names PORT for a port in use', () => {
    const text = describeStartFailure(listenError('EADDRINUSE', 3000));

    expect(text).toBe('port 3000 is already in use; stop the process that listens on it, or set PORT to a free port.');
  });

  it('names PORT for a privileged port', () => {
    const text = describeStartFailure(listenError('EACCES', 80));

    expect(text).toBe('this user may not listen on port 80; set PORT to a port of 1024 or above.');
  });

  it('prints an AppError without its stack', () => {
    const text = describeStartFailure(new StorageUnavailableError('The data directory /srv cannot be created. Set DATA_DIR to a writable directory.'));

    expect(text).toBe('The data directory /srv cannot be created. Set DATA_DIR to a writable directory.');
  });

  it('keeps the stack of an unexpected error', () => {
    const error = new TypeError('x is undefined');

    expect(describeStartFailure(error)).toBe(error.stack);
    expect(describeStartFailure('plain text')).toBe('plain text');
  });
});

describe('built app start-up failures', () => {
  let slack: FakeSlack;
  let blocker: Server;
  let blockedPort: number;
  const scratchDir = mkdtempSync(path.join(tmpdir(), 'bbslack-start-failure-'));

  beforeAll(async () => {
    slack = await startFakeSlack();
    blocker = createServer();
    blocker.listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    blockedPort = (blocker.address() as { port: number }).port;
  });

  afterAll(async () => {
    await slack.close();
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
    rmSync(scratchDir, { recursive: true, force: true });
  });

  /** Runs the built app until it exits and returns its exit code and standard error. */
  async function runApp(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
    const child = spawn(process.execPath, [APP_ENTRY], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    return { code, stderr };
  }

  function buildEnvironment(port: number, dataDir: string): Record<string, string> {
    const env = buildAppEnvironment({
      port,
      slackApiUrl: slack.apiUrl,
      bitbucketApiUrl: 'http://127.0.0.1:1/2.0',
      bitbucketOAuthUrl: 'http://127.0.0.1:1/site/oauth2',
    });
    return { ...env, DATA_DIR: dataDir, LOG_LEVEL: 'error' };
  }

  it('names PORT when the port is taken', { timeout: 20_000 }, async () => {
    const result = await runApp(buildEnvironment(blockedPort, path.join(scratchDir, 'port-taken')));

    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(`port ${blockedPort} is already in use`);
    expect(result.stderr).toContain('set PORT to a free port');
  });

  it('names DATA_DIR when it is a file', { timeout: 20_000 }, async () => {
    const file = path.join(scratchDir, 'not-a-directory');
    writeFileSync(file, 'x');

    const result = await runApp(buildEnvironment(await findFreePort(), file));

    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(file);
    expect(result.stderr).toContain('Set DATA_DIR to a writable directory');
  });
});
