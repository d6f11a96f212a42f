import type { ApiRoute } from './http-types.js';
import { compareSpecificity, compileTemplate, matchTemplate, type CompiledTemplate } from './path-template.js';

export interface RouteMatch {
  route: ApiRoute;
  params: Record<string, string>;
}

/** Finds the API route for a request; routes are matched with the same rules as openapi.json. */
export class ApiRouter {
  private readonly entries: { route: ApiRoute; compiled: CompiledTemplate }[];

  constructor(routes: readonly ApiRoute[]) {
    this.entries = routes
      .map((route) => ({ route, compiled: compileTemplate(route.template) }))
      .sort((left, right) => compareSpecificity(left.compiled, right.compiled));
  }

  /** `segments` are the decoded path segments after `/2.0`. */
  find(method: string, segments: readonly string[]): RouteMatch | undefined {
    for (const { route, compiled } of this.entries) {
      if (route.method !== method) continue;
      const params = matchTemplate(compiled, segments);
      if (params !== undefined) return { route, params };
    }
    return undefined;
  }
}
