import { z } from 'zod';

import { createBranch } from '../bitbucket/branches.js';
import { defineAction } from './action.js';
import { expected, parametersObject, repoSlugField, workspaceField } from './input-fields.js';

const BRANCH_NAME_DESCRIPTION = 'a branch name such as "feature/login" without "refs/heads/"';
const HASH_DESCRIPTION = 'a full 40-character commit hash';

/** Checks a branch name against the git ref-name rules (git check-ref-format) that typed names break. */
function isValidBranchName(name: string): boolean {
  if (name.startsWith('refs/') || name.startsWith('/') || name.endsWith('/') || name.endsWith('.')) return false;
  if (name.includes('..') || name.includes('//') || name.includes('@{') || name === '@') return false;
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name)) return false;
  return name.split('/').every((part) => part !== '' && !part.startsWith('.') && !part.endsWith('.lock'));
}

export const createBranchAction = defineAction({
  slug: 'BITBUCKET_CREATE_BRANCH',
  description:
    'Creates a branch in a repository at a commit. target_hash must be the full 40-character hash; ' +
    'resolve a branch or tag name to its hash first.',
  input: parametersObject({
    workspace: workspaceField,
    repo_slug: repoSlugField,
    name: z
      .string(expected(BRANCH_NAME_DESCRIPTION))
      .refine(isValidBranchName, expected(BRANCH_NAME_DESCRIPTION))
      .describe('Name of the new branch, e.g. "feature/login".'),
    target_hash: z
      .string(expected(HASH_DESCRIPTION))
      .regex(/^[0-9a-fA-F]{40}$/, expected(HASH_DESCRIPTION))
      .describe('Full 40-character hash of the commit the branch starts at.'),
  }),
  async run(input, { client, tokens }) {
    return createBranch(client, tokens, input.workspace, input.repo_slug, input.name, input.target_hash.toLowerCase());
  },
});
