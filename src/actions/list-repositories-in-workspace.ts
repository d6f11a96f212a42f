import { z } from 'zod';

import { listRepositories } from '../bitbucket/repositories.js';
import { defineAction } from './action.js';
import { expected, parametersObject, workspaceField } from './input-fields.js';

const ROLES = ['member', 'contributor', 'admin', 'owner'] as const;

export const listRepositoriesInWorkspaceAction = defineAction({
  slug: 'BITBUCKET_LIST_REPOSITORIES_IN_WORKSPACE',
  description:
    'Lists the repositories of a workspace that the token\'s user can see, reading up to 20 pages of 100 ' +
    'and saying when the list is truncated. q and sort are passed to Bitbucket.',
  input: parametersObject({
    workspace: workspaceField,
    q: z.string(expected('a query such as name ~ "api"')).optional().describe('Bitbucket query, e.g. name ~ "api" AND project.key = "PROJ".'),
    role: z
      .enum(ROLES, expected(`one of ${ROLES.join(', ')}`))
      .optional()
      .describe('Only repositories where the user has this role: member (read), contributor (write), admin or owner.'),
    sort: z.string(expected('a field name such as "-updated_on"')).optional().describe('One field to sort by; "-" in front sorts descending.'),
  }),
  async run(input, { client, tokens, maxPages }) {
    const collected = await listRepositories(client, tokens, input.workspace, { q: input.q, role: input.role, sort: input.sort }, { maxPages });
    return { values: collected.values, count: collected.values.length, truncated: collected.truncated };
  },
});
