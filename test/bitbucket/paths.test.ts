import { describe, expect, it } from 'vitest';

import { BitbucketInputError } from '../../src/bitbucket/errors.js';
import { encodeFilePath, repositoryPath } from '../../src/bitbucket/paths.js';

describe('repositoryPath', () => {
  it('encodes a {uuid} workspace', () => {
    expect(repositoryPath('{a0b1c2d3-0000-4000-8000-000000000001}', 'api')).toBe(
      '/repositories/%7Ba0b1c2d3-0000-4000-8000-000000000001%7D/api',
    );
  });

  it('keeps a branch name with "/" as one segment', () => {
    expect(repositoryPath('acme', 'api', 'refs', 'branches', 'feature/ä-x')).toBe(
      '/repositories/acme/api/refs/branches/feature%2F%C3%A4-x',
    );
  });

  it.each(['', '  ', '..', 'a/b', '.', 'x..y'])('rejects the slug %j before any request', (slug) => {
    expect(() => repositoryPath('acme', slug)).toThrow(BitbucketInputError);
    expect(() => repositoryPath(slug, 'api')).toThrow(BitbucketInputError);
  });

  it('names the parameter in the error', () => {
    const error = (() => {
      try {
        repositoryPath('acme', 'a/b');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(BitbucketInputError);
    expect((error as BitbucketInputError).parameter).toBe('repo_slug');
  });
});

describe('encodeFilePath', () => {
  it('encodes each segment and keeps the slashes', () => {
    expect(encodeFilePath('docs/Release Notes #2/ü.md')).toBe('docs/Release%20Notes%20%232/%C3%BC.md');
  });

  it('encodes "?" and "%"', () => {
    expect(encodeFilePath('a?b/100%.txt')).toBe('a%3Fb/100%25.txt');
  });

  it('returns the root for "" and "/"', () => {
    expect(encodeFilePath('')).toBe('');
    expect(encodeFilePath('/')).toBe('');
  });

  it.each(['a/../b', 'a//b', './a'])('rejects %j', (path) => {
    expect(() => encodeFilePath(path)).toThrow(BitbucketInputError);
  });
});
