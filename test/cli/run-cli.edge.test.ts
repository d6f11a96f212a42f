import { Writable } from 'node:stream';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { EXIT_SUCCESS, EXIT_USAGE, runCli } from '../../src/cli/run-cli.js';
import { startScriptedServer, type ScriptedServer } from '../support/scripted-http-server.js';

let server: ScriptedServer;

beforeEach(async () => {
  server = await startScriptedServer();
});

afterEach(async () => {
  await server.close();
});

/** Runs the CLI in this process against the scripted server and returns what it printed. */
async function run(args: string[], env: Record<string, string> = {}) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(
    args,
    { BITBUCKET_API_URL: `${server.url}/2.0`, BITBUCKET_BEARER_TOKEN: 'cli-token', ...env },
    {
      stdout: new Writable({ write: (chunk: Buffer, _encoding, done) => done(void stdout.push(chunk.toString())) }),
      stderr: new Writable({ write: (chunk: Buffer, _encoding, done) => done(void stderr.push(chunk.toString())) }),
    },
  );
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

describe('CLI token checks', () => {
  it.each([
    ['a line feed', 'abc\nX-Injected: 1'],
    ['a space', 'abc def'],
  ])('exits 2 for a token with %s', async (_name, token) => {
    const result = await run(['tools', 'run', 'BITBUCKET_GET_CURRENT_USER'], { BITBUCKET_BEARER_TOKEN: token });

    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('BITBUCKET_BEARER_TOKEN');
    expect(result.stderr).not.toContain('abc');
    expect(result.stdout).toBe('');
    expect(server.requests).toEqual([]);
  });

  it('accepts a token with surrounding white space', async () => {
    server.reply({ status: 200, body: { uuid: '{u1}', display_name: 'Alice' } });

    const result = await run(['tools', 'run', 'BITBUCKET_GET_CURRENT_USER'], { BITBUCKET_BEARER_TOKEN: '  cli-token\n' });

    expect(result.code).toBe(EXIT_SUCCESS);
    expect(server.requests[0]?.headers.authorization).toBe('Bearer cli-token');
  });
});

describe('CLI envelope', () => {
  it('prints data as null after an empty response', async () => {
    server.reply({ status: 204 });

    const result = await run(['tools', 'run', 'BITBUCKET_GET_CURRENT_USER']);
    const envelope = JSON.parse(result.stdout) as Record<string, unknown>;

    expect(Object.keys(envelope)).toEqual(['successful', 'data', 'error']);
    expect(envelope['data']).toBeNull();
  });
});

describe('CLI API URL checks', () => {
  it.each(['?x=1', '#part'])('exits 2 for a base URL ending in %j', async (suffix) => {
    const result = await run(['tools', 'run', 'BITBUCKET_GET_CURRENT_USER'], { BITBUCKET_API_URL: `${server.url}/2.0${suffix}` });

    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toContain('BITBUCKET_API_URL');
    expect(result.stderr).toContain('query string or fragment');
    expect(server.requests).toEqual([]);
  });

  it('hides the password of a rejected base URL', async () => {
    const result = await run(['tools', 'run', 'BITBUCKET_GET_CURRENT_USER'], { BITBUCKET_API_URL: 'https://ci:s3cret-pass@127.0.0.1:1/2.0?x=1' });

    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toContain('"https://[redacted]@127.0.0.1:1/2.0?x=1"');
    expect(result.stderr).not.toContain('s3cret-pass');
  });
});

describe('CLI timeout checks', () => {
  // 3000000000 is past the largest delay a Node.js timer takes (2147483647 ms).
  it.each(['1', '99', '120001', '3000000000', 'abc', '1.5'])('exits 2 for BITBUCKET_TIMEOUT_MS=%s', async (timeout) => {
    const result = await run(['tools', 'run', 'BITBUCKET_GET_CURRENT_USER'], { BITBUCKET_TIMEOUT_MS: timeout });

    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('BITBUCKET_TIMEOUT_MS');
    expect(result.stderr).toContain('between 100 and 120000');
    expect(result.stdout).toBe('');
    expect(server.requests).toEqual([]);
  });

  it.each(['100', '120000'])('accepts BITBUCKET_TIMEOUT_MS=%s', async (timeout) => {
    server.reply({ status: 200, body: { uuid: '{u1}', display_name: 'Alice' } });

    const result = await run(['tools', 'run', 'BITBUCKET_GET_CURRENT_USER'], { BITBUCKET_TIMEOUT_MS: timeout });

    expect(result.code).toBe(EXIT_SUCCESS);
  });
});
