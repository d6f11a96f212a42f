import { z } from 'zod';

import { expected } from './input-fields.js';

/** Values Bitbucket's issue tracker accepts, from its OpenAPI description. */
export const ISSUE_KINDS = ['bug', 'enhancement', 'proposal', 'task'] as const;
export const ISSUE_PRIORITIES = ['trivial', 'minor', 'major', 'critical', 'blocker'] as const;
export const ISSUE_STATES = ['submitted', 'new', 'open', 'resolved', 'on hold', 'invalid', 'duplicate', 'wontfix', 'closed'] as const;

export const issueKindField = z
  .enum(ISSUE_KINDS, expected(`one of ${ISSUE_KINDS.join(', ')}`))
  .describe('Issue kind.');

export const issuePriorityField = z
  .enum(ISSUE_PRIORITIES, expected(`one of ${ISSUE_PRIORITIES.join(', ')}`))
  .describe('Issue priority.');

export const issueStateField = z
  .enum(ISSUE_STATES, expected(`one of ${ISSUE_STATES.join(', ')}`))
  .describe('Issue state.');

const USER_UUID = /^\{[0-9a-fA-F-]{36}\}$/;

/** Bitbucket identifies an assignee by `account_id`, or by `uuid` when the value is a `{uuid}`. */
export function toAssignee(value: string): { account_id: string } | { uuid: string } {
  return USER_UUID.test(value) ? { uuid: value } : { account_id: value };
}

export const accountIdField = z
  .string(expected('an Atlassian account id such as "557058:…" or a user {uuid}'))
  .trim()
  .min(1, expected('an Atlassian account id such as "557058:…" or a user {uuid}'));

/** An id of an issue component, milestone or version. */
export function trackerIdField(kind: string) {
  return z
    .number(expected(`a ${kind} id such as 3`))
    .int(expected(`a ${kind} id such as 3`))
    .positive(expected(`a ${kind} id such as 3`))
    .describe(`Id of the ${kind} in the repository's issue tracker.`);
}
