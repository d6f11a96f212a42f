import type { RepositoryFile } from '../../../actions/get-file-from-repository.js';
import { BitbucketNotFoundError } from '../../../bitbucket/errors.js';
import { readMainBranchName, resolveRef } from '../../../bitbucket/resolve-ref.js';
import { renderFile } from '../../render/render-file.js';
import type { CommandHandler } from '../command-handler.js';
import { openUserConnection, runUserAction } from '../run-user-action.js';

/**
 * `file <repo> <path> [at <ref>]`: a file's text, a directory's listing, or a description of a
 * binary or oversized file. Without `at`, the repository's main branch is read.
 */
export const handleFile: CommandHandler<'file'> = async (command, context, deps) => {
  const user = await openUserConnection(deps, context.slackUser);
  const { client, tokens } = user.connection;
  const ref = command.at ?? (await readMainBranchName(client, tokens, command.workspace, command.repoSlug));

  let file: RepositoryFile;
  try {
    const result = await runUserAction<RepositoryFile>(
      deps,
      context.slackUser,
      'BITBUCKET_GET_FILE_FROM_REPOSITORY',
      { workspace: command.workspace, repo_slug: command.repoSlug, commit: ref, path: command.path },
      user,
    );
    file = result.data;
  } catch (error) {
    // A 404 from /src does not say whether the ref or the path is missing. Resolving the ref
    // throws an error naming the ref (or the repository) when either of those is the cause.
    if (error instanceof BitbucketNotFoundError && command.at !== undefined) {
      await resolveRef(client, tokens, command.workspace, command.repoSlug, command.at);
    }
    throw error;
  }

  await context.reply(
    renderFile({ workspace: command.workspace, repoSlug: command.repoSlug, ref, file, viaSharedToken: user.viaSharedToken }),
  );
};
