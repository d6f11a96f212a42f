import { describe, expect, it } from 'vitest';

import { ActionInputError } from '../../src/actions/errors.js';
import { compileLocalQuery } from '../../src/actions/local-query.js';

const lookup = (entry: { slug: string }, field: string) => (entry as unknown as Record<string, unknown>)[field];

function compile(query: string) {
  return compileLocalQuery(query, lookup, ['slug']);
}

describe('compileLocalQuery limits', () => {
  it('rejects a query with 100,000 conditions', () => {
    const query = `${'slug = "a" OR '.repeat(100_000)}slug = "b"`;

    const error = (() => {
      try {
        compile(query)({ slug: 'c' });
      } catch (caught) {
        return caught;
      }
    })();

    expect(error).toBeInstanceOf(ActionInputError);
    expect((error as Error).message).toContain('at most 100 conditions');
    expect((error as Error).message.length).toBeLessThan(500);
  });

  it('rejects parentheses nested 50,000 deep', () => {
    const query = `${'('.repeat(50_000)}slug = "a"${')'.repeat(50_000)}`;

    expect(() => compile(query)).toThrow(ActionInputError);
    expect(() => compile(query)).toThrow(/nested at most 20 deep/);
  });

  it('accepts 100 conditions in 20 levels', () => {
    const flat = `${'slug = "x" OR '.repeat(99)}slug = "b"`;
    const nested = `${'('.repeat(20)}slug = "b"${')'.repeat(20)}`;

    expect(compile(flat)({ slug: 'b' })).toBe(true);
    expect(compile(nested)({ slug: 'b' })).toBe(true);
  });
});
