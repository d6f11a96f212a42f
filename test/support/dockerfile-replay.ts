/**
 * Replays the stages of a Dockerfile on this machine without a container engine. Each stage gets
 * a directory as its filesystem root. COPY copies from the build context or an earlier stage, and
 * RUN runs its npm commands in the stage's WORKDIR. The base image's files are missing, so only
 * steps whose effect stays under the stage root are replayed (see `replayRunStep`).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';

import { parseEnv, parseExecForm, type DockerInstruction, type DockerStage } from './dockerfile.js';

export interface ReplayedStage {
  name: string;
  image: string;
  /** Directory that stands for the stage's filesystem root `/`. */
  root: string;
  /** WORKDIR as a path inside the image, e.g. `/app`. */
  workdir: string;
  env: Record<string, string>;
  user: string | undefined;
  cmd: string[] | undefined;
  /** HEALTHCHECK's command in exec form, and its flags such as `timeout`. */
  healthcheck: { command: string[]; flags: Record<string, string> } | undefined;
  /** RUN steps that were not replayed because they need the image's users or root rights. */
  skipped: string[];
}

export interface ReplayOptions {
  /** Directory holding the build context. */
  contextDir: string;
  /** Directory under which each stage's root is created. */
  scratchDir: string;
  /** Environment for npm: PATH, HOME and cache settings. */
  hostEnv: Record<string, string>;
  /** Stages replayed before this one, for `COPY --from`. */
  earlier: ReplayedStage[];
}

/** Replays one stage. Throws with the command output when a RUN step fails. */
export function replayStage(stage: DockerStage, options: ReplayOptions): ReplayedStage {
  const root = path.join(options.scratchDir, `stage-${stage.name}`);
  mkdirSync(root, { recursive: true });
  const replayed: ReplayedStage = {
    name: stage.name,
    image: stage.image,
    root,
    workdir: '/',
    env: {},
    user: undefined,
    cmd: undefined,
    healthcheck: undefined,
    skipped: [],
  };

  for (const instruction of stage.instructions) {
    applyInstruction(replayed, instruction, options);
  }
  return replayed;
}

/** Maps a path inside the image to the directory that stands for it. */
export function hostPath(stage: ReplayedStage, imagePath: string): string {
  const absolute = path.posix.isAbsolute(imagePath) ? imagePath : path.posix.join(stage.workdir, imagePath);
  return path.join(stage.root, absolute);
}

function applyInstruction(stage: ReplayedStage, instruction: DockerInstruction, options: ReplayOptions): void {
  switch (instruction.keyword) {
    case 'WORKDIR':
      stage.workdir = path.posix.resolve(stage.workdir, instruction.args);
      mkdirSync(hostPath(stage, stage.workdir), { recursive: true });
      return;
    case 'ENV':
      Object.assign(stage.env, parseEnv(instruction.args));
      return;
    case 'USER':
      stage.user = instruction.args.trim();
      return;
    case 'COPY':
      copyFiles(stage, instruction, options);
      return;
    case 'RUN':
      for (const step of instruction.args.split('&&').map((part) => part.trim())) {
        replayRunStep(stage, step, options);
      }
      return;
    case 'CMD':
      stage.cmd = parseExecForm(instruction.args) ?? ['/bin/sh', '-c', instruction.args];
      return;
    case 'HEALTHCHECK': {
      const command = instruction.args.replace(/^CMD\s+/i, '');
      stage.healthcheck = { command: parseExecForm(command) ?? ['/bin/sh', '-c', command], flags: instruction.flags };
      return;
    }
    case 'EXPOSE':
    case 'VOLUME':
    case 'LABEL':
    case 'STOPSIGNAL':
    case 'ARG':
      return;
    default:
      throw new Error(`line ${instruction.line}: the replay does not support ${instruction.keyword}`);
  }
}

function copyFiles(stage: ReplayedStage, instruction: DockerInstruction, options: ReplayOptions): void {
  const parts = parseExecForm(instruction.args) ?? instruction.args.split(/\s+/);
  const destination = parts.at(-1)!;
  const sources = parts.slice(0, -1);
  const from = instruction.flags.from;
  const source = from === undefined ? undefined : options.earlier.find((earlier) => earlier.name === from);
  if (from !== undefined && !source) throw new Error(`line ${instruction.line}: no earlier stage named ${from}`);

  const target = hostPath(stage, destination);
  const intoDirectory = destination.endsWith('/') || destination === '.' || sources.length > 1;
  for (const item of sources) {
    const origin = source ? hostPath(source, item) : path.join(options.contextDir, item);
    // Docker copies a directory's contents, not the directory itself.
    const isDirectory = statSync(origin).isDirectory();
    const to = intoDirectory && !isDirectory ? path.join(target, path.basename(origin)) : target;
    mkdirSync(isDirectory ? to : path.dirname(to), { recursive: true });
    cpSync(origin, to, { recursive: true });
  }
}

/**
 * Runs one `&&`-separated step of a RUN line. npm commands run in the WORKDIR with the host's npm
 * cache, except `npm cache`, and `mkdir -p` creates its directories under the stage root. `chown` and `useradd`-style steps need the image's users
 * and root rights, so they are only recorded in `skipped`. Any other step throws, so that a new
 * kind of step gets a deliberate replay rule.
 */
function replayRunStep(stage: ReplayedStage, step: string, options: ReplayOptions): void {
  const [program, ...args] = step.split(/\s+/);

  if (program === 'npm') {
    // `npm cache …` acts on the image's own cache, under the stage root, never on the host's.
    const cacheEnv = args[0] === 'cache' ? { npm_config_cache: hostPath(stage, '/root/.npm') } : {};
    const result = spawnSync('npm', args, {
      cwd: hostPath(stage, stage.workdir),
      env: { ...options.hostEnv, ...stage.env, ...cacheEnv },
      encoding: 'utf8',
      shell: false,
    });
    if (result.status !== 0) {
      throw new Error(`stage ${stage.name}: \`${step}\` failed with exit code ${result.status}\n${result.stdout}\n${result.stderr}`);
    }
    return;
  }
  if (program === 'mkdir') {
    for (const directory of args.filter((arg) => !arg.startsWith('-'))) {
      mkdirSync(hostPath(stage, directory), { recursive: true });
    }
    return;
  }
  if (program === 'chown' || program === 'chmod' || program === 'useradd' || program === 'groupadd') {
    stage.skipped.push(step);
    return;
  }
  throw new Error(`stage ${stage.name}: the replay has no rule for \`${step}\``);
}
