import { z } from 'zod';

import type { WorkspaceAccess } from '../bitbucket/types.js';
import { listUserWorkspaces } from '../bitbucket/workspaces.js';
import { defineAction } from './action.js';
import { expected, parametersObject } from './input-fields.js';
import { compileLocalQuery, sortByField, type FieldLookup } from './local-query.js';

/** Reads `slug`, `workspace.slug` or `administrator` from an entry of `GET /user/workspaces`. */
const lookupWorkspaceField: FieldLookup<WorkspaceAccess> = (entry, field) => {
  const direct = readPath(entry, field);
  return direct !== undefined ? direct : readPath(entry.workspace, field);
};

export const listWorkspacesAction = defineAction({
  slug: 'BITBUCKET_LIST_WORKSPACES',
  description:
    'Lists the workspaces the token\'s user belongs to (GET /user/workspaces), reading up to 20 pages. ' +
    'Bitbucket cannot filter this list and sorts it by slug only, so q and sort are applied here, to the ' +
    'pages that were read: q takes text to find in the slug (or name, where Bitbucket sends one), or a query such as ' +
    'slug ~ "acme" AND administrator = true; sort takes one field such as "-slug" or "name".',
  input: parametersObject({
    q: z
      .string(expected('text or a query such as slug ~ "acme"'))
      .optional()
      .describe('Text to find in the slug or name, or a query on slug, name, uuid and administrator; applied locally.'),
    sort: z
      .string(expected('a field name such as "slug" or "-name"'))
      .regex(/^[-+]?[A-Za-z_][\w.]*$/, expected('a field name such as "slug" or "-name"'))
      .optional()
      .describe('Field to sort by: slug, name, uuid or administrator; "-" in front sorts descending. Applied locally.'),
  }),
  async run(input, { client, tokens, maxPages }) {
    const matches = input.q !== undefined && input.q.trim() !== '' ? compileLocalQuery(input.q, lookupWorkspaceField, ['slug', 'name']) : undefined;
    const bitbucketSort = input.sort === 'slug' || input.sort === '-slug' ? input.sort : undefined;

    const collected = await listUserWorkspaces(client, tokens, { sort: bitbucketSort }, { maxPages });
    let values = matches ? collected.values.filter(matches) : collected.values;
    if (input.sort !== undefined) values = sortByField(values, input.sort, lookupWorkspaceField);

    return { values, count: values.length, truncated: collected.truncated };
  },
});

function readPath(root: unknown, path: string): unknown {
  let current: unknown = root;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
