import type { App, BlockSuggestion, types } from '@slack/bolt';

import { ACTION_IDS } from '../../ids.js';
import { readViewRepository } from '../../modals/read-view-repository.js';
import { answerOptions, buildHintOption } from '../../options/answer-options.js';
import { OptionListCache } from '../../options/option-list-cache.js';
import {
  searchBranches,
  searchIssues,
  searchMembers,
  searchRepositories,
  searchWorkspaces,
  type OptionSearch,
} from '../../options/option-sources.js';
import type { SlackDependencies } from '../../slack-dependencies.js';
import { slackUserOf } from '../slack-user-of.js';

type MenuSearch = (search: OptionSearch, body: BlockSuggestion) => Promise<types.PlainTextOption[]>;

const PICK_REPOSITORY_FIRST = 'Pick a repository first';

/**
 * Registers the options loads of the external select menus. Each responds within Slack's 3 seconds:
 * from the user's cached list when it has one, else from Bitbucket within a 2-second budget, else
 * with a "keep typing" hint while the list keeps loading into the cache.
 */
export function registerOptionListeners(app: App, deps: SlackDependencies): void {
  const cache = new OptionListCache(deps.store);

  const menus: Array<[string, MenuSearch]> = [
    [ACTION_IDS.workspaceSelect, (search, body) => searchWorkspaces(search, body.value)],
    [ACTION_IDS.repositorySelect, (search, body) => searchRepositories(search, body.value)],
    [ACTION_IDS.branchSelect, (search, body) => searchRepositoryBranches(search, body)],
    [ACTION_IDS.sourceBranchSelect, (search, body) => searchRepositoryBranches(search, body)],
    [ACTION_IDS.destinationBranchSelect, (search, body) => searchRepositoryBranches(search, body)],
    [ACTION_IDS.reviewersSelect, (search, body) => searchRepositoryMembers(search, body, true)],
    [ACTION_IDS.memberSelect, (search, body) => searchRepositoryMembers(search, body, false)],
    [ACTION_IDS.issueSelect, (search, body) => searchRepositoryIssues(search, body)],
  ];

  for (const [actionId, searchMenu] of menus) {
    app.options<'block_suggestion'>({ action_id: actionId, type: 'block_suggestion' }, async ({ body, ack }) => {
      const slackUser = slackUserOf(body);
      const options = await answerOptions(deps, { slackUser, menu: actionId }, () => searchMenu({ deps, cache, slackUser }, body));
      await ack({ options });
    });
  }
}

async function searchRepositoryBranches(search: OptionSearch, body: BlockSuggestion): Promise<types.PlainTextOption[]> {
  const repository = await readViewRepository(search.deps, body.view);
  if (repository === undefined) return [buildHintOption(PICK_REPOSITORY_FIRST)];
  return searchBranches(search, repository, body.value);
}

async function searchRepositoryMembers(search: OptionSearch, body: BlockSuggestion, excludeOwnAccount: boolean): Promise<types.PlainTextOption[]> {
  const repository = await readViewRepository(search.deps, body.view);
  if (repository === undefined) return [buildHintOption(PICK_REPOSITORY_FIRST)];
  return searchMembers(search, repository.workspace, body.value, { excludeOwnAccount });
}

async function searchRepositoryIssues(search: OptionSearch, body: BlockSuggestion): Promise<types.PlainTextOption[]> {
  const repository = await readViewRepository(search.deps, body.view);
  if (repository === undefined) return [buildHintOption(PICK_REPOSITORY_FIRST)];
  return searchIssues(search, repository, body.value);
}
