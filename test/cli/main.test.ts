import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { startFakeBitbucket, type FakeBitbucket } from '../support/fake-bitbucket/index.js';

const BIN = fileURLToPath(new URL('../../bin/bitbucket-slack.js', import.meta.url));
const BUILT_MAIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const TOKEN = 'cli-token-4f9a2c';

let bb: FakeBitbucket;

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a child process; asynchronous, so the fake in this process keeps serving. */
function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  const childEnv: Record<string, string> = { PATH: process.env['PATH'] ?? '' };
  for (const [name, value] of Object.entries({ BITBUCKET_API_URL: bb.apiUrl, BITBUCKET_BEARER_TOKEN: TOKEN, ...env })) {
    if (value !== undefined) childEnv[name] = value;
  }
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: childEnv, timeout: 15_000 }, (error, stdout, stderr) => {
      const code = error && typeof error.code === 'number' ? error.code : error ? -1 : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

beforeAll(() => {
  if (!existsSync(BUILT_MAIN)) {
    throw new Error(`${BUILT_MAIN} is missing; run "npm run build" before these tests (npm test does).`);
  }
});

beforeEach(async () => {
  bb = await startFakeBitbucket();
  const alice = bb.addUser({ display_name: 'Alice Example' });
  const acme = bb.addWorkspace({ slug: 'acme' });
  bb.addMember(acme, alice, { administrator: true });
  bb.addRepository(acme, { slug: 'api' });
  bb.addAccessToken(TOKEN, { user: alice, scopes: ['account', 'repository', 'repository:admin', 'repository:delete'] });
});

afterEach(async () => {
  bb.assertRequestsValid();
  await bb.close();
});

describe('bitbucket-slack CLI', () => {
  it('prints usage for --help', async () => {
    const result = await runCli(['--help']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('tools run <SLUG> --params');
    expect(result.stdout).toContain('BITBUCKET_BEARER_TOKEN');
  });

  it('lists the 16 actions', async () => {
    const result = await runCli(['tools', 'list']);

    expect(result.code).toBe(0);
    expect(result.stdout.match(/^BITBUCKET_[A-Z_]+$/gm)).toHaveLength(16);
    expect(result.stdout).toContain('workspace (required), repo_slug (required), name (required), target_hash (required)');
  });

  it('lists the actions as JSON Schema', async () => {
    const result = await runCli(['tools', 'list', '--json']);

    const actions = JSON.parse(result.stdout) as Array<{ slug: string; parameters: { type: string; required?: string[] } }>;
    expect(result.code).toBe(0);
    expect(actions).toHaveLength(16);
    expect(actions.every((action) => action.parameters.type === 'object')).toBe(true);
    expect(actions.find((action) => action.slug === 'BITBUCKET_DELETE_ISSUE')?.parameters.required).toEqual([
      'workspace',
      'repo_slug',
      'issue_id',
    ]);
  });

  it('runs an action and exits 0', async () => {
    const result = await runCli(['tools', 'run', 'BITBUCKET_LIST_REPOSITORIES_IN_WORKSPACE', '--params', '{"workspace":"acme"}']);

    const envelope = JSON.parse(result.stdout) as { successful: boolean; data: { count: number }; error: string | null };
    expect(result.code).toBe(0);
    expect(envelope.successful).toBe(true);
    expect(envelope.error).toBeNull();
    expect(envelope.data.count).toBe(1);
    expect(bb.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('prints a failed action and exits 1', async () => {
    const result = await runCli(['tools', 'run', 'BITBUCKET_DELETE_REPOSITORY', '--params={"workspace":"acme","repo_slug":"gone"}']);

    const envelope = JSON.parse(result.stdout) as { successful: boolean; data: null; error: string };
    expect(result.code).toBe(1);
    expect(envelope.successful).toBe(false);
    expect(envelope.data).toBeNull();
    expect(envelope.error).toContain('Repository acme/gone was not found on Bitbucket');
  });

  it('exits 1 on invalid parameters without a request', async () => {
    const result = await runCli(['tools', 'run', 'BITBUCKET_DELETE_REPOSITORY', '--params', '{"workspace":"acme","repo_slug":""}']);

    const envelope = JSON.parse(result.stdout) as { error: string };
    expect(result.code).toBe(1);
    expect(envelope.error).toBe('repo_slug: expected a repository slug such as "api" or its {uuid}, got ""');
    expect(bb.requests).toHaveLength(0);
  });

  it('exits 2 on JSON that does not parse', async () => {
    const result = await runCli(['tools', 'run', 'BITBUCKET_GET_CURRENT_USER', '--params', '{workspace:']);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('--params is not valid JSON');
  });

  it('exits 2 on an unknown slug', async () => {
    const result = await runCli(['tools', 'run', 'BITBUCKET_NOPE']);

    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('unknown action "BITBUCKET_NOPE"');
  });

  it('exits 2 without a token', async () => {
    const result = await runCli(['tools', 'run', 'BITBUCKET_GET_CURRENT_USER'], { BITBUCKET_BEARER_TOKEN: undefined });

    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('BITBUCKET_BEARER_TOKEN is not set');
    expect(bb.requests).toHaveLength(0);
  });

  it('logs requests at debug without the token', async () => {
    const result = await runCli(['tools', 'run', 'BITBUCKET_GET_CURRENT_USER'], { LOG_LEVEL: 'debug' });

    const lines = result.stderr.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(result.code).toBe(0);
    expect(lines).toContainEqual(expect.objectContaining({ level: 'debug', method: 'GET', path: '/user', status: 200, ms: expect.any(Number) }));
    expect(result.stderr).not.toContain(TOKEN);
    expect(result.stdout).not.toContain(TOKEN);
  });
});
