import { z } from 'zod';

import type { InputProblem } from './errors.js';

/**
 * Builds a zod error option whose message names the expected value and the received one, e.g.
 * `expected a repository slug such as "api", got ""`, or `missing; expected …` when absent.
 */
export function expected(description: string): { error: (issue: { input?: unknown }) => string } {
  return {
    error: (issue) =>
      issue.input === undefined ? `missing; expected ${description}` : `expected ${description}, got ${describeValue(issue.input)}`,
  };
}

/**
 * A workspace or repository slug, or a `{uuid}`. Letters, digits, `.`, `_` and `-`, without `..`,
 * because the value becomes one URL path segment.
 */
const SLUG_PATTERN = /^(?:\{[0-9a-fA-F-]{36}\}|(?!\.{1,2}$)(?!.*\.\.)[A-Za-z0-9._-]{1,128})$/;

function slugField(description: string, help: string) {
  return z.string(expected(description)).regex(SLUG_PATTERN, expected(description)).describe(help);
}

export const workspaceField = slugField(
  'a workspace slug such as "acme" or its {uuid}',
  'Workspace slug, or the workspace UUID in braces: {…}.',
);

export const repoSlugField = slugField(
  'a repository slug such as "api" or its {uuid}',
  'Repository slug, as in bitbucket.org/{workspace}/{repo_slug}, or the repository UUID in braces.',
);

export const issueIdField = z
  .number(expected('an issue number such as 12'))
  .int(expected('an issue number such as 12'))
  .positive(expected('an issue number such as 12'))
  .describe('Issue number within the repository.');

/** Builds the schema of an action's parameters. It rejects unknown parameters, so a typo is not ignored. */
export function parametersObject<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.strictObject(shape, expected('a JSON object of parameters'));
}

/** A required piece of text that must contain more than white space. */
export function textField(description: string, help: string) {
  return z.string(expected(description)).regex(/\S/, expected(description)).trim().describe(help);
}

/**
 * Converts zod issues to problems that name the parameter, e.g. `reviewers[0]`. An unknown
 * parameter is reported with the list of `knownParameters`. A problem is listed once, because
 * one value can fail several checks with the same message: a pagelen of 1e300 fails both the
 * safe-integer check and the maximum.
 */
export function toInputProblems(error: z.ZodError, knownParameters: string[]): InputProblem[] {
  const problems = error.issues.map((issue): InputProblem => {
    if (issue.code === 'unrecognized_keys') {
      const known = knownParameters.length > 0 ? `the parameters are ${knownParameters.join(', ')}` : 'this action takes no parameters';
      const noun = issue.keys.length === 1 ? 'parameter' : 'parameters';
      return { parameter: '', message: `unknown ${noun} ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}; ${known}` };
    }
    return { parameter: formatPath(issue.path), message: issue.message };
  });
  return problems.filter(
    (problem, index) => problems.findIndex((other) => other.parameter === problem.parameter && other.message === problem.message) === index,
  );
}

function formatPath(path: PropertyKey[]): string {
  let result = '';
  for (const key of path) {
    if (typeof key === 'number') result += `[${key}]`;
    else result += result === '' ? String(key) : `.${String(key)}`;
  }
  return result;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a value of type ${typeof value}`;
}
