import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { getBranch, getTag, resolveCommitHash } from '../../src/bitbucket/branches.js';
import { BitbucketClient } from '../../src/bitbucket/client.js';
import { BitbucketInputError } from '../../src/bitbucket/errors.js';
import { joinSegments, repositoryPath } from '../../src/bitbucket/paths.js';
import { createStaticTokenSource } from '../../src/bitbucket/token-source.js';
import { startScriptedServer, type ScriptedServer } from '../support/scripted-http-server.js';
import { createCapturingLogger } from '../support/test-logger.js';

/** Segments that URL parsing removes or resolves, so the request would name another resource. */
const DOT_SEGMENTS = ['', '.', '..'];

describe('repositoryPath with dot segments', () => {
  it.each(DOT_SEGMENTS)('rejects the extra segment %j', (segment) => {
    expect(() => repositoryPath('acme', 'api', 'refs', 'branches', segment)).toThrow(BitbucketInputError);
  });

  it('rejects them in joinSegments too', () => {
    expect(() => joinSegments(['workspaces', '..', 'members'])).toThrow(BitbucketInputError);
  });

  it('keeps other names with dots', () => {
    expect(repositoryPath('acme', 'api', 'refs', 'branches', 'v1..2')).toBe('/repositories/acme/api/refs/branches/v1..2');
    expect(repositoryPath('acme', 'api', 'refs', 'tags', '...')).toBe('/repositories/acme/api/refs/tags/...');
    expect(repositoryPath('acme', 'api', 'refs', 'branches', 'a/..')).toBe('/repositories/acme/api/refs/branches/a%2F..');
  });

  it('sends an encoded dot as a literal percent sign', () => {
    expect(repositoryPath('acme', 'api', 'refs', 'branches', '%2e%2e')).toBe('/repositories/acme/api/refs/branches/%252e%252e');
  });
});

describe('ref lookups with dot segments', () => {
  let server: ScriptedServer;
  let client: BitbucketClient;
  const tokens = createStaticTokenSource('token');

  beforeEach(async () => {
    server = await startScriptedServer();
    client = new BitbucketClient({ baseUrl: `${server.url}/2.0`, timeoutMs: 2_000, logger: createCapturingLogger('debug').logger });
  });

  afterEach(async () => {
    await server.close();
  });

  it.each(['..', '.'])('sends nothing for the branch %j', async (name) => {
    const branch = await getBranch(client, tokens, 'acme', 'api', name).catch((caught: unknown) => caught);
    const tag = await getTag(client, tokens, 'acme', 'api', name).catch((caught: unknown) => caught);
    const resolved = await resolveCommitHash(client, tokens, 'acme', 'api', name).catch((caught: unknown) => caught);

    expect(branch).toBeInstanceOf(BitbucketInputError);
    expect(tag).toBeInstanceOf(BitbucketInputError);
    expect(resolved).toBeInstanceOf(BitbucketInputError);
    expect(server.requests).toEqual([]);
  });
});
