import type { ConnectFailureReason } from '../../connections/oauth-flow-types.js';
import { SLASH_COMMAND } from '../ids.js';
import { buildFallbackText, buildSection, type SlackMessage } from './blocks.js';

const REASONS: Record<ConnectFailureReason, string> = {
  missing_parameters: 'Bitbucket sent the app back without an authorization code.',
  access_denied: 'You declined access on Bitbucket, so nothing was connected.',
  authorization_failed: 'Bitbucket could not authorize the app.',
  state_unknown: 'The connect link is not known to this app.',
  state_expired: 'The connect link expired; links work for 10 minutes.',
  state_used: 'The connect link was already used; each link works once.',
  exchange_failed: 'Bitbucket did not accept the authorization code.',
  csrf_invalid: 'The confirmation page was out of date or not opened from Bitbucket.',
  connect_disabled: 'Connecting Bitbucket accounts is turned off on this app.',
  storage_unavailable: 'The app could not save your connection because its storage is unavailable.',
  internal_error: 'The app failed while connecting your account.',
};

/** Renders the Slack message sent when linking a Bitbucket account failed, with what to do next. */
export function renderConnectFailure(reason: ConnectFailureReason): SlackMessage {
  const nextStep =
    reason === 'connect_disabled'
      ? 'Ask the operator to set BITBUCKET_CLIENT_ID and BITBUCKET_CLIENT_SECRET.'
      : `Run \`${SLASH_COMMAND} connect\` to get a new link and try again.`;
  const text = `:warning: Your Bitbucket account was not connected. ${REASONS[reason]} ${nextStep}`;
  return { text: buildFallbackText(text), blocks: [buildSection(text)] };
}
