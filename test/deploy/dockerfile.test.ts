import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildAppEnvironment, REPOSITORY_ROOT, reservePort, startAppProcess } from '../support/app-process.js';
import { exportCommittedFiles, listBuildContext, parseDockerfile, type DockerStage } from '../support/dockerfile.js';
import { hostPath, replayStage, type ReplayedStage } from '../support/dockerfile-replay.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';

/** Covers two `npm ci` runs and a TypeScript build. The npm cache in ~/.npm keeps them off the network. */
const REPLAY_TIMEOUT_MS = 150_000;

describe('Dockerfile', () => {
  const dockerfile = execFileSync('git', ['show', 'HEAD:Dockerfile'], { cwd: REPOSITORY_ROOT, encoding: 'utf8' });
  const stages: DockerStage[] = parseDockerfile(dockerfile);
  const context = listBuildContext(REPOSITORY_ROOT);
  const scratchDir = mkdtempSync(path.join(tmpdir(), 'bbslack-docker-'));
  const replayed: ReplayedStage[] = [];
  let slack: FakeSlack;
  let hostCacheBefore = 0;
  let hostCacheAfter = 0;

  const runtime = () => replayed.at(-1)!;

  beforeAll(async () => {
    slack = await startFakeSlack();

    const contextDir = path.join(scratchDir, 'context');
    mkdirSync(contextDir);
    exportCommittedFiles(REPOSITORY_ROOT, context, contextDir);
    // The CA bundle and proxy settings let npm reach the registry for a package the cache lacks.
    const passedThrough = ['NODE_EXTRA_CA_CERTS', 'HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY', 'https_proxy', 'http_proxy', 'no_proxy'];
    const hostEnv: Record<string, string> = {
      ...Object.fromEntries(passedThrough.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : []))),
      PATH: process.env.PATH ?? '',
      HOME: homedir(),
      npm_config_prefer_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
    };
    hostCacheBefore = measureHostNpmCache();
    for (const stage of stages) {
      replayed.push(replayStage(stage, { contextDir, scratchDir, hostEnv, earlier: [...replayed] }));
    }
    hostCacheAfter = measureHostNpmCache();
  }, REPLAY_TIMEOUT_MS);

  afterAll(async () => {
    await slack?.close();
    rmSync(scratchDir, { recursive: true, force: true });
  });

  describe('build context', () => {
    it.each(['node_modules/', 'dist/', 'data/', '.git/', '.env'])('leaves out %s', (excluded) => {
      expect(context.some((file) => file === excluded || file.startsWith(excluded))).toBe(false);
    });

    it('includes the sources and the lockfile', () => {
      expect(context).toContain('package-lock.json');
      expect(context).toContain('src/main.ts');
      expect(context).toContain('tsconfig.build.json');
    });
  });

  describe('stages', () => {
    it('builds in several stages', () => {
      expect(stages.length).toBeGreaterThanOrEqual(2);
    });

    it('uses the Node 24 slim image', () => {
      for (const stage of stages) {
        expect(stage.image).toMatch(/^node:24(\.\d+){0,2}-slim(@sha256:[0-9a-f]{64})?$/);
      }
    });

    it('leaves the host npm cache in place', () => {
      // The runtime stage cleans its own npm cache; the replay must not clean the host's.
      expect(hostCacheAfter).toBeGreaterThanOrEqual(hostCacheBefore);
    });

    it('compiles the app in the build stage', () => {
      const build = replayed[0]!;

      expect(existsSync(hostPath(build, 'dist/src/main.js'))).toBe(true);
    });

    it('installs no dev dependency in the runtime stage', () => {
      const lock = JSON.parse(readFileSync(path.join(REPOSITORY_ROOT, 'package-lock.json'), 'utf8')) as {
        packages: Record<string, { dev?: boolean }>;
      };
      const devPackages = Object.entries(lock.packages)
        .filter(([name, entry]) => name.startsWith('node_modules/') && entry.dev === true)
        .map(([name]) => name);
      expect(devPackages).toContain('node_modules/typescript');

      for (const name of devPackages) {
        expect(existsSync(hostPath(runtime(), name)), `${name} is in the runtime stage`).toBe(false);
      }
    });

    it('installs the production dependencies', () => {
      const manifest = JSON.parse(readFileSync(path.join(REPOSITORY_ROOT, 'package.json'), 'utf8')) as {
        dependencies: Record<string, string>;
      };

      for (const name of Object.keys(manifest.dependencies)) {
        expect(existsSync(hostPath(runtime(), `node_modules/${name}`)), `${name} is missing`).toBe(true);
      }
    });

    it('ships only the compiled app', () => {
      expect(existsSync(hostPath(runtime(), 'dist/src/main.js'))).toBe(true);
      expect(existsSync(hostPath(runtime(), 'dist/test'))).toBe(false);
      expect(existsSync(hostPath(runtime(), 'src'))).toBe(false);
    });

    it('runs as a non-root user', () => {
      expect(runtime().user).toBeDefined();
      expect(['root', '0']).not.toContain(runtime().user?.split(':')[0]);
    });

    it('starts node directly in exec form', () => {
      // Exec form makes node PID 1, so `docker stop` delivers SIGTERM to the app's own handler.
      expect(runtime().cmd?.[0]).toBe('node');
    });

    it('keeps the data volume private to the app user', () => {
      // The replay skips chown and chmod, which need the image's users, so the steps are checked as written.
      expect(runtime().skipped).toContain('chown node:node /data');
      expect(runtime().skipped).toContain('chmod 700 /data');
      expect(runtime().user).toBe('node');
    });

    it('logs JSON in the runtime stage', () => {
      expect(runtime().env.NODE_ENV).toBe('production');
    });
  });

  describe('runtime stage', () => {
    it('serves /healthz and passes its HEALTHCHECK', async () => {
      const stage = runtime();
      const { port } = await reservePort();
      const env: Record<string, string> = {
        ...stage.env,
        ...buildAppEnvironment({
          port,
          slackApiUrl: slack.apiUrl,
          bitbucketApiUrl: 'http://127.0.0.1:1/2.0',
          bitbucketOAuthUrl: 'http://127.0.0.1:1/site/oauth2',
        }),
        DATA_DIR: hostPath(stage, stage.env.DATA_DIR ?? '/data'),
      };
      delete env.LOG_FORMAT;
      // CMD is `node [flags...] <script>`, the flags being those of `npm start`.
      const [program, ...args] = stage.cmd!;
      expect(program).toBe('node');
      const entry = args.at(-1)!;
      const execArgv = args.slice(0, -1);

      const health = stage.healthcheck!;
      expect(health.command[0]).toBe('node');
      expect(health.command.join(' ')).toContain('/healthz');
      const runHealthcheck = () =>
        spawnSync(process.execPath, health.command.slice(1), {
          cwd: hostPath(stage, stage.workdir),
          env: { PATH: process.env.PATH ?? '', PORT: String(port) },
          timeout: 10_000,
        }).status;

      const app = await startAppProcess({ env, entry: hostPath(stage, entry), execArgv, cwd: hostPath(stage, stage.workdir) });
      let healthyStatus: number | null;
      try {
        healthyStatus = runHealthcheck();
      } finally {
        await app.stop();
      }

      expect(healthyStatus).toBe(0);
      expect(runHealthcheck()).toBe(1);
      expect((await app.exited).code).toBe(0);
      expect(app.logs().length).toBeGreaterThan(0);
      expect(app.output.every((line) => line.startsWith('{'))).toBe(true);
    });
  });
});

/** Returns the size of ~/.npm/_cacache in kilobytes, 0 when it does not exist. */
function measureHostNpmCache(): number {
  const cacheDir = path.join(homedir(), '.npm/_cacache');
  if (!existsSync(cacheDir)) return 0;
  return Number(execFileSync('du', ['-sk', cacheDir], { encoding: 'utf8' }).split('\t')[0]);
}
