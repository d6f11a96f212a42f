import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/bitbucket-slack.js', import.meta.url));
const BUILT_MAIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

beforeAll(() => {
  if (!existsSync(BUILT_MAIN)) {
    throw new Error(`${BUILT_MAIN} is missing; run "npm run build" before these tests (npm test does).`);
  }
});

describe('CLI output to a closed pipe', () => {
  it('exits quietly when the reader is gone', async () => {
    // Like `bitbucket-slack tools list --json | head -c 10`: the reading end closes before the output is written.
    const child = spawn(process.execPath, [BIN, 'tools', 'list', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });

    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));

    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
