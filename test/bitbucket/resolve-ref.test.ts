import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { BitbucketNotFoundError, BitbucketRefNotFoundError } from '../../src/bitbucket/errors.js';
import { resolveRef } from '../../src/bitbucket/resolve-ref.js';
import { startActionHarness, type ActionHarness } from '../support/action-harness.js';

describe('resolveRef', () => {
  let harness: ActionHarness;
  let mainHash: string;
  let featureHash: string;

  beforeEach(async () => {
    harness = await startActionHarness();
    const repository = harness.bb.addRepository(harness.acme, { slug: 'api', mainbranch: 'trunk', files: { 'README.md': '# API' } });
    mainHash = repository.branches.get('trunk')!;
    featureHash = harness.bb.addCommit(harness.acme, repository, { branch: 'feature/login', files: { 'a.ts': 'a' } });
    harness.bb.addTag(harness.acme, repository, 'v1.0', mainHash);
    harness.bb.addRepository(harness.acme, { slug: 'empty' });
  });

  afterEach(async () => {
    harness.bb.assertRequestsValid();
    await harness.close();
  });

  function resolve(ref?: string, repoSlug = 'api') {
    return resolveRef(harness.client, harness.tokens, 'acme', repoSlug, ref);
  }

  it('uses the main branch when no ref is named', async () => {
    await expect(resolve()).resolves.toEqual({ name: 'trunk', hash: mainHash, isMainBranch: true });
  });

  it('resolves a branch with a slash', async () => {
    await expect(resolve('feature/login')).resolves.toEqual({ name: 'feature/login', hash: featureHash, isMainBranch: false });
  });

  it('resolves a tag', async () => {
    expect((await resolve('v1.0')).hash).toBe(mainHash);
  });

  it('resolves an abbreviated hash', async () => {
    expect((await resolve(featureHash.slice(0, 7))).hash).toBe(featureHash);
  });

  it('returns a full hash without asking Bitbucket', async () => {
    const before = harness.bb.requests.length;

    expect((await resolve(featureHash.toUpperCase())).hash).toBe(featureHash);
    expect(harness.bb.requests.length).toBe(before);
  });

  it('names a ref that matches nothing', async () => {
    const error = await resolve('nosuchref').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BitbucketRefNotFoundError);
    expect(error).toMatchObject({ workspace: 'acme', repoSlug: 'api', ref: 'nosuchref' });
  });

  it('reports a missing repository as such', async () => {
    const error = await resolve('main', 'nope').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BitbucketNotFoundError);
    expect(error).not.toBeInstanceOf(BitbucketRefNotFoundError);
    expect((error as BitbucketNotFoundError).context.path).toBe('/repositories/acme/nope');
  });

  it('names the main branch of an empty repository', async () => {
    const error = await resolve(undefined, 'empty').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BitbucketRefNotFoundError);
    expect(error).toMatchObject({ repoSlug: 'empty', ref: 'main' });
  });
});
