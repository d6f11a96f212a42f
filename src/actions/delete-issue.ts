import { deleteIssue } from '../bitbucket/issues.js';
import { defineAction } from './action.js';
import { issueIdField, parametersObject, repoSlugField, workspaceField } from './input-fields.js';

export const deleteIssueAction = defineAction({
  slug: 'BITBUCKET_DELETE_ISSUE',
  description:
    'Deletes an issue for good; it needs write access to the repository. Bitbucket Cloud removed Issues ' +
    'on 20 August 2026, so this fails with an "issue tracker unavailable" error where the tracker is gone.',
  input: parametersObject({
    workspace: workspaceField,
    repo_slug: repoSlugField,
    issue_id: issueIdField,
  }),
  async run(input, { client, tokens }) {
    await deleteIssue(client, tokens, input.workspace, input.repo_slug, input.issue_id);
    return { deleted: true, workspace: input.workspace, repo_slug: input.repo_slug, issue_id: input.issue_id };
  },
});
