import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ACTION_IDS, BLOCK_IDS, SHORTCUT_IDS, VIEW_IDS } from '../../../src/slack/ids.js';
import { readMessageText, startTestApp, TEST_USER_ID, type TestApp } from '../../support/app-harness.js';
import { expectValidMessage, expectValidView } from '../../support/block-kit-schema.js';
import type { FakeUser } from '../../support/fake-bitbucket/index.js';
import {
  buildState,
  expectEverySurfaceValid,
  findBlock,
  listSentViews,
  pressViewButton,
  readViewText,
  state,
  submitView,
  suggestOptions,
  waitForView,
  type SentView,
} from '../../support/modal-driver.js';
import { buildShortcut } from '../../support/slack-request.js';

describe('repository, branch and menu forms', () => {
  let testApp: TestApp;
  let ada: FakeUser;
  let tagHash: string;

  beforeEach(async () => {
    testApp = await startTestApp();
    const { bitbucket } = testApp;
    ada = bitbucket.addUser({ display_name: 'Ada Lovelace', nickname: 'ada' });
    const workspace = bitbucket.addWorkspace({ slug: 'acme' });
    bitbucket.addMember(workspace, ada, { administrator: true });
    bitbucket.addRepository(workspace, { slug: 'api', files: { 'README.md': '# API' } });
    tagHash = bitbucket.addCommit(workspace, 'api', { branch: 'main', files: { 'CHANGELOG.md': '1.0' } });
    bitbucket.addTag(workspace, 'api', 'v1.0', tagHash);
    bitbucket.addCommit(workspace, 'api', { branch: 'main', files: { 'CHANGELOG.md': '1.1' } });
    await testApp.connect(ada);
  });

  afterEach(async () => {
    await testApp.stop();
    testApp.bitbucket.assertRequestsValid();
    expectEverySurfaceValid(testApp);
  });

  function workspaceRepositories() {
    return testApp.bitbucket.state.workspaces.get('acme')!.repositories;
  }

  async function openMenu(): Promise<SentView> {
    const response = await testApp.interact(buildShortcut({ callback_id: SHORTCUT_IDS.globalMenu }));
    expect(response.status).toBe(200);
    return waitForView(testApp, (view) => view.callback_id === VIEW_IDS.globalMenu);
  }

  async function openFromMenu(form: string, callbackId: string): Promise<SentView> {
    const menu = await openMenu();
    expect(await pressViewButton(testApp, menu, ACTION_IDS.openForm, form)).toBe(200);
    return waitForView(testApp, (view) => view.callback_id === callbackId && view.id === menu.id);
  }

  describe('repository form', () => {
    it('prefills workspace and slug from the command', async () => {
      await testApp.command('repo create acme/billing');

      const form = await waitForView(testApp, (view) => view.callback_id === VIEW_IDS.repository);
      const ids = BLOCK_IDS.repository;
      expect((findBlock(form, ids.workspace)?.['element'] as { initial_option: { value: string } }).initial_option.value).toBe('acme');
      expect((findBlock(form, ids.slug)?.['element'] as { initial_value: string }).initial_value).toBe('billing');
      expect((findBlock(form, ids.isPrivate)?.['element'] as { initial_options: unknown[] }).initial_options).toHaveLength(1);
      expectValidView(strip(form));
    });

    it('lists the user\'s workspaces', async () => {
      await testApp.command('repo create');
      const form = await waitForView(testApp, (view) => view.callback_id === VIEW_IDS.repository);

      const result = await suggestOptions(testApp, form, BLOCK_IDS.repository.workspace, 'ac');

      expect(result.options.map((option) => option.value)).toEqual(['acme']);
    });

    it('shows an invalid slug under the field', async () => {
      await testApp.command('repo create');
      const form = await waitForView(testApp, (view) => view.callback_id === VIEW_IDS.repository);

      const submitted = await submitView(testApp, form, repositoryState(form, { name: 'Billing API', slug: 'Billing API' }));

      expect(submitted.ack['response_action']).toBe('errors');
      expect((submitted.ack['errors'] as Record<string, string>)[BLOCK_IDS.repository.slug]).toContain('lower-case letters');
      expect(testApp.bitbucket.requests.some((request) => request.method === 'POST' && request.path.startsWith('/2.0/repositories'))).toBe(false);
    });

    it('creates a private repository with a derived slug', async () => {
      await testApp.command('repo create');
      const form = await waitForView(testApp, (view) => view.callback_id === VIEW_IDS.repository);

      const submitted = await submitView(testApp, form, repositoryState(form, { name: 'Billing API (v2)', slug: '' }));

      expect(submitted.ack).toEqual({});
      const created = workspaceRepositories().get('billing-api-v2');
      expect(created?.name).toBe('Billing API (v2)');
      expect(created?.is_private).toBe(true);
      expect(created?.fork_policy).toBe('no_public_forks');
      const announcement = await testApp.slack.waitFor('chat.postMessage');
      expect(readMessageText(announcement.body)).toContain('created repository');
      expectValidMessage(announcement.body);
    });

    it('shows a taken name under the field', async () => {
      await testApp.command('repo create');
      const form = await waitForView(testApp, (view) => view.callback_id === VIEW_IDS.repository);

      const submitted = await submitView(testApp, form, repositoryState(form, { name: 'API', slug: 'api' }));

      expect((submitted.ack['errors'] as Record<string, string>)[BLOCK_IDS.repository.name]).toContain('already exists');
    });
  });

  describe('branch form', () => {
    it('creates a branch from a tag', async () => {
      const form = await openFromMenu('branch', VIEW_IDS.branch);
      expectValidView(strip(form));
      const ids = BLOCK_IDS.branch;

      const submitted = await submitView(
        testApp,
        form,
        buildState(form, {
          [ids.repository]: state.select('acme/api'),
          [ids.name]: state.text('hotfix/login'),
          [ids.target]: state.text('v1.0'),
          [BLOCK_IDS.modal.announceChannel]: state.conversation(null),
        }),
      );

      expect(submitted.ack).toEqual({});
      const repository = workspaceRepositories().get('api');
      expect(repository?.branches.get('hotfix/login')).toBe(tagHash);
      // Opened from the global shortcut without a channel picked, the result comes as a direct message.
      const direct = await testApp.slack.waitFor((call) => call.method === 'chat.postMessage' && call.body['channel'] === TEST_USER_ID);
      expect(readMessageText(direct.body)).toContain('hotfix/login');
    });

    it('posts in the channel picked in the form', async () => {
      const form = await openFromMenu('branch', VIEW_IDS.branch);
      const ids = BLOCK_IDS.branch;

      await submitView(
        testApp,
        form,
        buildState(form, {
          [ids.repository]: state.select('acme/api'),
          [ids.name]: state.text('feature/menu'),
          [ids.target]: state.text(null),
          [BLOCK_IDS.modal.announceChannel]: state.conversation('C04B7KQ5C4Q'),
        }),
        {
          responseUrls: [
            {
              block_id: BLOCK_IDS.modal.announceChannel,
              action_id: ACTION_IDS.announceChannelSelect,
              channel_id: 'C04B7KQ5C4Q',
              response_url: testApp.slack.responseUrl('picked-channel'),
            },
          ],
        },
      );

      const announcement = await testApp.replyTo('picked-channel');
      expect(announcement.body['response_type']).toBe('in_channel');
      expect(readMessageText(announcement.body)).toContain('feature/menu');
    });

    it('shows an unknown starting point under its field', async () => {
      const form = await openFromMenu('branch', VIEW_IDS.branch);
      const ids = BLOCK_IDS.branch;

      const submitted = await submitView(
        testApp,
        form,
        buildState(form, { [ids.repository]: state.select('acme/api'), [ids.name]: state.text('x'), [ids.target]: state.text('no-such-ref') }),
      );

      expect((submitted.ack['errors'] as Record<string, string>)[ids.target]).toContain('no-such-ref');
    });
  });

  describe('global menu', () => {
    it('offers every form', async () => {
      const menu = await openMenu();

      expectValidView(strip(menu));
      const values = menu.blocks.flatMap((block) => {
        const accessory = block['accessory'] as { value?: string } | undefined;
        return accessory?.value === undefined ? [] : [accessory.value];
      });
      expect(values).toEqual(['pull-request', 'branch', 'repository', 'issue']);
    });

    it('replaces the menu with each form', async () => {
      for (const [form, callbackId] of [
        ['pull-request', VIEW_IDS.pullRequest],
        ['repository', VIEW_IDS.repository],
        ['issue', VIEW_IDS.issue],
      ] as const) {
        const view = await openFromMenu(form, callbackId);
        expect(view.method).toBe('views.update');
        expect(findBlock(view, BLOCK_IDS.modal.announceChannel)).toBeDefined();
        expectValidView(strip(view));
      }
    });
  });

  describe('repository deletion', () => {
    async function openDeletion(): Promise<SentView> {
      await testApp.command('repo delete acme/api');
      return waitForView(testApp, (view) => view.callback_id === VIEW_IDS.deleteRepository);
    }

    it('rejects a mistyped name', async () => {
      const form = await openDeletion();
      expectValidView(strip(form));

      const submitted = await submitView(testApp, form, buildState(form, { [BLOCK_IDS.deleteRepository.confirmName]: state.text('acme/ap') }));

      expect((submitted.ack['errors'] as Record<string, string>)[BLOCK_IDS.deleteRepository.confirmName]).toContain('Type acme/api exactly');
      expect(workspaceRepositories().has('api')).toBe(true);
    });

    it('refuses another user', async () => {
      const form = await openDeletion();

      const submitted = await submitView(testApp, form, buildState(form, { [BLOCK_IDS.deleteRepository.confirmName]: state.text('acme/api') }), {
        userId: 'U04B7KQ4B3P',
      });

      expect((submitted.ack['errors'] as Record<string, string>)[BLOCK_IDS.deleteRepository.confirmName]).toContain('Only the person who asked');
      expect(workspaceRepositories().has('api')).toBe(true);
    });

    it('deletes on the exact name and announces it', async () => {
      const form = await openDeletion();

      const submitted = await submitView(testApp, form, buildState(form, { [BLOCK_IDS.deleteRepository.confirmName]: state.text('acme/api') }));

      expect(submitted.ack).toEqual({});
      expect(workspaceRepositories().has('api')).toBe(false);
      const announcement = await testApp.slack.waitFor('chat.postMessage');
      expect(readMessageText(announcement.body)).toContain('deleted repository');
      expectValidMessage(announcement.body);
    });

    it('asks an unconnected user to connect first', async () => {
      const bitbucketRequests = testApp.bitbucket.requests.length;
      await testApp.command('repo delete acme/api', { user_id: 'U0STRANGER' });

      const prompt = await waitForView(testApp, (view) => view.callback_id === VIEW_IDS.deleteRepository && readViewText(view).includes('Connect'));
      const deletionViews = listSentViews(testApp).filter((view) => view.callback_id === VIEW_IDS.deleteRepository);
      expect(prompt.method).toBe('views.update');
      expect(JSON.stringify(prompt.blocks)).toContain('/site/oauth2/authorize');
      expect(deletionViews.filter((view) => findBlock(view, BLOCK_IDS.deleteRepository.confirmName) !== undefined)).toEqual([]);
      expect(testApp.bitbucket.requests).toHaveLength(bitbucketRequests);
    });

    it('pushes an error view when Bitbucket refuses', async () => {
      testApp.bitbucket.inject({ kind: 'status', status: 403, method: 'DELETE', path: '/repositories/acme/api' });
      const form = await openDeletion();

      const submitted = await submitView(testApp, form, buildState(form, { [BLOCK_IDS.deleteRepository.confirmName]: state.text('acme/api') }));

      expect(submitted.ack['response_action']).toBe('push');
      expectValidView(submitted.ack['view']);
      expect(JSON.stringify(submitted.ack['view'])).toContain('denied access');
    });
  });
});

function repositoryState(form: SentView, fields: { name: string; slug: string }) {
  const ids = BLOCK_IDS.repository;
  return buildState(form, {
    [ids.workspace]: state.select('acme'),
    [ids.name]: state.text(fields.name),
    [ids.slug]: state.text(fields.slug === '' ? null : fields.slug),
    [ids.projectKey]: state.text(null),
    [ids.isPrivate]: state.checkboxes(['private']),
    [ids.forkPolicy]: state.staticSelect('no_public_forks'),
    [ids.language]: state.text(null),
    [ids.description]: state.text(null),
  });
}

function strip(view: SentView): Record<string, unknown> {
  const { id: _id, hash: _hash, method: _method, ...rest } = view;
  return rest;
}
