import { describe, expect, it } from 'vitest';

import { suggestPullRequestTitle } from '../../../src/slack/modals/pull-request/suggest-pull-request-title.js';

describe('suggestPullRequestTitle', () => {
  it.each([
    ['feature/login-page', 'Login page'],
    ['bugfix/JIRA-12_fix_crash', 'JIRA 12 fix crash'],
    ['login', 'Login'],
    ['release/2.0', '2.0'],
    ['feature/', 'Feature'],
    ['feature//double--dash', 'Double dash'],
    ['---', '---'],
  ])('turns %s into %s', (branch, title) => {
    expect(suggestPullRequestTitle(branch)).toBe(title);
  });
});
