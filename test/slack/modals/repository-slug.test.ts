import { describe, expect, it } from 'vitest';

import { checkRepositorySlug, deriveRepositorySlug } from '../../../src/slack/modals/repository/repository-slug.js';

describe('deriveRepositorySlug', () => {
  it.each([
    ['Billing API (v2)', 'billing-api-v2'],
    ['Café Menü', 'cafe-menu'],
    ['  spaced   out  ', 'spaced-out'],
    ['keep_under.score', 'keep_under.score'],
    ['.hidden.', 'hidden'],
    ['Release..Notes', 'release.notes'],
    ['日本語', ''],
  ])('derives %s as %s', (name, slug) => {
    expect(deriveRepositorySlug(name)).toBe(slug);
  });

  it('cuts a long slug to 62 characters', () => {
    expect(deriveRepositorySlug('x'.repeat(80))).toBe('x'.repeat(62));
  });

  it('drops a dash left at the end by the cut', () => {
    expect(deriveRepositorySlug(`${'a'.repeat(61)} b`)).toBe('a'.repeat(61));
  });
});

describe('checkRepositorySlug', () => {
  it('accepts lower-case letters, digits, "-", "_" and "."', () => {
    expect(checkRepositorySlug('billing-api_v2.0')).toBeUndefined();
  });

  it('accepts a slug of dashes only, as Bitbucket does', () => {
    expect(checkRepositorySlug('---')).toBeUndefined();
  });

  it.each(['Billing', 'with space', 'slash/inside', 'a..b', '..', '', '-api', 'api-', 'billing--api'])('rejects %j', (slug) => {
    expect(checkRepositorySlug(slug)).toBeDefined();
  });

  it('rejects 63 characters, naming the limit', () => {
    expect(checkRepositorySlug('x'.repeat(63))).toContain('at most 62');
  });
});
