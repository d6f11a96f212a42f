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
});

describe('checkRepositorySlug', () => {
  it('accepts lower-case letters, digits, "-", "_" and "."', () => {
    expect(checkRepositorySlug('billing-api_v2.0')).toBeUndefined();
  });

  it.each(['Billing', 'with space', 'slash/inside', 'a..b', '..', ''])('rejects %j', (slug) => {
    expect(checkRepositorySlug(slug)).toBeDefined();
  });
});
