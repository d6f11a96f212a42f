import { describe, expect, it } from 'vitest';

import { buildRepositoryQuery } from '../../../../src/slack/commands/handlers/workspace-handlers.js';

describe('buildRepositoryQuery', () => {
  it('matches names that contain plain text', () => {
    expect(buildRepositoryQuery('api')).toBe('name ~ "api"');
  });

  it('escapes quotes and backslashes', () => {
    expect(buildRepositoryQuery('a"b\\c')).toBe('name ~ "a\\"b\\\\c"');
  });

  it('passes a query with an operator on', () => {
    expect(buildRepositoryQuery('project.key = "PROJ"')).toBe('project.key = "PROJ"');
  });
});
