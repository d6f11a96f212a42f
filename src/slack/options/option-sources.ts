import type { types } from '@slack/bolt';

import { listBranches } from '../../bitbucket/branches.js';
import { listRepositories } from '../../bitbucket/repositories.js';
import { listUserWorkspaces, listWorkspaceMembers } from '../../bitbucket/workspaces.js';
import type { SlackUserRef } from '../../connections/keys.js';
import { openIssueTracker } from '../issues/open-issue-tracker.js';
import type { RepositoryName } from '../modals/modal-context.js';
import type { SlackDependencies } from '../slack-dependencies.js';
import { filterOptions, MAX_OPTIONS } from './filter-options.js';
import type { OptionItem, OptionList, OptionListCache } from './option-list-cache.js';
import { encodeOptionValue } from './option-value-codec.js';

/** Pages read per list: 5 pages of 100, the most recently changed first where Bitbucket can sort. */
const LIST_PAGES = 5;

/** Workspaces searched when the user types no `workspace/` prefix; each costs one cached list. */
const MAX_SEARCHED_WORKSPACES = 10;

/** Maximum length of search text sent to Bitbucket as a BBQL query. */
const MAX_QUERY_LENGTH = 100;

/** The dependencies, per-user cache and user that every menu search needs. */
export interface OptionSearch {
  deps: SlackDependencies;
  cache: OptionListCache;
  slackUser: SlackUserRef;
}

/** Searches the user's workspaces by slug. */
export async function searchWorkspaces(search: OptionSearch, query: string): Promise<types.PlainTextOption[]> {
  const list = await readWorkspaceList(search);
  return filterOptions(list.items, query);
}

/**
 * Searches repositories as `workspace/slug`. A query with a `/` searches the workspaces whose
 * slug starts with the part before it. A query without one searches the user's first ten
 * workspaces. When a workspace has more repositories than were read, Bitbucket is asked for
 * names containing the query as well.
 */
export async function searchRepositories(search: OptionSearch, query: string): Promise<types.PlainTextOption[]> {
  const trimmed = query.trim();
  const slash = trimmed.indexOf('/');
  const workspacePart = slash >= 0 ? trimmed.slice(0, slash).toLowerCase() : undefined;
  const namePart = slash >= 0 ? trimmed.slice(slash + 1) : trimmed;

  const workspaces = (await readWorkspaceList(search)).items.map((item) => item.value);
  const searched =
    workspacePart === undefined
      ? workspaces.slice(0, MAX_SEARCHED_WORKSPACES)
      : pickWorkspaces(workspaces, workspacePart).slice(0, MAX_SEARCHED_WORKSPACES);

  const lists = await Promise.all(searched.map((workspace) => readRepositoryList(search, workspace, namePart)));
  return filterOptions(lists.flat(), trimmed);
}

/** Searches the branches of a repository by name, the most recently committed first. */
export async function searchBranches(search: OptionSearch, repository: RepositoryName, query: string): Promise<types.PlainTextOption[]> {
  const { deps, cache, slackUser } = search;
  const parts = ['branches', repository.workspace, repository.repoSlug];
  const list = await cache.read(slackUser, parts, async () => {
    const source = await deps.connections.getTokenSource(slackUser);
    // NOTE: Bitbucket documents sorting branches by name; sorting by `-target.date` follows its
    // general sort rules and works on the fake, but is not confirmed against bitbucket.org.
    const pages = await listBranches(deps.bitbucket, source.tokens, repository.workspace, repository.repoSlug, { sort: '-target.date' }, { maxPages: LIST_PAGES });
    const items = await Promise.all(pages.values.map(async (branch) => ({ text: branch.name, value: await encodeOptionValue(deps.store, branch.name) })));
    return { items, truncated: pages.truncated };
  });

  const matches = filterOptions(list.items, query);
  if (!list.truncated || query.trim() === '' || matches.length >= MAX_OPTIONS) return matches;

  const term = query.trim().slice(0, MAX_QUERY_LENGTH);
  const searched = await cache.read(slackUser, [...parts, 'q', term], async () => {
    const source = await deps.connections.getTokenSource(slackUser);
    const pages = await listBranches(deps.bitbucket, source.tokens, repository.workspace, repository.repoSlug, { q: `name ~ ${quoteBbql(term)}` }, { maxPages: 1 });
    const items = await Promise.all(pages.values.map(async (branch) => ({ text: branch.name, value: await encodeOptionValue(deps.store, branch.name) })));
    return { items, truncated: pages.truncated };
  });
  return filterOptions(mergeItems(list.items, searched.items), query);
}

/**
 * Searches the members of a workspace by display name and nickname. The value is the member's
 * `{uuid}`, which Bitbucket requires for reviewers. With `excludeOwnAccount` the user's own
 * account is left out, because Bitbucket rejects the author of a pull request as its reviewer.
 */
export async function searchMembers(
  search: OptionSearch,
  workspace: string,
  query: string,
  options: { excludeOwnAccount: boolean },
): Promise<types.PlainTextOption[]> {
  const { deps, cache, slackUser } = search;
  const list = await cache.read(slackUser, ['members', workspace], async () => {
    const source = await deps.connections.getTokenSource(slackUser);
    const pages = await listWorkspaceMembers(deps.bitbucket, source.tokens, workspace, { maxPages: LIST_PAGES });
    const items = pages.values.map((membership) => ({
      text: membership.user.display_name,
      value: membership.user.uuid,
      ...(membership.user.nickname === undefined ? {} : { keywords: membership.user.nickname }),
    }));
    return { items, truncated: pages.truncated };
  });

  if (!options.excludeOwnAccount) return filterOptions(list.items, query);
  const ownUuid = (await deps.connections.getConnection(slackUser))?.account.uuid;
  return filterOptions(
    list.items.filter((item) => item.value !== ownUuid),
    query,
  );
}

/** Searches recent issues of a repository by number (`7` or `#7`) and title. */
export async function searchIssues(search: OptionSearch, repository: RepositoryName, query: string): Promise<types.PlainTextOption[]> {
  const { deps, cache, slackUser } = search;
  const list = await cache.read(slackUser, ['issues', repository.workspace, repository.repoSlug], async () => {
    const { issues, truncated } = await openIssueTracker(deps, slackUser).listRecentIssues(repository);
    const items = issues.map((issue) => ({
      text: `#${issue.id} ${issue.title}`,
      value: String(issue.id),
      ...(issue.state === undefined ? {} : { description: issue.state }),
    }));
    return { items, truncated };
  });

  const number = /^#?(\d+)$/.exec(query.trim())?.[1];
  if (number !== undefined) {
    const exact = list.items.filter((item) => item.value === number);
    return [...filterOptions(exact, ''), ...filterOptions(list.items.filter((item) => item.value !== number), query)].slice(0, MAX_OPTIONS);
  }
  return filterOptions(list.items, query);
}

async function readWorkspaceList(search: OptionSearch): Promise<OptionList> {
  const { deps, cache, slackUser } = search;
  return cache.read(slackUser, ['workspaces'], async () => {
    const source = await deps.connections.getTokenSource(slackUser);
    const pages = await listUserWorkspaces(deps.bitbucket, source.tokens, { sort: 'slug' });
    const items = pages.values.map((access) => ({
      text: access.workspace.slug,
      value: access.workspace.slug,
      ...(access.workspace.name === undefined ? {} : { keywords: access.workspace.name }),
    }));
    return { items, truncated: pages.truncated };
  });
}

/** Returns the workspace's repositories from the cache, plus Bitbucket's matches for `namePart` when the list is truncated. */
async function readRepositoryList(search: OptionSearch, workspace: string, namePart: string): Promise<OptionItem[]> {
  const { deps, cache, slackUser } = search;
  const fetchRepositories = async (q: string | undefined, maxPages: number): Promise<OptionList> => {
    const source = await deps.connections.getTokenSource(slackUser);
    const pages = await listRepositories(deps.bitbucket, source.tokens, workspace, { sort: '-updated_on', ...(q === undefined ? {} : { q }) }, { maxPages });
    const items = await Promise.all(
      pages.values.map(async (repository) => ({
        text: repository.full_name,
        value: await encodeOptionValue(deps.store, repository.full_name),
        keywords: repository.name,
      })),
    );
    return { items, truncated: pages.truncated };
  };

  const list = await cache.read(slackUser, ['repositories', workspace], () => fetchRepositories(undefined, LIST_PAGES));
  const term = namePart.trim().slice(0, MAX_QUERY_LENGTH);
  if (!list.truncated || term === '') return list.items;

  const searched = await cache.read(slackUser, ['repositories', workspace, 'q', term], () =>
    fetchRepositories(`name ~ ${quoteBbql(term)}`, 1),
  );
  return mergeItems(list.items, searched.items);
}

/** Returns the workspaces named exactly `prefix`, else those whose slug starts with it. */
function pickWorkspaces(workspaces: string[], prefix: string): string[] {
  const exact = workspaces.filter((workspace) => workspace.toLowerCase() === prefix);
  if (exact.length > 0) return exact;
  const matching = workspaces.filter((workspace) => workspace.toLowerCase().startsWith(prefix));
  // A workspace the user is not a member of can still hold repositories they may read.
  return matching.length > 0 ? matching : [prefix];
}

function mergeItems(first: OptionItem[], second: OptionItem[]): OptionItem[] {
  const seen = new Set(first.map((item) => item.value));
  return [...first, ...second.filter((item) => !seen.has(item.value))];
}

/** Quotes a string for BBQL: double quotes, with `\` and `"` escaped. */
function quoteBbql(text: string): string {
  return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}
