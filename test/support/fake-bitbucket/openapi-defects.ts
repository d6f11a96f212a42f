/**
 * The known defects of Bitbucket's openapi.json (x-revision 27d71c15e7e6), where a validator built
 * on it is stricter than the real API. Each function normalises exactly one of them. Example
 * responses in the file also break the schema's own commit-hash pattern, but the fake checks
 * requests only, so that defect needs no rule here.
 */
import type { JsonSchema, OpenApiOperation } from './openapi-spec.js';

/**
 * Returns a copy of `components.schemas` without the required `type` of the base `object` schema
 * and of `ref`, which repeats it. Every request body (pull request, reviewer, project, branch)
 * would otherwise need `"type"`, although the real API and Atlassian's own examples omit it.
 */
export function normaliseComponentSchemas(schemas: Record<string, JsonSchema>): Record<string, JsonSchema> {
  const normalised = { ...schemas };
  for (const name of ['object', 'ref']) {
    const schema = schemas[name];
    if (schema === undefined) continue;

    const required = Array.isArray(schema['required']) ? (schema['required'] as string[]) : [];
    normalised[name] = { ...schema, required: required.filter((field) => field !== 'type') };
  }
  return normalised;
}

/** The schema a request body is checked against in place of a missing declaration. */
export interface SubstituteBody {
  /** Name under `components.schemas`. */
  schemaName: string;
  /** True when top-level properties set to null are left out before the check. */
  ignoreNullProperties: boolean;
}

/**
 * Returns the body schema for the two operations that openapi.json declares without a request
 * body although they take one: create-branch takes a `branch`, and update-issue takes a partial
 * `issue` in which `null` clears a field. Returns undefined for every other operation.
 */
export function findSubstituteBody(operation: OpenApiOperation): SubstituteBody | undefined {
  if (operation.method === 'POST' && operation.template === '/repositories/{workspace}/{repo_slug}/refs/branches') {
    return { schemaName: 'branch', ignoreNullProperties: false };
  }
  if (operation.method === 'PUT' && operation.template === '/repositories/{workspace}/{repo_slug}/issues/{issue_id}') {
    return { schemaName: 'issue', ignoreNullProperties: true };
  }
  return undefined;
}

/**
 * Tells whether a query parameter may be repeated although openapi.json types it as one string.
 * Only `state` of the pull request list: the API takes `?state=OPEN&state=MERGED`.
 */
export function allowsRepeatedQueryParameter(operation: OpenApiOperation, name: string): boolean {
  return (
    operation.method === 'GET' &&
    operation.template === '/repositories/{workspace}/{repo_slug}/pullrequests' &&
    name === 'state'
  );
}

/**
 * Tells whether a deprecated operation may still be called. The issue-tracker operations are all
 * deprecated because Bitbucket removed issues; the app keeps its issue actions and explains the
 * removal, so calling them is expected. Other deprecated operations, such as GET /workspaces and
 * GET /repositories, were shut down on 31 March 2026, so the app must not call them.
 */
export function isTolerableDeprecation(operation: OpenApiOperation): boolean {
  return /^\/repositories\/\{workspace\}\/\{repo_slug\}\/(issues|components|milestones|versions)(\/|$)/.test(
    operation.template,
  );
}
