import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { MAX_FILE_BYTES } from '../../src/actions/file-content.js';
import type { FakeRepository } from '../support/fake-bitbucket/index.js';
import { startActionHarness, type ActionHarness } from '../support/action-harness.js';

const SLUG = 'BITBUCKET_GET_FILE_FROM_REPOSITORY';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);

let harness: ActionHarness;
let repository: FakeRepository;
let mainHash: string;

beforeEach(async () => {
  harness = await startActionHarness();
  repository = harness.bb.addRepository(harness.acme, {
    slug: 'api',
    files: {
      'README.md': '# API\n',
      'docs/Release Notes #2/ü.md': 'Grüße\n',
      'docs/guide.md': 'Guide',
      'assets/logo.png': PNG,
      'big.txt': Buffer.alloc(MAX_FILE_BYTES + 1, 'a'),
    },
  });
  mainHash = repository.branches.get('main')!;
});

afterEach(async () => {
  harness.bb.assertRequestsValid();
  await harness.close();
});

const where = { workspace: 'acme', repo_slug: 'api' };

describe('BITBUCKET_GET_FILE_FROM_REPOSITORY', () => {
  it('returns a text file with commit, path and size', async () => {
    const result = await harness.run(SLUG, { ...where, commit: 'main', path: 'README.md' });

    expect(result).toMatchObject({ successful: true, error: null, commit: mainHash, path: 'README.md', size: 6 });
    expect(result.data).toMatchObject({ type: 'text', encoding: 'utf-8', content: '# API\n', size: 6 });
  });

  it('encodes a path with spaces, "#" and non-ASCII', async () => {
    const result = await harness.run(SLUG, { ...where, commit: mainHash, path: 'docs/Release Notes #2/ü.md' });

    expect(result.data).toMatchObject({ type: 'text', content: 'Grüße\n' });
    expect(harness.bb.requests.map((request) => request.rawPath)).toEqual([
      `/2.0/repositories/acme/api/src/${mainHash}/docs/Release%20Notes%20%232/%C3%BC.md`,
      `/2.0/repositories/acme/api/src/${mainHash}/docs/Release%20Notes%20%232/%C3%BC.md`,
    ]);
    expect(harness.bb.requests[0]?.query['format']).toEqual(['meta']);
  });

  it('resolves branch feature/ä-x to its hash first', async () => {
    const hash = harness.bb.addCommit(harness.acme, repository, { branch: 'feature/ä-x', files: { 'README.md': '# Feature\n' } });

    const result = await harness.run(SLUG, { ...where, commit: 'feature/ä-x', path: 'README.md' });

    expect(result).toMatchObject({ successful: true, commit: hash });
    expect(result.data).toMatchObject({ content: '# Feature\n' });
    expect(harness.bb.requests[0]?.rawPath).toBe('/2.0/repositories/acme/api/refs/branches/feature%2F%C3%A4-x');
    expect(harness.bb.requests[1]?.rawPath).toBe(`/2.0/repositories/acme/api/src/${hash}/README.md`);
  });

  it('reads a file at a tag', async () => {
    harness.bb.addTag(harness.acme, repository, 'v1.0', mainHash);

    const result = await harness.run(SLUG, { ...where, commit: 'v1.0', path: 'README.md' });

    expect(result.data).toMatchObject({ type: 'text', content: '# API\n' });
  });

  it('describes a binary file without its content', async () => {
    const result = await harness.run(SLUG, { ...where, commit: 'main', path: 'assets/logo.png' });

    expect(result).toMatchObject({ successful: true, size: PNG.length });
    expect(result.data).toMatchObject({ type: 'binary', size: PNG.length, attributes: ['binary'] });
    expect(result.data).not.toHaveProperty('content');
    expect(harness.bb.requests).toHaveLength(1);
  });

  it('describes a file over the limit without reading it', async () => {
    const result = await harness.run(SLUG, { ...where, commit: 'main', path: 'big.txt' });

    expect(result.data).toMatchObject({ type: 'too_large', size: MAX_FILE_BYTES + 1, max_bytes: MAX_FILE_BYTES });
    expect(harness.bb.requests).toHaveLength(1);
  });

  it('lists a directory', async () => {
    const result = await harness.run(SLUG, { ...where, commit: 'main', path: 'docs' });

    expect(result).toMatchObject({ successful: true, size: null });
    const data = result.data as { type: string; entries: Array<{ type: string; path: string }>; truncated: boolean };
    expect(data.type).toBe('directory');
    expect(data.entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'directory', path: 'docs/Release Notes #2' }),
        expect.objectContaining({ type: 'file', path: 'docs/guide.md' }),
      ]),
    );
    expect(data.truncated).toBe(false);
  });

  it('lists the root for an empty path', async () => {
    const result = await harness.run(SLUG, { ...where, commit: 'main', path: '' });

    const data = result.data as { entries: Array<{ path: string }> };
    expect(data.entries.map((entry) => entry.path).sort()).toEqual(['README.md', 'assets', 'big.txt', 'docs']);
    expect(harness.bb.requests[0]?.rawPath).toBe('/2.0/repositories/acme/api/src/main/');
  });

  it('reports a missing file with the envelope fields', async () => {
    const result = await harness.run(SLUG, { ...where, commit: 'main', path: 'nope.md' });

    expect(result).toMatchObject({ successful: false, data: null, commit: 'main', path: 'nope.md', size: null });
    expect(result.error).toMatch(/^Path nope\.md at main in acme\/api was not found on Bitbucket/);
  });

  it('rejects ".." in the path before any request', async () => {
    const result = await harness.run(SLUG, { ...where, commit: 'main', path: '../secrets' });

    expect(result.successful).toBe(false);
    expect(result.error).toMatch(/^path: expected a file path/);
    expect(harness.bb.requests).toHaveLength(0);
  });
});
