import { z } from 'zod';

import { createIssue, type IssueFields } from '../bitbucket/issues.js';
import { defineAction } from './action.js';
import { expected, parametersObject, repoSlugField, textField, workspaceField } from './input-fields.js';
import { accountIdField, issueKindField, issuePriorityField, toAssignee, trackerIdField } from './issue-fields.js';

const DATE_DESCRIPTION = 'a date such as "2026-09-30"';

export const createIssueAction = defineAction({
  slug: 'BITBUCKET_CREATE_ISSUE',
  description:
    "Creates an issue in a repository's Bitbucket issue tracker. Bitbucket Cloud removed Issues on " +
    '20 August 2026, so this fails with an "issue tracker unavailable" error where the tracker is gone.',
  input: parametersObject({
    workspace: workspaceField,
    repo_slug: repoSlugField,
    title: textField('an issue title', 'Issue title.'),
    content: textField('the issue description', 'Issue description, in Markdown.'),
    assignee: accountIdField.optional().describe('Account id (or {uuid}) of the user to assign.'),
    component_id: trackerIdField('component').optional(),
    // NOTE: Bitbucket's published issue schema has no due date, so Bitbucket may ignore due_on.
    due_on: z
      .string(expected(DATE_DESCRIPTION))
      .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/, expected(DATE_DESCRIPTION))
      .optional()
      .describe('Due date, sent as due_on; Bitbucket\'s issue schema does not list it, so it may be ignored.'),
    kind: issueKindField.optional(),
    milestone_id: trackerIdField('milestone').optional(),
    priority: issuePriorityField.optional(),
    version_id: trackerIdField('version').optional(),
  }),
  async run(input, { client, tokens }) {
    // Optional fields stay out of the body when unset, so Bitbucket applies its own defaults.
    const fields: IssueFields & { title: string } = { title: input.title, content: { raw: input.content } };
    if (input.assignee !== undefined) fields.assignee = toAssignee(input.assignee);
    if (input.component_id !== undefined) fields.component = { id: input.component_id };
    if (input.milestone_id !== undefined) fields.milestone = { id: input.milestone_id };
    if (input.version_id !== undefined) fields.version = { id: input.version_id };
    if (input.due_on !== undefined) fields.due_on = input.due_on;
    if (input.kind !== undefined) fields.kind = input.kind;
    if (input.priority !== undefined) fields.priority = input.priority;

    return createIssue(client, tokens, input.workspace, input.repo_slug, fields);
  },
});
