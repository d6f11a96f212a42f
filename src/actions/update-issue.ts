import { z } from 'zod';

import { updateIssue, type IssueFields } from '../bitbucket/issues.js';
import { defineAction } from './action.js';
import { expected, issueIdField, parametersObject, repoSlugField, textField, workspaceField } from './input-fields.js';
import { accountIdField, issueKindField, issuePriorityField, issueStateField, toAssignee } from './issue-fields.js';

const CHANGEABLE_FIELDS = [
  'title',
  'content',
  'state',
  'kind',
  'priority',
  'assignee_account_id',
  'component',
  'milestone',
  'version',
] as const;

/** A name of a component, milestone or version, or null to clear the field. */
function trackerNameField(kind: string) {
  return z
    .string(expected(`a ${kind} name, or null to clear it`))
    .trim()
    .min(1, expected(`a ${kind} name, or null to clear it`))
    .nullable()
    .optional()
    .describe(`Name of the ${kind}; null clears it.`);
}

export const updateIssueAction = defineAction({
  slug: 'BITBUCKET_UPDATE_ISSUE',
  description:
    'Changes fields of an issue; fields left out keep their values and null clears assignee, component, ' +
    'milestone or version. Bitbucket Cloud removed Issues on 20 August 2026, so this fails with an ' +
    '"issue tracker unavailable" error where the tracker is gone.',
  input: parametersObject({
    workspace: workspaceField,
    repo_slug: repoSlugField,
    issue_id: issueIdField,
    title: textField('an issue title', 'New title.').optional(),
    content: z
      .string(expected('the issue description as a string'))
      .trim()
      .optional()
      .describe('New description, in Markdown; an empty string clears it.'),
    state: issueStateField.optional(),
    kind: issueKindField.optional(),
    priority: issuePriorityField.optional(),
    assignee_account_id: accountIdField.nullable().optional().describe('Account id (or {uuid}) of the new assignee; null unassigns.'),
    component: trackerNameField('component'),
    milestone: trackerNameField('milestone'),
    version: trackerNameField('version'),
  }).refine((input) => CHANGEABLE_FIELDS.some((field) => input[field] !== undefined), {
    error: `expected at least one field to change: ${CHANGEABLE_FIELDS.join(', ')}`,
  }),
  async run(input, { client, tokens }) {
    const fields: IssueFields = {};
    if (input.title !== undefined) fields.title = input.title;
    if (input.content !== undefined) fields.content = { raw: input.content };
    if (input.state !== undefined) fields.state = input.state;
    if (input.kind !== undefined) fields.kind = input.kind;
    if (input.priority !== undefined) fields.priority = input.priority;
    if (input.assignee_account_id !== undefined) {
      fields.assignee = input.assignee_account_id === null ? null : toAssignee(input.assignee_account_id);
    }
    if (input.component !== undefined) fields.component = input.component === null ? null : { name: input.component };
    if (input.milestone !== undefined) fields.milestone = input.milestone === null ? null : { name: input.milestone };
    if (input.version !== undefined) fields.version = input.version === null ? null : { name: input.version };

    return updateIssue(client, tokens, input.workspace, input.repo_slug, input.issue_id, fields);
  },
});
