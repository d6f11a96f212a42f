import type { ApiRoute } from './http-types.js';
import { accountRoutes } from './resources/accounts.js';
import { issueRoutes } from './resources/issues.js';
import { pullRequestRoutes } from './resources/pull-requests.js';
import { refRoutes } from './resources/refs.js';
import { repositoryRoutes } from './resources/repositories.js';
import { snippetRoutes } from './resources/snippets.js';
import { sourceRoutes } from './resources/source.js';

/** Lists every API operation the fake implements. */
export function listApiRoutes(): ApiRoute[] {
  return [
    ...accountRoutes,
    ...repositoryRoutes,
    ...refRoutes,
    ...pullRequestRoutes,
    ...issueRoutes,
    ...sourceRoutes,
    ...snippetRoutes,
  ];
}
