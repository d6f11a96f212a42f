import type { ApiRoute } from './http-types.js';
import { accountRoutes } from './resources/accounts.js';
import { repositoryRoutes } from './resources/repositories.js';

/** Lists every API operation the fake implements. */
export function listApiRoutes(): ApiRoute[] {
  return [...accountRoutes, ...repositoryRoutes];
}
