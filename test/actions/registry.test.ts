import { describe, expect, it } from 'vitest';

import { ActionInputError, UnexpectedError, UnknownActionError } from '../../src/actions/errors.js';
import { executeAction, findAction, listActions, runAction } from '../../src/actions/registry.js';
import { BitbucketClient } from '../../src/bitbucket/client.js';
import { createCapturingLogger } from '../support/test-logger.js';

/** The fixed toolkit interface: every slug with its parameters, required ones first. */
const TOOLKIT: Record<string, { required: string[]; optional: string[] }> = {
  BITBUCKET_CREATE_BRANCH: { required: ['workspace', 'repo_slug', 'name', 'target_hash'], optional: [] },
  BITBUCKET_CREATE_ISSUE: {
    required: ['workspace', 'repo_slug', 'title', 'content'],
    optional: ['assignee', 'component_id', 'due_on', 'kind', 'milestone_id', 'priority', 'version_id'],
  },
  BITBUCKET_CREATE_ISSUE_COMMENT: { required: ['workspace', 'repo_slug', 'issue_id', 'content'], optional: [] },
  BITBUCKET_UPDATE_ISSUE: {
    required: ['workspace', 'repo_slug', 'issue_id'],
    optional: ['title', 'content', 'state', 'kind', 'priority', 'assignee_account_id', 'component', 'milestone', 'version'],
  },
  BITBUCKET_DELETE_ISSUE: { required: ['workspace', 'repo_slug', 'issue_id'], optional: [] },
  BITBUCKET_CREATE_PULL_REQUEST: {
    required: ['workspace', 'repo_slug', 'title', 'source_branch'],
    optional: ['destination_branch', 'description', 'reviewers', 'close_source_branch'],
  },
  BITBUCKET_LIST_PULL_REQUESTS: { required: ['workspace', 'repo_slug'], optional: ['state', 'page', 'pagelen'] },
  BITBUCKET_CREATE_REPOSITORY: {
    required: ['workspace', 'repo_slug'],
    optional: ['description', 'fork_policy', 'has_issues', 'has_wiki', 'is_private', 'language', 'project_key'],
  },
  BITBUCKET_DELETE_REPOSITORY: { required: ['workspace', 'repo_slug'], optional: [] },
  BITBUCKET_GET_CURRENT_USER: { required: [], optional: [] },
  BITBUCKET_GET_FILE_FROM_REPOSITORY: { required: ['workspace', 'repo_slug', 'commit', 'path'], optional: [] },
  BITBUCKET_GET_SNIPPET: { required: ['workspace', 'encoded_id'], optional: ['accept_format'] },
  BITBUCKET_CREATE_SNIPPET_COMMENT: { required: ['workspace', 'encoded_id', 'content'], optional: ['parent_id'] },
  BITBUCKET_LIST_REPOSITORIES_IN_WORKSPACE: { required: ['workspace'], optional: ['q', 'role', 'sort'] },
  BITBUCKET_LIST_WORKSPACES: { required: [], optional: ['q', 'sort'] },
  BITBUCKET_LIST_WORKSPACE_MEMBERS: { required: ['workspace'], optional: [] },
};

function createConnection() {
  const capture = createCapturingLogger('debug');
  // Port 9 on loopback: nothing listens there, and these tests must fail before any request.
  const client = new BitbucketClient({ baseUrl: 'http://127.0.0.1:9/2.0', timeoutMs: 500, logger: capture.logger });
  return { connection: { client, tokens: { getAccessToken: async () => 't' }, logger: capture.logger }, capture };
}

describe('listActions', () => {
  it('lists the 16 toolkit slugs', () => {
    expect(listActions().map((action) => action.slug).sort()).toEqual(Object.keys(TOOLKIT).sort());
  });

  it.each(Object.entries(TOOLKIT))('describes %s with its parameters', (slug, expected) => {
    const action = listActions().find((candidate) => candidate.slug === slug)!;
    const properties = Object.keys((action.parameters['properties'] ?? {}) as object);

    expect(action.description.length).toBeGreaterThan(20);
    expect(action.parameters['type']).toBe('object');
    expect(properties.sort()).toEqual([...expected.required, ...expected.optional].sort());
    expect(((action.parameters['required'] ?? []) as string[]).sort()).toEqual([...expected.required].sort());
  });

  it('gives the documented defaults', () => {
    const repository = listActions().find((action) => action.slug === 'BITBUCKET_CREATE_REPOSITORY')!;
    const properties = repository.parameters['properties'] as Record<string, { default?: unknown }>;

    expect(properties['fork_policy']?.default).toBe('allow_forks');
    expect(properties['is_private']?.default).toBe(true);
  });
});

describe('runAction', () => {
  it('finds a slug in any case', () => {
    expect(findAction(' bitbucket_get_current_user ')?.slug).toBe('BITBUCKET_GET_CURRENT_USER');
  });

  it('returns UnknownActionError with a suggestion', async () => {
    const { connection } = createConnection();

    const outcome = await runAction('BITBUCKET_LIST_WORKSPACE', {}, connection);

    expect(outcome.ok).toBe(false);
    const error = outcome.ok ? undefined : outcome.error;
    expect(error).toBeInstanceOf(UnknownActionError);
    expect(error?.message).toBe('Unknown action "BITBUCKET_LIST_WORKSPACE"; did you mean BITBUCKET_LIST_WORKSPACES?');
  });

  it('returns ActionInputError naming each parameter', async () => {
    const { connection } = createConnection();

    const outcome = await runAction('BITBUCKET_CREATE_BRANCH', { workspace: 'acme', repo_slug: '', name: 'x' }, connection);

    const error = outcome.ok ? undefined : outcome.error;
    expect(error).toBeInstanceOf(ActionInputError);
    expect((error as ActionInputError).problems.map((problem) => problem.parameter)).toEqual(['repo_slug', 'target_hash']);
    expect(error?.message).toBe(
      'repo_slug: expected a repository slug such as "api" or its {uuid}, got ""; target_hash: missing; expected a full 40-character commit hash',
    );
  });

  it('lists a repeated problem once', async () => {
    const { connection } = createConnection();

    const outcome = await runAction('BITBUCKET_LIST_PULL_REQUESTS', { workspace: 'acme', repo_slug: 'api', pagelen: 1e300 }, connection);

    const error = outcome.ok ? undefined : outcome.error;
    expect((error as ActionInputError).problems).toHaveLength(1);
    expect(error?.message).toBe('pagelen: expected a page size from 1 to 50, got 1e+300');
  });

  it('wraps an unexpected error and logs it', async () => {
    const { connection, capture } = createConnection();
    const failure = new TypeError('boom');
    connection.tokens.getAccessToken = async () => {
      throw failure;
    };

    const outcome = await runAction('BITBUCKET_GET_CURRENT_USER', {}, connection);

    const error = outcome.ok ? undefined : outcome.error;
    expect(error).toBeInstanceOf(UnexpectedError);
    expect(error?.cause).toBe(failure);
    expect(capture.lines.some((line) => line['level'] === 'error' && line['action'] === 'BITBUCKET_GET_CURRENT_USER')).toBe(true);
  });
});

describe('executeAction', () => {
  it('returns an envelope for an unknown slug', async () => {
    const { connection } = createConnection();

    const result = await executeAction('NOPE', {}, connection);

    expect(result).toEqual({ successful: false, data: null, error: 'Unknown action "NOPE".' });
  });

  it('returns an envelope for an unexpected error', async () => {
    const { connection } = createConnection();
    connection.tokens.getAccessToken = async () => {
      throw new Error('token store offline');
    };

    const result = await executeAction('BITBUCKET_GET_CURRENT_USER', {}, connection);

    expect(result).toEqual({ successful: false, data: null, error: 'The action failed unexpectedly: token store offline' });
  });
});
