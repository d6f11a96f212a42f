import { z } from 'zod';

import { createSnippetComment } from '../bitbucket/snippets.js';
import { defineAction } from './action.js';
import { expected, parametersObject, textField, workspaceField } from './input-fields.js';

export const createSnippetCommentAction = defineAction({
  slug: 'BITBUCKET_CREATE_SNIPPET_COMMENT',
  description: 'Comments on a snippet; with parent_id the comment is a reply to that comment.',
  input: parametersObject({
    workspace: workspaceField,
    encoded_id: z
      .string(expected('a snippet id such as "kypj"'))
      .regex(/^[A-Za-z0-9_-]{1,64}$/, expected('a snippet id such as "kypj"'))
      .describe('The snippet id from its URL, e.g. "kypj".'),
    content: textField('the comment text', 'Comment text, in Markdown.'),
    parent_id: z
      .number(expected('a comment id such as 42'))
      .int(expected('a comment id such as 42'))
      .positive(expected('a comment id such as 42'))
      .optional()
      .describe('Id of the comment to reply to.'),
  }),
  async run(input, { client, tokens }) {
    return createSnippetComment(client, tokens, input.workspace, input.encoded_id, input.content, input.parent_id);
  },
});
