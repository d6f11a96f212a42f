import { createIssueComment } from '../bitbucket/issues.js';
import { defineAction } from './action.js';
import { issueIdField, parametersObject, repoSlugField, textField, workspaceField } from './input-fields.js';

export const createIssueCommentAction = defineAction({
  slug: 'BITBUCKET_CREATE_ISSUE_COMMENT',
  description:
    'Adds a comment to an issue in Bitbucket\'s issue tracker. Bitbucket Cloud removed Issues on ' +
    '20 August 2026, so this fails with an "issue tracker unavailable" error where the tracker is gone.',
  input: parametersObject({
    workspace: workspaceField,
    repo_slug: repoSlugField,
    issue_id: issueIdField,
    content: textField('the comment text', 'Comment text, in Markdown.'),
  }),
  async run(input, { client, tokens }) {
    return createIssueComment(client, tokens, input.workspace, input.repo_slug, input.issue_id, input.content);
  },
});
