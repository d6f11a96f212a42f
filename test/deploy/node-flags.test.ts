import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { REPOSITORY_ROOT } from '../support/app-process.js';
import { parseDockerfile, parseExecForm } from '../support/dockerfile.js';
import { readStartNodeFlags } from '../support/start-node-flags.js';

describe('Node.js flags of the server', () => {
  const startFlags = readStartNodeFlags(REPOSITORY_ROOT);

  it('match between npm start and the Dockerfile', () => {
    const dockerfile = readFileSync(path.join(REPOSITORY_ROOT, 'Dockerfile'), 'utf8');
    const runtime = parseDockerfile(dockerfile).at(-1)!;
    const cmd = runtime.instructions.filter((instruction) => instruction.keyword === 'CMD').at(-1);

    expect(cmd).toBeDefined();
    expect(parseExecForm(cmd!.args)).toEqual(['node', ...startFlags, 'dist/src/main.js']);
  });

  it('are accepted by this Node.js', () => {
    // A V8 flag removed in a later Node.js would stop the server at start-up, so it fails here first.
    const result = spawnSync(process.execPath, [...startFlags, '-e', '0'], { encoding: 'utf8' });

    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
