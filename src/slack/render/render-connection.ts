import type { types } from '@slack/bolt';

import type { Account } from '../../bitbucket/types.js';
import type { FormOpener } from '../modals/modal-context.js';
import { ACTION_IDS, BLOCK_IDS, SLASH_COMMAND } from '../ids.js';
import { buildButton, buildContext, buildFallbackText, buildSection, type SlackMessage } from './blocks.js';
import { escapeMrkdwn, formatLink, sanitizeLinkUrl, truncate } from './mrkdwn.js';
import { formatAccount, formatSlackUser } from './format-account.js';

/** Characters of a pending command that the connect messages quote, so a long one cannot push out the rest. */
const PENDING_COMMAND_MAX = 100;

/** Input of renderConnectPrompt. */
export interface ConnectPromptInput {
  /** Bitbucket's authorize URL with the OAuth state. Without it, the button's action listener creates one. */
  authorizeUrl?: string;
  /** Command text (after `/bitbucket`) that runs once the user has connected. */
  pendingCommand?: string;
  /** Minutes until the authorize URL's state expires. */
  expiresInMinutes?: number;
}

/** Renders the prompt to link a Bitbucket account, with a Connect button. */
export function renderConnectPrompt(input: ConnectPromptInput): SlackMessage {
  const pendingCommand = input.pendingCommand === undefined ? undefined : truncate(input.pendingCommand, PENDING_COMMAND_MAX);
  const intro =
    pendingCommand === undefined
      ? 'Connect your Bitbucket account so that commands run as you.'
      : `To run \`${escapeMrkdwn(`${SLASH_COMMAND} ${pendingCommand}`)}\`, connect your Bitbucket account first. ` +
        'The command runs as soon as you have approved access in Bitbucket.';

  // A button's `url` is not mrkdwn, so it takes the raw URL, but only an http(s) one.
  const isLinkable = input.authorizeUrl !== undefined && sanitizeLinkUrl(input.authorizeUrl) !== undefined;
  const button = buildButton({
    label: 'Connect Bitbucket',
    actionId: ACTION_IDS.connect,
    style: 'primary',
    ...(isLinkable ? { url: input.authorizeUrl } : {}),
  });

  const notes = ['Bitbucket asks you to approve access; the app stores the tokens encrypted.'];
  if (input.expiresInMinutes !== undefined) {
    notes.push(`The link works once and expires in ${input.expiresInMinutes} minutes.`);
  }

  const connectSection: types.SectionBlock = { ...buildSection(intro, button), block_id: BLOCK_IDS.message.connect };
  return {
    text: buildFallbackText(
      pendingCommand === undefined
        ? 'Connect your Bitbucket account'
        : `Connect your Bitbucket account to run ${SLASH_COMMAND} ${pendingCommand}`,
    ),
    blocks: [connectSection, buildContext(notes.join(' '))],
  };
}

/** Input of renderConnected. */
export interface ConnectedInput {
  account: Account;
  /** Command text (after `/bitbucket`) that is now running. */
  pendingCommand?: string;
  /** Set when the user connected from a form. A form cannot reopen by itself, so the message explains how to open it again. */
  pendingForm?: { opener?: FormOpener };
}

/** Renders the confirmation after connecting, with what happens next to the user's command or form. */
export function renderConnected(input: ConnectedInput): SlackMessage {
  const lines = [`:white_check_mark: Connected as ${formatAccount(input.account)} on Bitbucket.`];
  if (input.pendingCommand !== undefined) {
    const pendingCommand = truncate(input.pendingCommand, PENDING_COMMAND_MAX);
    lines.push(`Running \`${escapeMrkdwn(`${SLASH_COMMAND} ${pendingCommand}`)}\` now.`);
  }
  if (input.pendingForm !== undefined) lines.push(describeFormReopening(input.pendingForm.opener));
  lines.push(`Run \`${SLASH_COMMAND} disconnect\` at any time to unlink it.`);

  return {
    text: buildFallbackText(`Connected as ${input.account.display_name} on Bitbucket`),
    blocks: [buildSection(lines.join('\n'))],
  };
}

/** Returns the sentence that explains how to open a form again, as escaped mrkdwn. */
function describeFormReopening(opener: FormOpener | undefined): string {
  switch (opener?.kind) {
    case 'slash-command': {
      const command = truncate(opener.text, PENDING_COMMAND_MAX);
      return `Run \`${escapeMrkdwn(`${SLASH_COMMAND} ${command}`)}\` again to open the form.`;
    }
    case 'message-shortcut':
      return 'Use the shortcut on the message again to open the form.';
    case 'global-shortcut':
      return 'Use the Bitbucket shortcut again to open the form.';
    case undefined:
      return 'Open the form again.';
  }
}

/**
 * Renders the confirmation after disconnecting; `account` is the account that was linked, if
 * known. With `wasConnected: false` it tells the user that there was nothing to delete.
 */
export function renderDisconnected(input: { account?: Account; wasConnected?: boolean } = {}): SlackMessage {
  if (input.wasConnected === false) {
    const text = `No Bitbucket account was connected to your Slack user, so there was nothing to delete. Run \`${SLASH_COMMAND} connect\` to link one.`;
    return { text: buildFallbackText('No Bitbucket account was connected'), blocks: [buildSection(text)] };
  }

  const who = input.account === undefined ? 'your Bitbucket account' : formatAccount(input.account);
  const text =
    `Disconnected ${who}. The app deleted your stored Bitbucket tokens.\n` +
    'To also withdraw the app\'s access on Bitbucket, remove it under Personal settings → App authorizations. ' +
    `Run \`${SLASH_COMMAND} connect\` to link an account again.`;

  return { text: buildFallbackText('Disconnected your Bitbucket account'), blocks: [buildSection(text)] };
}

/** The connection the user's commands run through. */
export type WhoamiConnection =
  | { kind: 'own'; account: Account }
  | { kind: 'shared'; /** The account behind the shared access token, when Bitbucket reports one. */ account?: Account }
  | { kind: 'broken'; /** The account the user connected, which Bitbucket no longer lets the app act as. */ account: Account }
  | { kind: 'none'; /** False when BITBUCKET_CLIENT_ID and BITBUCKET_CLIENT_SECRET are unset. */ canConnect: boolean };

/** Renders `whoami`: the Slack user and the Bitbucket account their commands run as. */
export function renderWhoami(input: { slackUserId: string; connection: WhoamiConnection }): SlackMessage {
  const slackUser = formatSlackUser(input.slackUserId);
  const { connection } = input;

  let line: string;
  let fallback: string;
  const blocks: types.KnownBlock[] = [];
  if (connection.kind === 'own') {
    line = `Slack user ${slackUser} is connected to Bitbucket as ${formatAccount(connection.account)}.`;
    fallback = `Connected to Bitbucket as ${connection.account.display_name}`;
  } else if (connection.kind === 'broken') {
    line =
      `Slack user ${slackUser} was connected to Bitbucket as ${formatAccount(connection.account)}, but the connection no longer works: ` +
      `Bitbucket rejected its tokens, for example because access was revoked. Run \`${SLASH_COMMAND} connect\` to connect again.`;
    fallback = 'Your Bitbucket connection no longer works';
  } else if (connection.kind === 'shared') {
    const account = connection.account === undefined ? '' : ` (${formatAccount(connection.account)})`;
    line =
      `Slack user ${slackUser} has no Bitbucket connection, so commands act as the shared access token${account}. ` +
      `Run \`${SLASH_COMMAND} connect\` to act as yourself.`;
    fallback = 'Acting as the shared access token';
  } else {
    line = connection.canConnect
      ? `Slack user ${slackUser} has no Bitbucket connection. Run \`${SLASH_COMMAND} connect\` to link your account.`
      : `Slack user ${slackUser} has no Bitbucket connection, and connecting is turned off on this app. ` +
        'Ask the operator to set BITBUCKET_CLIENT_ID and BITBUCKET_CLIENT_SECRET.';
    fallback = 'Not connected to Bitbucket';
  }
  const reconnect = buildButton({ label: 'Reconnect Bitbucket', actionId: ACTION_IDS.connect, style: 'primary' });
  blocks.push(connection.kind === 'broken' ? { ...buildSection(line, reconnect), block_id: BLOCK_IDS.message.connect } : buildSection(line));

  const profileUrl = connection.kind === 'none' ? undefined : connection.account?.links?.html?.href;
  if (profileUrl !== undefined && sanitizeLinkUrl(profileUrl) !== undefined) {
    blocks.push(buildContext(formatLink(profileUrl, 'Bitbucket profile')));
  }
  return { text: buildFallbackText(fallback), blocks };
}
