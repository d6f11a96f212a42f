import type { Branch } from '../../../bitbucket/types.js';
import { resolveRef } from '../../../bitbucket/resolve-ref.js';
import { renderBranchCreated } from '../../render/render-created.js';
import { announceResult } from '../../replies/announce-result.js';
import type { CommandHandler } from '../command-handler.js';
import { openUserConnection, runUserAction } from '../run-user-action.js';

/**
 * `branch create <repo> <name> [from <ref>]`: resolves the starting point to its full hash,
 * creates the branch and announces it in the channel. The starting point is a branch, tag or
 * commit, and the main branch when none is named.
 */
export const handleBranchCreate: CommandHandler<'branch-create'> = async (command, context, deps) => {
  const user = await openUserConnection(deps, context.slackUser);
  const { client, tokens } = user.connection;
  const start = await resolveRef(client, tokens, command.workspace, command.repoSlug, command.from);

  const { data: branch } = await runUserAction<Branch>(
    deps,
    context.slackUser,
    'BITBUCKET_CREATE_BRANCH',
    { workspace: command.workspace, repo_slug: command.repoSlug, name: command.name, target_hash: start.hash },
    user,
  );

  const message = renderBranchCreated({
    workspace: command.workspace,
    repoSlug: command.repoSlug,
    branch,
    from: start.name,
    actorUserId: context.slackUser.userId,
    viaSharedToken: user.viaSharedToken,
  });
  await announceResult(context, message, deps);
};
