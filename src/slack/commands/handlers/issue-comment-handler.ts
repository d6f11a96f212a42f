import type { Comment } from '../../../bitbucket/types.js';
import { renderIssueCommentCreated } from '../../render/render-commented.js';
import { announceResult } from '../../replies/announce-result.js';
import type { CommandHandler } from '../command-handler.js';
import { runUserAction } from '../run-user-action.js';

/**
 * `issue comment <repo> <id> <text>`: comments on an issue and announces it in the channel. Where
 * Bitbucket removed the issue tracker, the action's error explains that.
 */
export const handleIssueComment: CommandHandler<'issue-comment'> = async (command, context, deps) => {
  const { data: comment, viaSharedToken } = await runUserAction<Comment>(
    deps,
    context.slackUser,
    'BITBUCKET_CREATE_ISSUE_COMMENT',
    { workspace: command.workspace, repo_slug: command.repoSlug, issue_id: command.issueId, content: command.text },
  );

  const message = renderIssueCommentCreated({
    workspace: command.workspace,
    repoSlug: command.repoSlug,
    issueId: command.issueId,
    comment,
    actorUserId: context.slackUser.userId,
    viaSharedToken,
  });
  await announceResult(context, message, deps);
};
