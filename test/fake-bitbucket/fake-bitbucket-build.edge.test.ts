import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { describe, expect, it } from 'vitest';

const BUILT_FAKE = path.resolve('dist/test/support/fake-bitbucket/index.js');

// Starts the compiled fake in a child process, as a script or benchmark run with plain Node does,
// and prints the status and body of GET /2.0/user.
const SCRIPT = `
const { startFakeBitbucket } = await import(${JSON.stringify(BUILT_FAKE)});
const bb = await startFakeBitbucket();
const user = bb.addUser({ display_name: 'Built Fake' });
const { access_token } = bb.issueToken(user);
const response = await fetch(bb.apiUrl + '/user', { headers: { authorization: 'Bearer ' + access_token } });
console.log(JSON.stringify({ status: response.status, body: await response.json() }));
await bb.close();
`;

describe('fake Bitbucket from the build', () => {
  it('serves requests when run with plain node', async () => {
    if (!existsSync(BUILT_FAKE)) {
      throw new Error(`${BUILT_FAKE} is missing; run \`npm run build\` before this test.`);
    }

    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', SCRIPT], { timeout: 15_000 });
    const reply = JSON.parse(stdout) as { status: number; body: { display_name?: string } };

    expect(reply.status).toBe(200);
    expect(reply.body.display_name).toBe('Built Fake');
  });
});
