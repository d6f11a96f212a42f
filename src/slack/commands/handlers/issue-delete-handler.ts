import { openIssueTracker } from '../../issues/open-issue-tracker.js';
import { renderIssueDeleteRequest } from '../../render/render-deleted.js';
import type { CommandHandler } from '../command-handler.js';

/**
 * `issue delete <repo> <id>`: reads the issue, so a wrong number or a removed tracker is reported
 * at once. Then it shows a confirmation with a danger button that only the requester may press.
 */
export const handleIssueDelete: CommandHandler<'issue-delete'> = async (command, context, deps) => {
  const repository = { workspace: command.workspace, repoSlug: command.repoSlug };
  const issue = await openIssueTracker(deps, context.slackUser).getIssue(repository, command.issueId);

  await context.reply(
    renderIssueDeleteRequest({
      ...repository,
      issueId: command.issueId,
      issueTitle: issue.title,
      requesterUserId: context.slackUser.userId,
    }),
  );
};
