import { z } from 'zod';

import { getPullRequestPage, listPullRequests, PULL_REQUEST_MAX_PAGELEN } from '../bitbucket/pull-requests.js';
import type { PullRequestState } from '../bitbucket/types.js';
import { defineAction } from './action.js';
import { expected, parametersObject, repoSlugField, workspaceField } from './input-fields.js';

const STATE_NAMES = ['open', 'merged', 'declined', 'superseded', 'all'] as const;
const STATE_DESCRIPTION = `a pull request state: ${STATE_NAMES.join(', ')} (any case)`;
const ALL_STATES: PullRequestState[] = ['OPEN', 'MERGED', 'DECLINED', 'SUPERSEDED'];

const stateName = z
  .string(expected(STATE_DESCRIPTION))
  .refine((value) => (STATE_NAMES as readonly string[]).includes(value.trim().toLowerCase()), expected(STATE_DESCRIPTION));

export const listPullRequestsAction = defineAction({
  slug: 'BITBUCKET_LIST_PULL_REQUESTS',
  description:
    'Lists pull requests of a repository, only open ones unless state says otherwise. With page, returns that ' +
    `page only (at most ${PULL_REQUEST_MAX_PAGELEN} per page); without it, reads up to 20 pages and says when the list is truncated.`,
  input: parametersObject({
    workspace: workspaceField,
    repo_slug: repoSlugField,
    state: z
      .union([stateName, z.array(stateName, expected(`an array of ${STATE_DESCRIPTION}`))], expected(STATE_DESCRIPTION))
      .optional()
      .describe('open, merged, declined, superseded or all, in any case; an array selects several. Defaults to open.'),
    page: z
      .number(expected('a page number such as 1'))
      .int(expected('a page number such as 1'))
      .positive(expected('a page number such as 1'))
      .optional()
      .describe('Page to return, from 1; leave it out to read all pages.'),
    pagelen: z
      .number(expected(`a page size from 1 to ${PULL_REQUEST_MAX_PAGELEN}`))
      .int(expected(`a page size from 1 to ${PULL_REQUEST_MAX_PAGELEN}`))
      .min(1, expected(`a page size from 1 to ${PULL_REQUEST_MAX_PAGELEN}`))
      .max(PULL_REQUEST_MAX_PAGELEN, expected(`a page size from 1 to ${PULL_REQUEST_MAX_PAGELEN}`))
      .optional()
      .describe(`Pull requests per page, at most ${PULL_REQUEST_MAX_PAGELEN}.`),
  }),
  async run(input, { client, tokens, maxPages }) {
    const states = toStates(input.state);

    if (input.page !== undefined) {
      const page = await getPullRequestPage(client, tokens, input.workspace, input.repo_slug, {
        states,
        page: input.page,
        pagelen: input.pagelen,
      });
      return {
        values: page.values,
        count: page.values.length,
        page: page.page ?? input.page,
        pagelen: page.pagelen ?? input.pagelen ?? PULL_REQUEST_MAX_PAGELEN,
        size: page.size ?? null,
        next_page: page.next ? input.page + 1 : null,
      };
    }

    const collected = await listPullRequests(client, tokens, input.workspace, input.repo_slug, {
      states,
      pagelen: input.pagelen,
      maxPages,
    });
    return { values: collected.values, count: collected.values.length, truncated: collected.truncated };
  },
});

/** Upper-cases the requested states and expands "all"; an empty list lets Bitbucket list open ones. */
function toStates(state: string | string[] | undefined): PullRequestState[] {
  if (state === undefined) return [];
  const names = (Array.isArray(state) ? state : [state]).map((name) => name.trim().toLowerCase());
  if (names.includes('all')) return [...ALL_STATES];
  return [...new Set(names.map((name) => name.toUpperCase() as PullRequestState))];
}
