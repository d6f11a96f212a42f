import { ErrorCode, type WebAPIPlatformError } from '@slack/web-api';

import { openDeleteRepositoryModal } from '../../modals/delete-repository/delete-repository-modal.js';
import { openIssueCreateModal, openIssueUpdateModal } from '../../modals/issue/open-issue-modal.js';
import type { ModalOrigin } from '../../modals/modal-context.js';
import { openPullRequestModal } from '../../modals/pull-request/open-pull-request-modal.js';
import { openRepositoryModal } from '../../modals/repository/repository-modal.js';
import { buildFallbackText, buildSection } from '../../render/blocks.js';
import { escapeMrkdwn } from '../../render/mrkdwn.js';
import type { SlackDependencies } from '../../slack-dependencies.js';
import type { CommandContext } from '../command-context.js';
import type { CommandHandler } from '../command-handler.js';

/** `pr create [<repo>] [<source> [into <destination>]]`: opens the pull request form, filled with what was typed. */
export const handlePullRequestCreate: CommandHandler<'pr-create'> = async (command, context, deps) => {
  const triggerId = await requireTrigger(context);
  if (triggerId === undefined) return;
  await openOrExplain(context, deps, () =>
    openPullRequestModal(deps, context.client, {
      triggerId,
      slackUser: context.slackUser,
      origin: readOrigin(context),
      prefill: {
        ...(command.workspace === undefined || command.repoSlug === undefined ? {} : { repository: { workspace: command.workspace, repoSlug: command.repoSlug } }),
        ...(command.source === undefined ? {} : { source: command.source }),
        ...(command.destination === undefined ? {} : { destination: command.destination }),
      },
    }),
  );
};

/** `repo create [<workspace>/<slug>]`: opens the repository form. */
export const handleRepositoryCreate: CommandHandler<'repo-create'> = async (command, context, deps) => {
  const triggerId = await requireTrigger(context);
  if (triggerId === undefined) return;
  await openOrExplain(context, deps, () =>
    openRepositoryModal(deps, context.client, {
      triggerId,
      slackUser: context.slackUser,
      origin: readOrigin(context),
      prefill: {
        ...(command.workspace === undefined ? {} : { workspace: command.workspace }),
        ...(command.repoSlug === undefined ? {} : { repoSlug: command.repoSlug }),
      },
    }),
  );
};

/** `repo delete <repo>`: opens the modal where the user types the repository's full name to delete it. */
export const handleRepositoryDelete: CommandHandler<'repo-delete'> = async (command, context, deps) => {
  const triggerId = await requireTrigger(context);
  if (triggerId === undefined) return;
  await openOrExplain(context, deps, () =>
    openDeleteRepositoryModal(deps, context.client, {
      triggerId,
      slackUser: context.slackUser,
      origin: readOrigin(context),
      repository: { workspace: command.workspace, repoSlug: command.repoSlug },
    }),
  );
};

/** `issue create [<repo>] [title]`: opens the issue form. */
export const handleIssueCreate: CommandHandler<'issue-create'> = async (command, context, deps) => {
  const triggerId = await requireTrigger(context);
  if (triggerId === undefined) return;
  await openOrExplain(context, deps, () =>
    openIssueCreateModal(deps, context.client, {
      triggerId,
      slackUser: context.slackUser,
      origin: readOrigin(context),
      prefill: {
        ...(command.workspace === undefined || command.repoSlug === undefined ? {} : { repository: { workspace: command.workspace, repoSlug: command.repoSlug } }),
        ...(command.title === undefined ? {} : { title: command.title }),
      },
    }),
  );
};

/** `issue update <repo> <id>`: opens the issue form with the issue's current fields. */
export const handleIssueUpdate: CommandHandler<'issue-update'> = async (command, context, deps) => {
  const triggerId = await requireTrigger(context);
  if (triggerId === undefined) return;
  await openOrExplain(context, deps, () =>
    openIssueUpdateModal(deps, context.client, {
      triggerId,
      slackUser: context.slackUser,
      origin: readOrigin(context),
      repository: { workspace: command.workspace, repoSlug: command.repoSlug },
      issueId: command.issueId,
    }),
  );
};

/**
 * Runs `open` and tells the user when Slack did not open the form, e.g. because the trigger
 * expired before views.open reached Slack. Other errors go to the dispatcher's error reply.
 */
async function openOrExplain(context: CommandContext, deps: SlackDependencies, open: () => Promise<void>): Promise<void> {
  try {
    await open();
  } catch (error) {
    if (!(error instanceof Error) || (error as { code?: unknown }).code !== ErrorCode.PlatformError) throw error;
    const slackError = (error as WebAPIPlatformError).data.error;
    deps.logger.warn({ err: error, slackUserId: context.slackUser.userId, slackError }, 'Slack did not open a form');
    await context.reply({
      text: buildFallbackText('Slack did not open the form'),
      blocks: [buildSection(`Slack did not open the form (\`${escapeMrkdwn(slackError)}\`). Run \`/bitbucket ${escapeMrkdwn(context.text.trim())}\` again.`)],
    });
  }
}

function readOrigin(context: CommandContext): ModalOrigin {
  return { channelId: context.channelId, responseUrl: context.responseUrl, opener: { kind: 'slash-command', text: context.text.trim() } };
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
