import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { IssueTrackerUnavailableError } from '../../src/bitbucket/errors.js';
import type { FakeRepository, FakeUser } from '../support/fake-bitbucket/index.js';
import { startActionHarness, type ActionHarness } from '../support/action-harness.js';

let harness: ActionHarness;
let repository: FakeRepository;
let bob: FakeUser;

const where = { workspace: 'acme', repo_slug: 'api' };

beforeEach(async () => {
  harness = await startActionHarness();
  repository = harness.bb.addRepository(harness.acme, {
    slug: 'api',
    has_issues: true,
    components: ['backend', 'frontend'],
    milestones: ['m1'],
    versions: ['1.0'],
  });
  bob = harness.bb.addUser({ display_name: 'Bob Assignee' });
  harness.bb.addMember(harness.acme, bob);
});

afterEach(async () => {
  harness.bb.assertRequestsValid();
  await harness.close();
});

describe('issue actions after the tracker removal', () => {
  it.each([
    ['BITBUCKET_CREATE_ISSUE', { ...where, title: 'Bug', content: 'It breaks' }],
    ['BITBUCKET_CREATE_ISSUE_COMMENT', { ...where, issue_id: 1, content: 'Me too' }],
    ['BITBUCKET_UPDATE_ISSUE', { ...where, issue_id: 1, state: 'resolved' }],
    ['BITBUCKET_DELETE_ISSUE', { ...where, issue_id: 1 }],
  ])('%s explains the removed tracker on 410', async (slug, params) => {
    const outcome = await harness.runTyped(slug, params);

    expect(outcome.ok).toBe(false);
    const error = outcome.ok ? undefined : outcome.error;
    expect(error).toBeInstanceOf(IssueTrackerUnavailableError);
    expect((error as IssueTrackerUnavailableError).reason).toBe('removed');
    expect(error?.message).toContain('removed Issues and their API on 20 August 2026');
    expect(error?.message).not.toMatch(/not found/i);
    expect(harness.bb.requests[0]?.status).toBe(410);
  });

  it('explains a repository without a tracker', async () => {
    harness.bb.setIssuesRemoved(false);
    harness.bb.addRepository(harness.acme, { slug: 'no-tracker', has_issues: false });

    const outcome = await harness.runTyped('BITBUCKET_CREATE_ISSUE', { workspace: 'acme', repo_slug: 'no-tracker', title: 'x', content: 'y' });

    const error = outcome.ok ? undefined : outcome.error;
    expect(error).toBeInstanceOf(IssueTrackerUnavailableError);
    expect((error as IssueTrackerUnavailableError).reason).toBe('no_tracker');
    expect(error?.message).toBe('Repository acme/no-tracker has no issue tracker on Bitbucket, so its issues cannot be read or changed.');
  });

  it('never reports a missing repository as not found', async () => {
    harness.bb.setIssuesRemoved(false);

    const outcome = await harness.runTyped('BITBUCKET_DELETE_ISSUE', { workspace: 'acme', repo_slug: 'gone', issue_id: 1 });

    const error = outcome.ok ? undefined : outcome.error;
    expect(error).toBeInstanceOf(IssueTrackerUnavailableError);
    expect(error?.message).not.toContain('was not found');
  });
});

describe('issue actions with a working tracker', () => {
  beforeEach(() => {
    harness.bb.setIssuesRemoved(false);
  });

  it('creates an issue with only title and content', async () => {
    const result = await harness.run('BITBUCKET_CREATE_ISSUE', { ...where, title: 'Login fails', content: 'Steps: …' });

    expect(result.successful).toBe(true);
    expect(result.data).toMatchObject({ id: 1, title: 'Login fails', content: { raw: 'Steps: …' } });
    expect(harness.bb.requests[0]?.body).toEqual({ title: 'Login fails', content: { raw: 'Steps: …' } });
    expect(repository.issues.size).toBe(1);
  });

  it('creates an issue with every optional field', async () => {
    const result = await harness.run('BITBUCKET_CREATE_ISSUE', {
      ...where,
      title: 'Crash',
      content: 'Stack trace',
      assignee: bob.account_id,
      component_id: 2,
      milestone_id: 1,
      version_id: 1,
      kind: 'task',
      priority: 'critical',
      due_on: '2026-12-01',
    });

    expect(result.successful).toBe(true);
    expect(harness.bb.requests[0]?.body).toEqual({
      title: 'Crash',
      content: { raw: 'Stack trace' },
      assignee: { account_id: bob.account_id },
      component: { id: 2 },
      milestone: { id: 1 },
      version: { id: 1 },
      due_on: '2026-12-01',
      kind: 'task',
      priority: 'critical',
    });
    expect(repository.issues.get(1)).toMatchObject({ component: 'frontend', priority: 'critical', kind: 'task' });
  });

  it('rejects an unknown kind before any request', async () => {
    const result = await harness.run('BITBUCKET_CREATE_ISSUE', { ...where, title: 'x', content: 'y', kind: 'feature' });

    expect(result.error).toBe('kind: expected one of bug, enhancement, proposal, task, got "feature"');
    expect(harness.bb.requests).toHaveLength(0);
  });

  it('comments on an issue', async () => {
    const issueId = harness.bb.addIssue(harness.acme, repository, { title: 'Existing' });

    const result = await harness.run('BITBUCKET_CREATE_ISSUE_COMMENT', { ...where, issue_id: issueId, content: 'Seen on staging' });

    expect(result.successful).toBe(true);
    expect(result.data).toMatchObject({ content: { raw: 'Seen on staging' } });
    expect(harness.bb.requests[0]?.body).toEqual({ content: { raw: 'Seen on staging' } });
    expect(repository.issues.get(issueId)?.comments).toHaveLength(1);
  });

  it('updates only the fields given', async () => {
    const issueId = harness.bb.addIssue(harness.acme, repository, { title: 'Old title' });

    const result = await harness.run('BITBUCKET_UPDATE_ISSUE', { ...where, issue_id: issueId, state: 'resolved', component: 'backend' });

    expect(result.successful).toBe(true);
    expect(harness.bb.requests[0]?.body).toEqual({ state: 'resolved', component: { name: 'backend' } });
    expect(repository.issues.get(issueId)).toMatchObject({ title: 'Old title', state: 'resolved', component: 'backend' });
  });

  it('clears the assignee with null', async () => {
    const issueId = harness.bb.addIssue(harness.acme, repository, { title: 'Assigned' });
    await harness.run('BITBUCKET_UPDATE_ISSUE', { ...where, issue_id: issueId, assignee_account_id: bob.account_id });

    const result = await harness.run('BITBUCKET_UPDATE_ISSUE', { ...where, issue_id: issueId, assignee_account_id: null });

    expect(result.successful).toBe(true);
    expect(harness.bb.requests[1]?.body).toEqual({ assignee: null });
    expect(repository.issues.get(issueId)?.assignee).toBeNull();
  });

  it('rejects an update without fields before any request', async () => {
    const result = await harness.run('BITBUCKET_UPDATE_ISSUE', { ...where, issue_id: 1 });

    expect(result.successful).toBe(false);
    expect(result.error).toMatch(/^expected at least one field to change: title, content, state/);
    expect(harness.bb.requests).toHaveLength(0);
  });

  it('deletes an issue', async () => {
    const issueId = harness.bb.addIssue(harness.acme, repository, { title: 'Duplicate' });

    const result = await harness.run('BITBUCKET_DELETE_ISSUE', { ...where, issue_id: issueId });

    expect(result).toEqual({ successful: true, data: { deleted: true, workspace: 'acme', repo_slug: 'api', issue_id: issueId }, error: null });
    expect(repository.issues.has(issueId)).toBe(false);
  });

  it('rejects an issue id that is not a whole number', async () => {
    const result = await harness.run('BITBUCKET_DELETE_ISSUE', { ...where, issue_id: '7' });

    expect(result.error).toBe('issue_id: expected an issue number such as 12, got "7"');
    expect(harness.bb.requests).toHaveLength(0);
  });
});
