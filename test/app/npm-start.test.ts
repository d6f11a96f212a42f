/**
 * The built app started as a user starts it: `npm start` in the repository, with the
 * configuration in the environment. `npm test` builds dist/ before these tests run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterEach, describe, expect, it } from 'vitest';

import { findButtonUrl, readMessageText } from '../support/app-harness.js';
import { expectValidMessage } from '../support/block-kit-schema.js';
import { seedAcme } from '../support/command-fixtures.js';
import { openAuthorizeUrl, postConfirm } from '../support/connections-test-app.js';
import { startFakeBitbucket, type FakeBitbucket } from '../support/fake-bitbucket/index.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { findFreePort } from '../support/free-port.js';
import { postSlashCommand } from '../support/slack-request.js';

const REPOSITORY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SIGNING_SECRET = 'npm-start-signing-secret';
const CONSUMER = { clientId: 'npm-start-consumer-key', clientSecret: 'npm-start-consumer-secret' };

interface StartedProcess {
  child: ChildProcess;
  /** Standard output and standard error, as they arrived. */
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

describe('npm start', () => {
  let started: StartedProcess | undefined;
  let slack: FakeSlack | undefined;
  let bitbucket: FakeBitbucket | undefined;
  let dataDir: string | undefined;

  afterEach(async () => {
    if (started?.child.pid !== undefined) {
      // npm runs the app in a child process of the same group, and the app can outlive npm, so
      // the whole group is killed even when npm itself has exited.
      try {
        process.kill(-started.child.pid, 'SIGKILL');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
      }
      await started.exited;
    }
    started = undefined;
    await slack?.close();
    await bitbucket?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    slack = undefined;
    bitbucket = undefined;
    dataDir = undefined;
  });

  /** Runs `npm start` with `env` on top of PATH and HOME only, so nothing else of this shell leaks in. */
  function startNpm(env: Record<string, string>): StartedProcess {
    expect(existsSync(path.join(REPOSITORY_ROOT, 'dist/src/main.js')), 'dist/src/main.js is missing: run `npm run build`').toBe(true);

    const child = spawn('npm', ['start'], {
      cwd: REPOSITORY_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? tmpdir(),
        // npm would otherwise ask the registry whether a newer npm exists.
        npm_config_update_notifier: 'false',
        ...env,
      },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = once(child, 'exit').then(([code, signal]) => ({
      code: code as number | null,
      signal: signal as NodeJS.Signals | null,
    }));
    return { child, output: () => output, exited };
  }

  async function startWithFakes(): Promise<{ url: string; slack: FakeSlack; bitbucket: FakeBitbucket }> {
    slack = await startFakeSlack();
    bitbucket = await startFakeBitbucket();
    dataDir = mkdtempSync(path.join(tmpdir(), 'bbslack-npm-start-'));
    const port = await findFreePort();
    const url = `http://127.0.0.1:${port}`;
    bitbucket.registerOAuthClient({ ...CONSUMER, callbackUrl: `${url}/bitbucket/oauth/callback` });

    started = startNpm({
      PORT: String(port),
      PUBLIC_URL: url,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-npm-start-bot-token',
      SLACK_API_URL: slack.apiUrl,
      BITBUCKET_API_URL: bitbucket.apiUrl,
      BITBUCKET_OAUTH_URL: bitbucket.oauthUrl,
      BITBUCKET_CLIENT_ID: CONSUMER.clientId,
      BITBUCKET_CLIENT_SECRET: CONSUMER.clientSecret,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
    });
    await waitForHealth(url, started);
    return { url, slack, bitbucket };
  }

  it('connects on first use, then lists pull requests', { timeout: 30_000 }, async () => {
    const { url, slack, bitbucket } = await startWithFakes();
    const world = seedAcme(bitbucket);
    bitbucket.addPullRequest(world.acme, world.api, { title: 'Add login', source: 'feature/login', author: world.ada });
    bitbucket.setAuthorizingUser(world.ada);

    const response = await postSlashCommand(url, SIGNING_SECRET, { text: 'prs acme/api', response_url: slack.responseUrl('npm-start') });
    expect(response.status).toBe(200);
    const prompt = await waitForReply(slack, 'npm-start', 0);
    expect(readMessageText(prompt.body)).toContain('connect your Bitbucket account first');

    const page = await openAuthorizeUrl(findButtonUrl(prompt.body)!);
    expect(page.html).toContain('Ada Lovelace');
    const confirmed = await postConfirm(url, { state: page.form!.state, csrf_token: page.form!.csrfToken });
    expect(confirmed.status).toBe(200);

    const connected = await waitForReply(slack, 'npm-start', 1);
    expect(readMessageText(connected.body)).toContain('Connected as');
    const list = await waitForReply(slack, 'npm-start', 2);
    expect(readMessageText(list.body)).toContain('Add login');
    for (const reply of [prompt, connected, list]) expectValidMessage(reply.body);
    // Without REDIS_URL the connection lives in the embedded store under DATA_DIR.
    expect(readdirSync(dataDir!).length).toBeGreaterThan(0);
    bitbucket.assertRequestsValid();
  });

  it('exits 0 on SIGTERM', { timeout: 30_000 }, async () => {
    await startWithFakes();
    const running = started!;

    // npm passes the signal on to the app, which it runs with `exec` so no shell swallows it.
    process.kill(running.child.pid!, 'SIGTERM');
    const exit = await running.exited;

    expect(exit).toEqual({ code: 0, signal: null });
    expect(running.output()).toContain('"msg":"stopped"');
  });

  it('stops with one message naming a missing variable', { timeout: 30_000 }, async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'bbslack-npm-start-'));
    started = startNpm({ SLACK_BOT_TOKEN: 'xoxb-npm-start-bot-token', DATA_DIR: dataDir });

    const exit = await started.exited;

    expect(exit.code).toBe(1);
    const output = started.output();
    expect(output).toContain('bitbucket-slack cannot start.');
    expect(output).toContain('SLACK_SIGNING_SECRET is missing; copy the Signing Secret from the Slack app\'s "Basic Information" page');
    expect(output.split('SLACK_SIGNING_SECRET is missing').length - 1).toBe(1);
  });
});

/** Polls `/healthz` until it returns 200. Fails early, with the output, when the process exits. */
async function waitForHealth(url: string, started: StartedProcess): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (started.child.exitCode !== null) throw new Error(`npm start exited with ${started.child.exitCode}:\n${started.output()}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`/healthz did not answer within 20 s:\n${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function waitForReply(slack: FakeSlack, responseUrlId: string, index: number) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const replies = slack.calls.filter((call) => call.responseUrlId === responseUrlId);
    const reply = replies[index];
    if (reply) return reply;
    if (Date.now() > deadline) throw new Error(`no reply #${index} to ${responseUrlId} within 10 s (got ${replies.length})`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
