import { z } from 'zod';

import { createRepository, type RepositoryCreation } from '../bitbucket/repositories.js';
import { defineAction } from './action.js';
import { expected, parametersObject, repoSlugField, workspaceField } from './input-fields.js';

const FORK_POLICIES = ['allow_forks', 'no_public_forks', 'no_forks'] as const;
const PROJECT_KEY_DESCRIPTION = 'a project key such as "PROJ" or a project {uuid}';

export const createRepositoryAction = defineAction({
  slug: 'BITBUCKET_CREATE_REPOSITORY',
  description:
    'Creates a Git repository in a workspace, private unless is_private is false. Without project_key ' +
    'Bitbucket puts it in the workspace\'s oldest project. Needs the repository:admin scope.',
  input: parametersObject({
    workspace: workspaceField,
    repo_slug: repoSlugField,
    description: z.string(expected('a description text')).optional().describe('Repository description.'),
    fork_policy: z
      .enum(FORK_POLICIES, expected(`one of ${FORK_POLICIES.join(', ')}`))
      .default('allow_forks')
      .describe('allow_forks, no_public_forks (private forks only) or no_forks.'),
    has_issues: z.boolean(expected('true or false')).optional().describe('Turn on the issue tracker; sent only when set.'),
    has_wiki: z.boolean(expected('true or false')).optional().describe('Turn on the wiki; sent only when set.'),
    is_private: z.boolean(expected('true or false')).default(true).describe('Private repository; defaults to true.'),
    language: z.string(expected('a language name such as "typescript"')).optional().describe('Main programming language, in lower case.'),
    project_key: z
      .string(expected(PROJECT_KEY_DESCRIPTION))
      .trim()
      .min(1, expected(PROJECT_KEY_DESCRIPTION))
      .optional()
      .describe('Key of the project to put the repository in.'),
  }),
  async run(input, { client, tokens }) {
    const body: RepositoryCreation = { scm: 'git', is_private: input.is_private, fork_policy: input.fork_policy };
    if (input.description !== undefined) body.description = input.description;
    if (input.has_issues !== undefined) body.has_issues = input.has_issues;
    if (input.has_wiki !== undefined) body.has_wiki = input.has_wiki;
    if (input.language !== undefined) body.language = input.language;
    if (input.project_key !== undefined) body.project = { key: input.project_key };

    return createRepository(client, tokens, input.workspace, input.repo_slug, body);
  },
});
