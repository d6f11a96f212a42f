/**
 * A reader for the subset of the Dockerfile syntax this repository uses (FROM … AS, WORKDIR,
 * ENV, COPY [--from], RUN, USER, EXPOSE, VOLUME, HEALTHCHECK, CMD), and the build context Docker
 * would send: the committed files, minus the paths `.dockerignore` excludes.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface DockerInstruction {
  /** Upper-case keyword, e.g. `RUN`. */
  keyword: string;
  /** Flags such as `--from=build`, by name without the dashes. */
  flags: Record<string, string>;
  /** The rest of the instruction after the keyword and flags, continuation lines joined. */
  args: string;
  /** Line of the keyword in the Dockerfile, from 1. */
  line: number;
}

export interface DockerStage {
  /** The stage's `AS` name, or its index when it has none. */
  name: string;
  image: string;
  instructions: DockerInstruction[];
}

/** Parses a Dockerfile into its stages. Throws on an instruction before the first FROM. */
export function parseDockerfile(text: string): DockerStage[] {
  const stages: DockerStage[] = [];
  for (const instruction of readInstructions(text)) {
    if (instruction.keyword === 'FROM') {
      const [image, as, name] = instruction.args.split(/\s+/);
      if (!image) throw new Error(`FROM without an image on line ${instruction.line}`);
      const stageName = as?.toUpperCase() === 'AS' && name ? name : String(stages.length);
      stages.push({ name: stageName, image, instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`${instruction.keyword} on line ${instruction.line} comes before any FROM`);
    stage.instructions.push(instruction);
  }
  return stages;
}

/** Parses the exec form `["a", "b"]` of CMD, ENTRYPOINT or HEALTHCHECK CMD. Returns undefined for the shell form. */
export function parseExecForm(args: string): string[] | undefined {
  const trimmed = args.trim();
  if (!trimmed.startsWith('[')) return undefined;
  const parsed: unknown = JSON.parse(trimmed);
  if (!Array.isArray(parsed) || !parsed.every((part) => typeof part === 'string')) {
    throw new Error(`not an exec form array of strings: ${trimmed}`);
  }
  return parsed;
}

/** Parses `ENV A=1 B="two words"` and the legacy `ENV A value` into pairs. */
export function parseEnv(args: string): Record<string, string> {
  const env: Record<string, string> = {};
  if (!args.includes('=')) {
    const [name, ...value] = args.trim().split(/\s+/);
    if (name) env[name] = value.join(' ');
    return env;
  }
  for (const match of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)/g)) {
    const raw = match[2] ?? '';
    env[match[1]!] = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
  }
  return env;
}

/**
 * Lists the build context of `repositoryRoot` as Docker would send it from a fresh clone: the
 * files of the HEAD commit, minus those `.dockerignore` excludes.
 */
export function listBuildContext(repositoryRoot: string): string[] {
  const tracked = execFileSync('git', ['ls-tree', '-r', '-z', '--name-only', 'HEAD'], { cwd: repositoryRoot, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
  const rules = readDockerignore(repositoryRoot);
  return tracked.filter((file) => !isIgnored(file, rules));
}

/**
 * Writes `files` as they are in the HEAD commit into `targetDir`, so uncommitted edits in the
 * working tree never reach the replayed build.
 */
export function exportCommittedFiles(repositoryRoot: string, files: string[], targetDir: string): void {
  const archive = execFileSync('git', ['archive', '--format=tar', 'HEAD', '--', ...files], {
    cwd: repositoryRoot,
    maxBuffer: 512 * 1024 * 1024,
  });
  execFileSync('tar', ['-x', '-C', targetDir], { input: archive });
}

interface IgnoreRule {
  pattern: RegExp;
  /** A `!` rule re-includes what an earlier rule excluded. */
  negated: boolean;
}

function readDockerignore(repositoryRoot: string): IgnoreRule[] {
  let text = '';
  try {
    text = readFileSync(`${repositoryRoot}/.dockerignore`, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const negated = line.startsWith('!');
      const body = (negated ? line.slice(1) : line).replace(/^\/+/, '').replace(/\/+$/, '');
      return { pattern: globToRegExp(body), negated };
    });
}

/**
 * Applies the rules as Docker does: patterns are anchored at the context root, `*` stays within
 * one path segment, `**` spans any number, a match on a directory excludes everything in it, and
 * the last matching rule wins.
 */
export function isIgnored(file: string, rules: IgnoreRule[]): boolean {
  const segments = file.split('/');
  const prefixes = segments.map((_, index) => segments.slice(0, index + 1).join('/'));
  let ignored = false;
  for (const rule of rules) {
    if (prefixes.some((prefix) => rule.pattern.test(prefix))) ignored = !rule.negated;
  }
  return ignored;
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let index = 0; index < glob.length; index += 1) {
    const char = glob[index]!;
    if (char === '*' && glob[index + 1] === '*') {
      source += '.*';
      index += 1;
      if (glob[index + 1] === '/') index += 1;
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

function readInstructions(text: string): DockerInstruction[] {
  const instructions: DockerInstruction[] = [];
  const lines = text.split('\n');
  let index = 0;
  while (index < lines.length) {
    const startLine = index + 1;
    let logical = lines[index]!.trim();
    index += 1;
    if (logical === '' || logical.startsWith('#')) continue;

    // A trailing backslash continues the instruction; comment lines inside it are dropped.
    while (logical.endsWith('\\') && index < lines.length) {
      const next = lines[index]!.trim();
      index += 1;
      if (next.startsWith('#')) continue;
      logical = `${logical.slice(0, -1).trimEnd()} ${next}`;
    }

    const keyword = /^\S+/.exec(logical)![0].toUpperCase();
    let rest = logical.slice(keyword.length).trim();
    const flags: Record<string, string> = {};
    for (let flag = /^--([a-z-]+)=(\S+)\s*/.exec(rest); flag; flag = /^--([a-z-]+)=(\S+)\s*/.exec(rest)) {
      flags[flag[1]!] = flag[2]!;
      rest = rest.slice(flag[0].length);
    }
    instructions.push({ keyword, flags, args: rest, line: startLine });
  }
  return instructions;
}
