import { openDeleteRepositoryModal } from '../../modals/delete-repository/delete-repository-modal.js';
import { openIssueCreateModal, openIssueUpdateModal } from '../../modals/issue/open-issue-modal.js';
import type { ModalOrigin } from '../../modals/modal-context.js';
import { openPullRequestModal } from '../../modals/pull-request/open-pull-request-modal.js';
import { openRepositoryModal } from '../../modals/repository/repository-modal.js';
import { buildFallbackText, buildSection } from '../../render/blocks.js';
import { escapeMrkdwn } from '../../render/mrkdwn.js';
import type { CommandContext } from '../command-context.js';
import type { CommandHandler } from '../command-handler.js';

/** `pr create [<repo>] [<source> [into <destination>]]`: opens the pull request form, filled with what was typed. */
export const handlePullRequestCreate: CommandHandler<'pr-create'> = async (command, context, deps) => {
  const triggerId = await requireTrigger(context);
  if (triggerId === undefined) return;
  await openPullRequestModal(deps, context.client, {
    triggerId,
    slackUser: context.slackUser,
    origin: readOrigin(context),
    prefill: {
      ...(command.workspace === undefined || command.repoSlug === undefined ? {} : { repository: { workspace: command.workspace, repoSlug: command.repoSlug } }),
      ...(command.source === undefined ? {} : { source: command.source }),
      ...(command.destination === undefined ? {} : { destination: command.destination }),
    },
  });
};

/** `repo create [<workspace>/<slug>]`: opens the repository form. */
export const handleRepositoryCreate: CommandHandler<'repo-create'> = async (command, context, deps) => {
  const triggerId = await requireTrigger(context);
  if (triggerId === undefined) return;
  await openRepositoryModal(deps, context.client, {
    triggerId,
    slackUser: context.slackUser,
    origin: readOrigin(context),
    prefill: {
      ...(command.workspace === undefined ? {} : { workspace: command.workspace }),
      ...(command.repoSlug === undefined ? {} : { repoSlug: command.repoSlug }),
    },
  });
};

/** `repo delete <repo>`: opens the modal where the user types the repository's full name to delete it. */
export const handleRepositoryDelete: CommandHandler<'repo-delete'> = async (command, context, deps) => {
  const triggerId = await requireTrigger(context);
  if (triggerId === undefined) return;
  await openDeleteRepositoryModal(deps, context.client, {
    triggerId,
    slackUser: context.slackUser,
    origin: readOrigin(context),
    repository: { workspace: command.workspace, repoSlug: command.repoSlug },
  });
};

/** `issue create [<repo>] [title]`: opens the issue form. */
export const handleIssueCreate: CommandHandler<'issue-create'> = async (command, context, deps) => {
  const triggerId = await requireTrigger(context);
  if (triggerId === undefined) return;
  await openIssueCreateModal(deps, context.client, {
    triggerId,
    slackUser: context.slackUser,
    origin: readOrigin(context),
    prefill: {
      ...(command.workspace === undefined || command.repoSlug === undefined ? {} : { repository: { workspace: command.workspace, repoSlug: command.repoSlug } }),
      ...(command.title === undefined ? {} : { title: command.title }),
    },
  });
};

/** `issue update <repo> <id>`: opens the issue form with the issue's current fields. */
export const handleIssueUpdate: CommandHandler<'issue-update'> = async (command, context, deps) => {
  const triggerId = await requireTrigger(context);
  if (triggerId === undefined) return;
  await openIssueUpdateModal(deps, context.client, {
    triggerId,
    slackUser: context.slackUser,
    origin: readOrigin(context),
    repository: { workspace: command.workspace, repoSlug: command.repoSlug },
    issueId: command.issueId,
  });
};

function readOrigin(context: CommandContext): ModalOrigin {
  return { channelId: context.channelId, responseUrl: context.responseUrl };
}

/**
 * Returns the command's trigger id. A command replayed after the user connected has none, because
 * Slack lets an app open a form only within 3 seconds of the user's action. Without one, the user
 * gets a reply telling them to run the command again.
 */
async function requireTrigger(context: CommandContext): Promise<string | undefined> {
  if (context.triggerId !== undefined) return context.triggerId;
  const command = `/bitbucket ${context.text.trim()}`;
  await context.reply({
    text: buildFallbackText(`Run ${command} again to open the form`),
    blocks: [buildSection(`Run \`${escapeMrkdwn(command)}\` again to open the form: Slack lets an app open a form only right after a command.`)],
  });
  return undefined;
}
