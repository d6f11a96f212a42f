import type { types } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';

import type { SlackUserRef } from '../../../connections/keys.js';
import { ACTION_IDS, VIEW_IDS } from '../../ids.js';
import { buildButton, buildSection } from '../../render/blocks.js';
import type { SlackDependencies } from '../../slack-dependencies.js';
import { showBranchForm } from '../branch/branch-modal.js';
import { showIssueCreateForm } from '../issue/open-issue-modal.js';
import { buildModal } from '../modal-blocks.js';
import type { ModalOrigin } from '../modal-context.js';
import { showPullRequestForm } from '../pull-request/open-pull-request-modal.js';
import { showRepositoryForm } from '../repository/repository-modal.js';
import type { OpenView } from '../show-form-failure.js';

/** The forms the menu offers; a button's `value` is one of these. */
export const MENU_FORMS = ['pull-request', 'branch', 'repository', 'issue'] as const;

export type MenuForm = (typeof MENU_FORMS)[number];

const MENU_ENTRIES: Array<{ form: MenuForm; label: string; description: string }> = [
  { form: 'pull-request', label: 'Open a pull request', description: '*Pull request*\nFrom a branch, with reviewers.' },
  { form: 'branch', label: 'Create a branch', description: '*Branch*\nFrom a branch, tag or commit.' },
  { form: 'repository', label: 'Create a repository', description: '*Repository*\nIn one of your workspaces.' },
  { form: 'issue', label: 'Create an issue', description: '*Issue*\nIn a repository with an issue tracker.' },
];

/** Builds the global shortcut's menu: one button per form, each replacing the menu with its form. */
export function buildGlobalMenu(): types.ModalView {
  const blocks: types.KnownBlock[] = [buildSection('What do you want to do in Bitbucket?')];
  for (const entry of MENU_ENTRIES) {
    blocks.push(buildSection(entry.description, buildButton({ label: entry.label, actionId: ACTION_IDS.openForm, value: entry.form })));
  }
  // The menu has no inputs, so it needs no context; its buttons carry everything.
  return buildModal({ callbackId: VIEW_IDS.globalMenu, title: 'Bitbucket', blocks, close: 'Close' });
}

/** Returns the form a menu button names, or undefined for any other value. */
export function parseMenuForm(value: string | undefined): MenuForm | undefined {
  return MENU_FORMS.find((form) => form === value);
}

/** Replaces the menu with the chosen form; forms opened here have no channel, so they ask where to post. */
export async function showMenuForm(
  deps: SlackDependencies,
  client: WebClient,
  request: OpenView & { slackUser: SlackUserRef; form: MenuForm },
): Promise<void> {
  const origin: ModalOrigin = { opener: { kind: 'global-shortcut' } };
  const common = { viewId: request.viewId, ...(request.hash === undefined ? {} : { hash: request.hash }), slackUser: request.slackUser, origin };
  switch (request.form) {
    case 'pull-request':
      await showPullRequestForm(deps, client, { ...common, prefill: {} });
      return;
    case 'branch':
      await showBranchForm(deps, client, common);
      return;
    case 'repository':
      await showRepositoryForm(deps, client, common);
      return;
    case 'issue':
      await showIssueCreateForm(deps, client, common);
      return;
  }
}
