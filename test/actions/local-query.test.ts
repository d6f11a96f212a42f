import { describe, expect, it } from 'vitest';

import { ActionInputError } from '../../src/actions/errors.js';
import { compileLocalQuery, sortByField } from '../../src/actions/local-query.js';

interface Entry {
  slug: string;
  name: string;
  administrator: boolean;
  members?: number;
}

const entries: Entry[] = [
  { slug: 'acme', name: 'Acme Corp', administrator: true, members: 12 },
  { slug: 'acme-labs', name: 'Labs', administrator: false, members: 3 },
  { slug: 'zeta', name: 'Zeta', administrator: false },
];
const lookup = (entry: Entry, field: string) => (entry as unknown as Record<string, unknown>)[field];

function slugsMatching(query: string): string[] {
  return entries.filter(compileLocalQuery(query, lookup, ['slug', 'name'])).map((entry) => entry.slug);
}

describe('compileLocalQuery', () => {
  it('matches plain text in the text fields, ignoring case', () => {
    expect(slugsMatching('LABS')).toEqual(['acme-labs']);
  });

  it('supports the comparison operators', () => {
    expect(slugsMatching('slug = "acme"')).toEqual(['acme']);
    expect(slugsMatching('slug != "acme"')).toEqual(['acme-labs', 'zeta']);
    expect(slugsMatching('name ~ "corp"')).toEqual(['acme']);
    expect(slugsMatching('slug !~ "acme"')).toEqual(['zeta']);
    expect(slugsMatching('members > 5')).toEqual(['acme']);
    expect(slugsMatching('members <= 3')).toEqual(['acme-labs']);
  });

  it('combines with AND, OR and parentheses', () => {
    expect(slugsMatching('slug ~ "acme" AND administrator = false')).toEqual(['acme-labs']);
    expect(slugsMatching('(slug = "zeta" OR administrator = true) AND name ~ "a"')).toEqual(['acme', 'zeta']);
  });

  it('supports IN and NOT IN', () => {
    expect(slugsMatching('slug IN ("acme", "zeta")')).toEqual(['acme', 'zeta']);
    expect(slugsMatching('slug NOT IN ("acme", "zeta")')).toEqual(['acme-labs']);
  });

  it('rejects an unreadable query naming the parameter', () => {
    expect(() => compileLocalQuery('slug = ', lookup, [])).toThrow(ActionInputError);
    expect(() => compileLocalQuery('slug = ', lookup, [])).toThrow(/^q: /);
  });
});

describe('sortByField', () => {
  it('sorts ascending and descending with absent values last', () => {
    expect(sortByField(entries, '-slug', lookup).map((entry) => entry.slug)).toEqual(['zeta', 'acme-labs', 'acme']);
    expect(sortByField(entries, 'members', lookup).map((entry) => entry.slug)).toEqual(['acme-labs', 'acme', 'zeta']);
  });
});
