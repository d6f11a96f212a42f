import { describe, expect, it } from 'vitest';

import { BLOCK_IDS } from '../../../src/slack/ids.js';
import { describeUnavailable } from '../../../src/slack/issues/bitbucket-issue-tracker.js';
import { buildBranchModal } from '../../../src/slack/modals/branch/branch-modal.js';
import { buildDeleteRepositoryModal } from '../../../src/slack/modals/delete-repository/delete-repository-modal.js';
import { buildGlobalMenu } from '../../../src/slack/modals/global-menu/global-menu.js';
import { buildIssueCommentModal } from '../../../src/slack/modals/issue/issue-comment-form.js';
import { buildIssueModal } from '../../../src/slack/modals/issue/issue-form.js';
import { buildPullRequestModal, listPullRequestBlockIds } from '../../../src/slack/modals/pull-request/pull-request-form.js';
import { buildRepositoryModal } from '../../../src/slack/modals/repository/repository-form.js';
import { buildLoadingView, buildWorkingView, toViewBlocks } from '../../../src/slack/modals/status-views.js';
import { buildButton, buildSection } from '../../../src/slack/render/blocks.js';
import { expectValidView } from '../../support/block-kit-schema.js';

const LONG_TEXT = `${'A very long line of a Slack message with <tags> & emoji 🚀. '.repeat(200)}`;
const CHOICE = { text: `acme/${'r'.repeat(70)}`, value: `~v:${'k'.repeat(22)}` };
const unavailable = describeUnavailable({ workspace: 'acme', repoSlug: 'api' }, 'removed');

describe('modal views', () => {
  it('keeps the pull request form within Block Kit limits', () => {
    const form = {
      repository: CHOICE,
      source: CHOICE,
      destination: { text: 'main', value: 'main' },
      title: 't'.repeat(255),
      description: LONG_TEXT.slice(0, 3000),
      reviewers: Array.from({ length: 20 }, (_, index) => ({ text: `Reviewer ${index}`, value: `{uuid-${index}}` })),
      closeSourceBranch: true,
      titleVersion: 'abcdef12',
    };
    const view = buildPullRequestModal({
      contextId: 'ctx',
      form,
      mainBranch: 'main',
      askForChannel: true,
      feedback: { notice: [buildSection('Bitbucket failed.')], fieldErrors: { [listPullRequestBlockIds(form).source]: 'branch not found' } },
    });

    expectValidView(view);
    const sourceIndex = view.blocks.findIndex((block) => block.block_id === listPullRequestBlockIds(form).source);
    expect(view.blocks[sourceIndex + 1]).toMatchObject({ type: 'context' });
    expect(JSON.stringify(view.blocks[sourceIndex + 1])).toContain('branch not found');
  });

  it('versions the branch blocks by repository', () => {
    const first = listPullRequestBlockIds({ repository: { text: 'acme/api', value: 'acme/api' } });
    const second = listPullRequestBlockIds({ repository: { text: 'acme/web', value: 'acme/web' } });

    expect(first.source).not.toBe(second.source);
    expect(first.source.startsWith(`${BLOCK_IDS.pullRequest.sourceBranch}.`)).toBe(true);
    expect(first.repository).toBe(second.repository);
  });

  it('shows an excerpt of a long message in the issue form', () => {
    const view = buildIssueModal({
      contextId: 'ctx',
      mode: { kind: 'create' },
      form: { repository: CHOICE, title: 'Crash' },
      longMessage: { text: LONG_TEXT },
      availability: unavailable,
      askForChannel: true,
    });

    expectValidView(view);
    expect(JSON.stringify(view)).toContain('11,800 characters');
    expect(view.blocks.some((block) => block.block_id === BLOCK_IDS.issue.content)).toBe(false);
  });

  it('leaves a long description out of the update form', () => {
    const view = buildIssueModal({
      contextId: 'ctx',
      mode: { kind: 'update', repository: { workspace: 'acme', repoSlug: 'api' }, issueId: 123456 },
      form: { title: 'Crash', kind: 'bug', priority: 'major', state: 'open', assignee: { text: 'Ada', value: '{u}' } },
      longDescriptionLength: 9_000,
      askForChannel: false,
    });

    expectValidView(view);
    expect(JSON.stringify(view)).toContain('stays as it is');
  });

  it('keeps the comment, repository, branch and deletion forms valid', () => {
    expectValidView(buildIssueCommentModal({ contextId: 'ctx', form: { repository: CHOICE, issue: { text: '#7 Crash', value: '7' } }, longMessage: { text: LONG_TEXT } }));
    expectValidView(buildIssueCommentModal({ contextId: 'ctx', form: { content: LONG_TEXT.slice(0, 2_900) }, availability: unavailable }));
    expectValidView(buildRepositoryModal({ contextId: 'ctx', form: { workspace: CHOICE, name: 'n'.repeat(255), isPrivate: true, forkPolicy: 'no_forks' }, askForChannel: true }));
    expectValidView(buildBranchModal({ contextId: 'ctx', form: { repository: CHOICE, name: 'b'.repeat(255), start: 'v1.0' }, askForChannel: true }));
    expectValidView(buildDeleteRepositoryModal({ contextId: 'ctx', repository: { workspace: 'w'.repeat(128), repoSlug: 'r'.repeat(128) } }));
    expectValidView(buildGlobalMenu());
    expectValidView(buildLoadingView({ callbackId: 'x', title: 'A title longer than twenty-four', text: 'Loading…' }));
    expectValidView(buildWorkingView({ callbackId: 'x', title: 'Working', contextId: 'ctx', text: 'Working…' }));
  });

  it('drops buttons that need a response_url', () => {
    const blocks = toViewBlocks({
      text: 'x',
      blocks: [
        buildSection('Reconnect', buildButton({ label: 'Reconnect', actionId: 'connect' })),
        buildSection('Connect', buildButton({ label: 'Connect', actionId: 'connect', url: 'https://bitbucket.example/authorize' })),
        { type: 'actions', elements: [buildButton({ label: 'Retry', actionId: 'retry' })] },
      ],
    });

    expect(blocks).toHaveLength(2);
    expect(blocks[0]).not.toHaveProperty('accessory');
    expect(blocks[1]).toHaveProperty('accessory');
  });
});
