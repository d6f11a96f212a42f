import { z } from 'zod';

/** The issue a button acts on, e.g. the Delete button of the delete confirmation. */
export interface IssueTarget {
  workspace: string;
  repoSlug: string;
  issueId: number;
  /** Slack user id of the person who asked; only they may press the button. */
  requesterUserId?: string;
}

const issueTargetSchema = z.strictObject({
  w: z.string().min(1).max(200),
  r: z.string().min(1).max(200),
  i: z.number().int().positive(),
  u: z.string().min(1).max(50).optional(),
});

/** Encodes the issue as a button value, far below Slack's 2,000-character limit. */
export function encodeIssueTargetValue(target: IssueTarget): string {
  const value: Record<string, unknown> = { w: target.workspace, r: target.repoSlug, i: target.issueId };
  if (target.requesterUserId !== undefined) value.u = target.requesterUserId;
  return JSON.stringify(value);
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

  const target: IssueTarget = { workspace: parsed.data.w, repoSlug: parsed.data.r, issueId: parsed.data.i };
  if (parsed.data.u !== undefined) target.requesterUserId = parsed.data.u;
  return target;
}
