import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { startActionHarness, type ActionHarness } from '../support/action-harness.js';

const SLUG = 'BITBUCKET_CREATE_REPOSITORY';

let harness: ActionHarness;

beforeEach(async () => {
  harness = await startActionHarness();
});

afterEach(async () => {
  harness.bb.assertRequestsValid();
  await harness.close();
});

describe('BITBUCKET_CREATE_REPOSITORY', () => {
  it('creates a private git repository by default', async () => {
    const result = await harness.run(SLUG, { workspace: 'acme', repo_slug: 'new-api' });

    expect(result.successful).toBe(true);
    expect(result.data).toMatchObject({ full_name: 'acme/new-api', is_private: true, fork_policy: 'allow_forks' });
    expect(harness.acme.repositories.has('new-api')).toBe(true);
    expect(harness.bb.requests[0]?.body).toEqual({ scm: 'git', is_private: true, fork_policy: 'allow_forks' });
  });

  it('sends optional fields only when set', async () => {
    const result = await harness.run(SLUG, {
      workspace: 'acme',
      repo_slug: 'docs',
      description: 'Documentation',
      fork_policy: 'no_forks',
      has_issues: false,
      has_wiki: true,
      is_private: false,
      language: 'typescript',
      project_key: 'PROJ',
    });

    expect(result.successful).toBe(true);
    expect(harness.bb.requests[0]?.body).toEqual({
      scm: 'git',
      is_private: false,
      fork_policy: 'no_forks',
      description: 'Documentation',
      has_issues: false,
      has_wiki: true,
      language: 'typescript',
      project: { key: 'PROJ' },
    });
    expect(harness.acme.repositories.get('docs')?.is_private).toBe(false);
  });

  it('reports an existing slug with the field error', async () => {
    harness.bb.addRepository(harness.acme, { slug: 'taken' });

    const result = await harness.run(SLUG, { workspace: 'acme', repo_slug: 'taken' });

    expect(result.successful).toBe(false);
    expect(result.error).toBe('Bitbucket rejected the request: name: Repository with this Slug and Owner already exists.');
  });

  it('reports an unknown project', async () => {
    const result = await harness.run(SLUG, { workspace: 'acme', repo_slug: 'x', project_key: 'NOPE' });

    expect(result.successful).toBe(false);
    expect(result.error).toContain('Project NOPE not found');
  });

  it('rejects a slug with a slash before any request', async () => {
    const result = await harness.run(SLUG, { workspace: 'acme', repo_slug: 'a/b' });

    expect(result.successful).toBe(false);
    expect(result.error).toBe('repo_slug: expected a repository slug such as "api" or its {uuid}, got "a/b"');
    expect(harness.bb.requests).toHaveLength(0);
  });

  it('creates one repository despite a dropped connection', async () => {
    harness.bb.inject({ kind: 'drop-after-commit', method: 'POST', path: '/repositories/acme/dropped' });

    const outcome = await harness.runTyped(SLUG, { workspace: 'acme', repo_slug: 'dropped' });

    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? '' : outcome.error.message).toContain('outcome is unknown');
    expect(harness.acme.repositories.has('dropped')).toBe(true);
    expect(harness.bb.requests).toHaveLength(1);
  });
});
