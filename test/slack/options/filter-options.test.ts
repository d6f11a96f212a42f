import { describe, expect, it } from 'vitest';

import { filterOptions, MAX_OPTIONS } from '../../../src/slack/options/filter-options.js';
import { optionSchema } from '../../support/block-kit-schema.js';

const items = [
  { text: 'acme/web-api', value: 'acme/web-api' },
  { text: 'acme/api', value: 'acme/api' },
  { text: 'acme/rapid', value: 'acme/rapid' },
  { text: 'other/api', value: 'other/api', keywords: 'Public API' },
  { text: 'acme/billing', value: 'acme/billing', keywords: 'Payments' },
];

describe('filterOptions', () => {
  it('ranks prefix, word start, then substring', () => {
    const values = filterOptions(items, 'api').map((option) => option.value);

    expect(values).toEqual(['acme/web-api', 'acme/api', 'other/api', 'acme/rapid']);
  });

  it('puts an exact match first', () => {
    expect(filterOptions(items, 'acme/api')[0]?.value).toBe('acme/api');
  });

  it('matches keywords', () => {
    expect(filterOptions(items, 'payments').map((option) => option.value)).toEqual(['acme/billing']);
  });

  it('keeps the list order for an empty query', () => {
    expect(filterOptions(items, '  ').map((option) => option.value)).toEqual(items.map((item) => item.value));
  });

  it('returns at most 100 valid options', () => {
    const many = Array.from({ length: 250 }, (_, index) => ({ text: `acme/${'repository-'.repeat(10)}${index}`, value: `v${index}` }));

    const options = filterOptions(many, 'acme');

    expect(options).toHaveLength(MAX_OPTIONS);
    for (const option of options) expect(optionSchema.safeParse(option).success).toBe(true);
  });

  it('treats regular expression characters as text', () => {
    expect(filterOptions([{ text: 'a+b (c)', value: 'x' }], '+b (')).toHaveLength(1);
  });
});
