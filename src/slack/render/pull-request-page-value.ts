import { z } from 'zod';

import { PULL_REQUEST_STATE_FILTERS, type PullRequestStateFilter } from '../commands/parsed-command.js';

/** The page a Next or Previous button of the pull request list leads to. */
export interface PullRequestPageState {
  workspace: string;
  repoSlug: string;
  state: PullRequestStateFilter;
  /** 1-based page number, as Bitbucket's `page` parameter counts. */
  page: number;
}

/** Short keys keep the value far below Slack's 2,000-character limit for a button value. */
const pageValueSchema = z.strictObject({
  w: z.string().min(1).max(200),
  r: z.string().min(1).max(200),
  s: z.enum(PULL_REQUEST_STATE_FILTERS),
  p: z.number().int().min(1).max(100_000),
});

/** Encodes the page state as a button value. */
export function encodePullRequestPageValue(state: PullRequestPageState): string {
  return JSON.stringify({ w: state.workspace, r: state.repoSlug, s: state.state, p: state.page });
}

/**
 * Decodes a button value made by encodePullRequestPageValue. Returns undefined for anything else,
 * because the value comes back in a request and is checked like any other input.
 */
export function parsePullRequestPageValue(value: string | undefined): PullRequestPageState | undefined {
  if (value === undefined) return undefined;

  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return undefined;
  }
  const parsed = pageValueSchema.safeParse(json);
  if (!parsed.success) return undefined;

  return { workspace: parsed.data.w, repoSlug: parsed.data.r, state: parsed.data.s, page: parsed.data.p };
}
