import { deleteRepository } from '../bitbucket/repositories.js';
import { defineAction } from './action.js';
import { parametersObject, repoSlugField, workspaceField } from './input-fields.js';

export const deleteRepositoryAction = defineAction({
  slug: 'BITBUCKET_DELETE_REPOSITORY',
  description:
    'Deletes a repository for good; this cannot be undone and forks are kept. Needs admin access and ' +
    'the repository:delete scope.',
  input: parametersObject({
    workspace: workspaceField,
    repo_slug: repoSlugField,
  }),
  async run(input, { client, tokens }) {
    await deleteRepository(client, tokens, input.workspace, input.repo_slug);
    return { deleted: true, workspace: input.workspace, repo_slug: input.repo_slug };
  },
});
