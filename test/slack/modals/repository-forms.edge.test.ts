import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ACTION_IDS, BLOCK_IDS, SHORTCUT_IDS, VIEW_IDS } from '../../../src/slack/ids.js';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import type { FakeUser } from '../../support/fake-bitbucket/index.js';
import { buildState, expectEverySurfaceValid, pressViewButton, state, submitView, waitForView, type SentView } from '../../support/modal-driver.js';
import { buildShortcut } from '../../support/slack-request.js';

const repositoryIds = BLOCK_IDS.repository;
const confirmName = BLOCK_IDS.deleteRepository.confirmName;

describe('repository, branch and deletion forms, edge cases', () => {
  let testApp: TestApp;
  let ada: FakeUser;

  beforeEach(async () => {
    testApp = await startTestApp();
    const { bitbucket } = testApp;
    ada = bitbucket.addUser({ display_name: 'Ada Lovelace', nickname: 'ada' });
    const workspace = bitbucket.addWorkspace({ slug: 'acme' });
    bitbucket.addMember(workspace, ada, { administrator: true });
    bitbucket.addRepository(workspace, { slug: 'api', files: { 'README.md': '# API' } });
    await testApp.connect(ada);
  });

  afterEach(async () => {
    await testApp.stop();
    testApp.bitbucket.assertRequestsValid();
    expectEverySurfaceValid(testApp);
  });

  function repositories() {
    return testApp.bitbucket.state.workspaces.get('acme')!.repositories;
  }

  async function openFromMenu(form: string, callbackId: string): Promise<SentView> {
    await testApp.interact(buildShortcut({ callback_id: SHORTCUT_IDS.globalMenu }));
    const menu = await waitForView(testApp, (view) => view.callback_id === VIEW_IDS.globalMenu);
    expect(await pressViewButton(testApp, menu, ACTION_IDS.openForm, form)).toBe(200);
    return waitForView(testApp, (view) => view.callback_id === callbackId && view.id === menu.id);
  }

  function repositoryState(form: SentView, name: string, slug: string | null) {
    return buildState(form, {
      [repositoryIds.workspace]: state.select('acme'),
      [repositoryIds.name]: state.text(name),
      [repositoryIds.slug]: state.text(slug),
      [repositoryIds.isPrivate]: state.checkboxes(['private']),
    });
  }

  describe('repository slug', () => {
    const cases: Array<{ name: string; slug: string | null; error: string; label?: string }> = [
      { name: '🚀🚀', slug: null, error: 'no letters or digits' },
      { name: '..', slug: null, error: 'no letters or digits' },
      { name: 'Docs', slug: '..', error: 'cannot contain ".."' },
      { name: 'Docs', slug: 'My-Docs', error: 'lower-case letters' },
      { name: 'Docs', slug: 'd'.repeat(63), error: 'at most 62', label: 'of 63 characters' },
      { name: 'Docs', slug: '-docs', error: 'cannot start or end with "-"' },
      { name: 'Docs', slug: 'docs-', error: 'cannot start or end with "-"' },
      { name: 'Docs', slug: 'my--docs', error: 'contain "--"' },
    ];
    for (const { name, slug, error, label } of cases) {
      it(`rejects name ${name} with slug ${label ?? String(slug)}`, async () => {
        const form = await openFromMenu('repository', VIEW_IDS.repository);

        const submitted = await submitView(testApp, form, repositoryState(form, name, slug));

        expect((submitted.ack['errors'] as Record<string, string>)[repositoryIds.slug]).toContain(error);
        expect(testApp.bitbucket.requests.filter((request) => request.method === 'POST' && request.path.startsWith('/2.0/repositories/'))).toHaveLength(0);
      });
    }

    it('derives a slug from a name with two dots', async () => {
      const form = await openFromMenu('repository', VIEW_IDS.repository);

      const submitted = await submitView(testApp, form, repositoryState(form, 'Release..Notes', null));

      expect(submitted.ack).toEqual({});
      expect(repositories().has('release.notes')).toBe(true);
    });

    it('cuts a slug derived from a long name to 62 characters', async () => {
      const form = await openFromMenu('repository', VIEW_IDS.repository);
      const name = `Quarterly billing reconciliation ${'service '.repeat(8)}`;

      const submitted = await submitView(testApp, form, repositoryState(form, name, null));

      expect(submitted.ack).toEqual({});
      const slug = 'quarterly-billing-reconciliation-service-service-service-servi';
      expect(slug).toHaveLength(62);
      expect(repositories().get(slug)?.name).toBe(name.trim());
    });
  });

  describe('branch form', () => {
    it('creates a long unicode branch', async () => {
      const form = await openFromMenu('branch', VIEW_IDS.branch);
      const name = `feature/${'größe-🚀-'.repeat(30)}`.slice(0, 200);

      const submitted = await submitView(
        testApp,
        form,
        buildState(form, {
          [BLOCK_IDS.branch.repository]: state.select('acme/api'),
          [BLOCK_IDS.branch.name]: state.text(name),
          [BLOCK_IDS.branch.target]: state.text('main'),
        }),
      );

      expect(submitted.ack).toEqual({});
      const post = testApp.bitbucket.requests.find((request) => request.method === 'POST' && request.path.endsWith('/refs/branches'));
      const body = post?.body as { name: string; target: { hash: string } };
      expect(body.name).toBe(name);
      expect(body.target.hash).toMatch(/^[0-9a-f]{40}$/);
    });
  });

  describe('branch start point', () => {
    for (const start of ['..', '.']) {
      it(`shows start point ${start} under its field`, async () => {
        const form = await openFromMenu('branch', VIEW_IDS.branch);

        const submitted = await submitView(
          testApp,
          form,
          buildState(form, {
            [BLOCK_IDS.branch.repository]: state.select('acme/api'),
            [BLOCK_IDS.branch.name]: state.text('feature/x'),
            [BLOCK_IDS.branch.target]: state.text(start),
          }),
        );

        const errors = submitted.ack['errors'] as Record<string, string>;
        expect(Object.keys(errors)).toEqual([BLOCK_IDS.branch.target]);
        expect(errors[BLOCK_IDS.branch.target]).toBe(`"${start}" is not a branch, tag or commit name.`);
      });
    }
  });

  describe('repository deletion', () => {
    async function openDeletion(text = 'repo delete acme/api'): Promise<SentView> {
      await testApp.command(text);
      return waitForView(testApp, (view) => view.callback_id === VIEW_IDS.deleteRepository);
    }

    it('accepts the name with spaces around it', async () => {
      const form = await openDeletion();

      const submitted = await submitView(testApp, form, buildState(form, { [confirmName]: state.text('  acme/api \n') }));

      expect(submitted.ack).toEqual({});
      expect(repositories().has('api')).toBe(false);
    });

    for (const typed of ['ACME/API', 'acme / api', 'acme/api.', 'acme\u200b/api']) {
      it(`keeps the repository for ${JSON.stringify(typed)}`, async () => {
        const form = await openDeletion();

        const submitted = await submitView(testApp, form, buildState(form, { [confirmName]: state.text(typed) }));

        expect((submitted.ack['errors'] as Record<string, string>)[confirmName]).toContain('Type acme/api exactly');
        expect(repositories().has('api')).toBe(true);
      });
    }

    it('deletes a double-submitted confirmation once', async () => {
      const form = await openDeletion();
      testApp.bitbucket.inject({ kind: 'delay', ms: 300, method: 'DELETE', path: '/repositories/acme/api', times: 2 });
      const values = buildState(form, { [confirmName]: state.text('acme/api') });

      const [first, second] = await Promise.all([submitView(testApp, form, values), submitView(testApp, form, values)]);

      expect(first.ack).toEqual({});
      expect(second.ack['response_action']).not.toBe('push');
      expect(testApp.bitbucket.requests.filter((request) => request.method === 'DELETE')).toHaveLength(1);
    });
  });
});
