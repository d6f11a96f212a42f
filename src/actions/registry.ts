import { z } from 'zod';

import { AppError } from '../app-error.js';
import type { ActionConnection, ActionDefinition, ActionResult } from './action.js';
import { createBranchAction } from './create-branch.js';
import { createIssueCommentAction } from './create-issue-comment.js';
import { createIssueAction } from './create-issue.js';
import { createPullRequestAction } from './create-pull-request.js';
import { createRepositoryAction } from './create-repository.js';
import { createSnippetCommentAction } from './create-snippet-comment.js';
import { deleteIssueAction } from './delete-issue.js';
import { deleteRepositoryAction } from './delete-repository.js';
import { ActionInputError, UnexpectedError, UnknownActionError } from './errors.js';
import { getCurrentUserAction } from './get-current-user.js';
import { getFileFromRepositoryAction } from './get-file-from-repository.js';
import { getSnippetAction } from './get-snippet.js';
import { toInputProblems } from './input-fields.js';
import { listPullRequestsAction } from './list-pull-requests.js';
import { listRepositoriesInWorkspaceAction } from './list-repositories-in-workspace.js';
import { listWorkspaceMembersAction } from './list-workspace-members.js';
import { listWorkspacesAction } from './list-workspaces.js';
import { updateIssueAction } from './update-issue.js';

/** The 16 toolkit actions. Their slugs and parameter names are fixed by the toolkit's interface. */
const ACTION_DEFINITIONS: readonly ActionDefinition[] = Object.freeze([
  createBranchAction,
  createIssueAction,
  createIssueCommentAction,
  updateIssueAction,
  deleteIssueAction,
  createPullRequestAction,
  listPullRequestsAction,
  createRepositoryAction,
  deleteRepositoryAction,
  getCurrentUserAction,
  getFileFromRepositoryAction,
  getSnippetAction,
  createSnippetCommentAction,
  listRepositoriesInWorkspaceAction,
  listWorkspacesAction,
  listWorkspaceMembersAction,
]);

/** An action as programs discover it: `parameters` is the JSON Schema of its input. */
export interface ActionDescription {
  slug: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** The outcome of runAction; the error keeps its type so the Slack layer can switch on `code`. */
export type ActionOutcome =
  | { ok: true; data: unknown; envelopeFields: Record<string, unknown> }
  | { ok: false; error: AppError; envelopeFields: Record<string, unknown> };

/** Lists every action with its description and the JSON Schema of its input. */
export function listActions(): ActionDescription[] {
  return ACTION_DEFINITIONS.map((definition) => ({
    slug: definition.slug,
    description: definition.description,
    parameters: z.toJSONSchema(definition.input, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
  }));
}

/** Finds an action by slug, ignoring case and surrounding spaces. */
export function findAction(slug: string): ActionDefinition | undefined {
  const wanted = slug.trim().toUpperCase();
  return ACTION_DEFINITIONS.find((definition) => definition.slug === wanted);
}

/**
 * Validates `params`, runs the action and returns its data, or the error as an AppError: Bitbucket
 * errors keep their class, invalid input becomes ActionInputError (nothing is sent), and any
 * other error becomes UnexpectedError with the original as `cause`.
 */
export async function runAction(slug: string, params: unknown, connection: ActionConnection): Promise<ActionOutcome> {
  const definition = findAction(slug);
  if (!definition) {
    return { ok: false, error: new UnknownActionError(slug, suggestSlug(slug)), envelopeFields: {} };
  }

  const parsed = definition.input.safeParse(params ?? {});
  if (!parsed.success) {
    const known = definition.input instanceof z.ZodObject ? Object.keys(definition.input.shape) : [];
    return { ok: false, error: new ActionInputError(toInputProblems(parsed.error, known)), envelopeFields: {} };
  }

  try {
    const data = await definition.run(parsed.data, connection);
    return { ok: true, data, envelopeFields: definition.envelopeFields?.(parsed.data, data) ?? {} };
  } catch (error) {
    let appError: AppError;
    if (error instanceof AppError) {
      appError = error;
    } else {
      appError = new UnexpectedError(error);
      connection.logger?.error({ err: error, action: definition.slug }, `Action ${definition.slug} failed unexpectedly`);
    }
    return { ok: false, error: appError, envelopeFields: definition.envelopeFields?.(parsed.data, null) ?? {} };
  }
}

/** Runs an action and returns the toolkit envelope `{ successful, data, error }`; failures come back as `successful: false`. */
export async function executeAction(slug: string, params: unknown, connection: ActionConnection): Promise<ActionResult> {
  const outcome = await runAction(slug, params, connection);
  if (outcome.ok) {
    // An action whose response had no body (204) returns undefined, which JSON output would drop.
    return { successful: true, data: outcome.data ?? null, error: null, ...outcome.envelopeFields };
  }
  return { successful: false, data: null, error: outcome.error.message, ...outcome.envelopeFields };
}

/** Returns the slug closest to a mistyped one, when one is close enough to be a likely typo. */
function suggestSlug(slug: string): string | undefined {
  const wanted = slug.trim().toUpperCase();
  const candidates = [wanted, `BITBUCKET_${wanted}`];
  let best: { slug: string; distance: number } | undefined;
  for (const definition of ACTION_DEFINITIONS) {
    for (const candidate of candidates) {
      const distance = measureEditDistance(candidate, definition.slug);
      if (!best || distance < best.distance) best = { slug: definition.slug, distance };
    }
  }
  return best && best.distance <= Math.max(2, Math.floor(best.slug.length / 4)) ? best.slug : undefined;
}

/** Levenshtein distance between two strings. */
function measureEditDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
