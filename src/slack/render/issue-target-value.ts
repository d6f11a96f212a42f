import { z } from 'zod';

/** The issue a button acts on, e.g. the Delete button of the delete confirmation. */
export interface IssueTarget {
  workspace: string;
  repoSlug: string;
  issueId: number;
}

const issueTargetSchema = z.strictObject({
  w: z.string().min(1).max(200),
  r: z.string().min(1).max(200),
  i: z.number().int().positive(),
});

/** Encodes the issue as a button value, far below Slack's 2,000-character limit. */
export function encodeIssueTargetValue(target: IssueTarget): string {
  return JSON.stringify({ w: target.workspace, r: target.repoSlug, i: target.issueId });
}

/** Decodes a value made by encodeIssueTargetValue; returns undefined for anything else. */
export function parseIssueTargetValue(value: string | undefined): IssueTarget | undefined {
  if (value === undefined) return undefined;

  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return undefined;
  }
  const parsed = issueTargetSchema.safeParse(json);
  if (!parsed.success) return undefined;

  return { workspace: parsed.data.w, repoSlug: parsed.data.r, issueId: parsed.data.i };
}
