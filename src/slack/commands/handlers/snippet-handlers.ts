import type { Comment, Snippet } from '../../../bitbucket/types.js';
import { renderSnippetCommentCreated } from '../../render/render-commented.js';
import { renderSnippet } from '../../render/render-snippet.js';
import { announceResult } from '../../replies/announce-result.js';
import type { CommandHandler } from '../command-handler.js';
import { runUserAction } from '../run-user-action.js';

/** `snippet <workspace> <id>`: the snippet with its files' text. */
export const handleSnippet: CommandHandler<'snippet'> = async (command, context, deps) => {
  const { data, viaSharedToken } = await runUserAction<Snippet>(deps, context.slackUser, 'BITBUCKET_GET_SNIPPET', {
    workspace: command.workspace,
    encoded_id: command.snippetId,
  });

  await context.reply(renderSnippet({ workspace: command.workspace, snippet: data, viaSharedToken }));
};

/** `snippet comment <workspace> <id> <text> [reply-to <comment id>]`: comments and announces it in the channel. */
export const handleSnippetComment: CommandHandler<'snippet-comment'> = async (command, context, deps) => {
  const { data: comment, viaSharedToken } = await runUserAction<Comment>(
    deps,
    context.slackUser,
    'BITBUCKET_CREATE_SNIPPET_COMMENT',
    {
      workspace: command.workspace,
      encoded_id: command.snippetId,
      content: command.text,
      ...(command.replyTo === undefined ? {} : { parent_id: command.replyTo }),
    },
  );

  const message = renderSnippetCommentCreated({
    workspace: command.workspace,
    snippetId: command.snippetId,
    comment,
    replyTo: command.replyTo,
    actorUserId: context.slackUser.userId,
    viaSharedToken,
  });
  await announceResult(context, message, deps);
};
