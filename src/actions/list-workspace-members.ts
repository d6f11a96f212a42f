import { listWorkspaceMembers } from '../bitbucket/workspaces.js';
import { defineAction } from './action.js';
import { parametersObject, workspaceField } from './input-fields.js';

export const listWorkspaceMembersAction = defineAction({
  slug: 'BITBUCKET_LIST_WORKSPACE_MEMBERS',
  description:
    'Lists the members of a workspace with their display names, UUIDs and account ids, reading up to 20 ' +
    'pages and saying when the list is truncated.',
  input: parametersObject({
    workspace: workspaceField,
  }),
  async run(input, { client, tokens, maxPages }) {
    const collected = await listWorkspaceMembers(client, tokens, input.workspace, { maxPages });
    return { values: collected.values, count: collected.values.length, truncated: collected.truncated };
  },
});
