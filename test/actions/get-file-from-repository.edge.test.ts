import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { MAX_FILE_BYTES } from '../../src/actions/file-content.js';
import { executeAction } from '../../src/actions/registry.js';
import { BitbucketClient } from '../../src/bitbucket/client.js';
import { createStaticTokenSource } from '../../src/bitbucket/token-source.js';
import { startScriptedServer, type ScriptedServer } from '../support/scripted-http-server.js';
import { createCapturingLogger } from '../support/test-logger.js';

const SLUG = 'BITBUCKET_GET_FILE_FROM_REPOSITORY';
const HASH = 'a'.repeat(40);

let server: ScriptedServer;
let client: BitbucketClient;

beforeEach(async () => {
  server = await startScriptedServer();
  client = new BitbucketClient({ baseUrl: `${server.url}/2.0`, timeoutMs: 5_000, logger: createCapturingLogger('debug').logger });
});

afterEach(async () => {
  await server.close();
});

describe('BITBUCKET_GET_FILE_FROM_REPOSITORY with an understated size', () => {
  it.each([
    ['without a size', { type: 'commit_file', path: 'big.log', commit: { hash: HASH } }],
    ['with a size below the limit', { type: 'commit_file', path: 'big.log', size: 10, commit: { hash: HASH } }],
  ])('describes a file over the limit whose metadata comes %s', async (_name, meta) => {
    server.reply({ status: 200, body: meta }, { status: 200, body: Buffer.alloc(MAX_FILE_BYTES + 1, 'a') });

    const result = await executeAction(
      SLUG,
      { workspace: 'acme', repo_slug: 'api', commit: HASH, path: 'big.log' },
      { client, tokens: createStaticTokenSource('token') },
    );

    expect(result.successful).toBe(true);
    expect(result.data).toMatchObject({ type: 'too_large', path: 'big.log', max_bytes: MAX_FILE_BYTES });
  });
});
