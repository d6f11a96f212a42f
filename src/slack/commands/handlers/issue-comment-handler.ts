import { openIssueTracker } from '../../issues/open-issue-tracker.js';
import { renderIssueCommentCreated } from '../../render/render-commented.js';
import { announceResult } from '../../replies/announce-result.js';
import type { CommandHandler } from '../command-handler.js';

/**
 * `issue comment <repo> <id> <text>`: comments on an issue and announces it in the channel. Where
 * Bitbucket removed the issue tracker, or the issue does not exist, the tracker's error explains that.
 */
export const handleIssueComment: CommandHandler<'issue-comment'> = async (command, context, deps) => {
  const repository = { workspace: command.workspace, repoSlug: command.repoSlug };
  const { data: comment, viaSharedToken } = await openIssueTracker(deps, context.slackUser).addComment(repository, command.issueId, command.text);

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
