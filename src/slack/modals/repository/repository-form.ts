import type { types } from '@slack/bolt';

import { ACTION_IDS, BLOCK_IDS, VIEW_IDS } from '../../ids.js';
import {
  buildAnnounceChannelInput,
  buildCheckboxInput,
  buildExternalSelectInput,
  buildModal,
  buildOption,
  buildStaticSelectInput,
  buildTextInput,
  type FormFeedback,
} from '../modal-blocks.js';
import type { OptionChoice } from '../option-choice.js';
import { readRawText, readSelectedOption, readSelectedOptions, readText, type ViewStateValues } from '../view-state.js';

const PRIVATE_VALUE = 'private';

/** Bitbucket's fork policies, with what each allows. */
export const FORK_POLICIES = [
  { value: 'allow_forks', text: 'Allow forks' },
  { value: 'no_public_forks', text: 'Allow only private forks' },
  { value: 'no_forks', text: 'No forks' },
] as const;

export type ForkPolicy = (typeof FORK_POLICIES)[number]['value'];

/** Values of the repository form: what it shows, or what the user entered. */
export interface RepositoryForm {
  workspace?: OptionChoice;
  name?: string;
  slug?: string;
  projectKey?: string;
  isPrivate: boolean;
  forkPolicy?: string;
  language?: string;
  description?: string;
}

export interface RepositoryModalOptions {
  contextId: string;
  form: RepositoryForm;
  askForChannel: boolean;
  feedback?: FormFeedback;
}

/** Builds the repository modal; a new repository is private unless the user unticks it. */
export function buildRepositoryModal(options: RepositoryModalOptions): types.ModalView {
  const { form } = options;
  const ids = BLOCK_IDS.repository;
  const blocks: types.KnownBlock[] = [
    buildExternalSelectInput({
      blockId: ids.workspace,
      actionId: ACTION_IDS.workspaceSelect,
      label: 'Workspace',
      placeholder: 'Your workspaces',
      initialOption: form.workspace === undefined ? undefined : buildOption(form.workspace.text, form.workspace.value),
    }),
    buildTextInput({ blockId: ids.name, label: 'Name', initialValue: form.name, maxLength: 255, placeholder: 'Billing API' }),
    buildTextInput({
      blockId: ids.slug,
      label: 'Slug',
      initialValue: form.slug,
      maxLength: 255,
      optional: true,
      placeholder: 'billing-api',
      hint: 'The repository\'s name in URLs: lower-case letters, digits, "-", "_" and ".". Leave empty to derive it from the name.',
    }),
    buildTextInput({
      blockId: ids.projectKey,
      label: 'Project key',
      initialValue: form.projectKey,
      maxLength: 100,
      optional: true,
      hint: 'Leave empty to use the workspace\'s oldest project.',
    }),
    buildCheckboxInput({ blockId: ids.isPrivate, label: 'Access', text: 'Private repository', value: PRIVATE_VALUE, checked: form.isPrivate }),
    buildStaticSelectInput({
      blockId: ids.forkPolicy,
      label: 'Forks',
      placeholder: 'Pick a fork policy',
      choices: FORK_POLICIES.map((policy) => buildOption(policy.text, policy.value)),
      initialValue: form.forkPolicy ?? 'allow_forks',
      optional: true,
    }),
    buildTextInput({ blockId: ids.language, label: 'Language', initialValue: form.language, maxLength: 100, optional: true, placeholder: 'typescript' }),
    buildTextInput({ blockId: ids.description, label: 'Description', initialValue: form.description, multiline: true, optional: true }),
  ];
  if (options.askForChannel) blocks.push(buildAnnounceChannelInput());

  return buildModal({
    callbackId: VIEW_IDS.repository,
    title: 'Create a repository',
    submit: 'Create',
    blocks,
    contextId: options.contextId,
    ...(options.feedback === undefined ? {} : { feedback: options.feedback }),
  });
}

/** Reads the form from a view's state. */
export function readRepositoryForm(values: ViewStateValues): RepositoryForm {
  const ids = BLOCK_IDS.repository;
  const form: RepositoryForm = {
    name: readText(values, ids.name),
    slug: readText(values, ids.slug),
    projectKey: readText(values, ids.projectKey),
    isPrivate: readSelectedOptions(values, ids.isPrivate).some((option) => option.value === PRIVATE_VALUE),
    language: readText(values, ids.language),
    description: readRawText(values, ids.description) ?? '',
  };
  const workspace = readSelectedOption(values, ids.workspace);
  if (workspace !== undefined) form.workspace = workspace;
  const forkPolicy = readSelectedOption(values, ids.forkPolicy)?.value;
  if (forkPolicy !== undefined) form.forkPolicy = forkPolicy;
  return form;
}
