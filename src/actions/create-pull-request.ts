import { z } from 'zod';

import { createPullRequest, type PullRequestCreation } from '../bitbucket/pull-requests.js';
import { defineAction } from './action.js';
import { expected, parametersObject, repoSlugField, textField, workspaceField } from './input-fields.js';

const REVIEWER_DESCRIPTION = 'a user UUID such as "{d301aafa-d676-4ee0-88be-962be7417567}" (BITBUCKET_LIST_WORKSPACE_MEMBERS lists them)';
const UUID = /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/;

export const createPullRequestAction = defineAction({
  slug: 'BITBUCKET_CREATE_PULL_REQUEST',
  description:
    'Opens a pull request from a source branch into a destination branch (the repository\'s main branch ' +
    'when left out). Reviewers are user UUIDs; Bitbucket rejects usernames.',
  input: parametersObject({
    workspace: workspaceField,
    repo_slug: repoSlugField,
    title: textField('a pull request title', 'Pull request title.'),
    source_branch: textField('a source branch name such as "feature/login"', 'Branch with the changes.'),
    destination_branch: textField('a destination branch name such as "main"', 'Branch to merge into; defaults to the main branch.').optional(),
    description: z.string(expected('a description text')).optional().describe('Pull request description, in Markdown.'),
    reviewers: z
      .array(
        z.string(expected(REVIEWER_DESCRIPTION)).trim().regex(UUID, expected(REVIEWER_DESCRIPTION)),
        expected('an array of user UUIDs'),
      )
      .optional()
      .describe('Reviewers as user UUIDs, with or without braces.'),
    close_source_branch: z.boolean(expected('true or false')).optional().describe('Delete the source branch after merging.'),
  }),
  async run(input, { client, tokens }) {
    const body: PullRequestCreation = { title: input.title, source: { branch: { name: input.source_branch } } };
    if (input.destination_branch !== undefined) body.destination = { branch: { name: input.destination_branch } };
    if (input.description !== undefined) body.description = input.description;
    if (input.reviewers !== undefined) body.reviewers = input.reviewers.map((reviewer) => ({ uuid: toBracedUuid(reviewer) }));
    if (input.close_source_branch !== undefined) body.close_source_branch = input.close_source_branch;

    return createPullRequest(client, tokens, input.workspace, input.repo_slug, body);
  },
});

function toBracedUuid(value: string): string {
  const match = UUID.exec(value);
  return `{${(match?.[1] ?? value).toLowerCase()}}`;
}
