import type { Account } from '../../bitbucket/types.js';
import { escapeMrkdwn, formatLink } from './mrkdwn.js';

/** Slack user and bot ids: U or W (Enterprise Grid) or B, then upper-case letters and digits. */
const SLACK_USER_ID = /^[UWB][A-Z0-9]{2,}$/;

/**
 * Formats a Bitbucket account as escaped mrkdwn: the display name in bold, linked to the profile
 * when Bitbucket sent its URL, with the nickname when it differs from the display name.
 */
export function formatAccount(account: Account): string {
  const name = `*${escapeMrkdwn(account.display_name)}*`;
  const profileUrl = account.links?.html?.href;
  const linked = profileUrl === undefined ? name : formatAccountLink(profileUrl, account.display_name);
  const showNickname = account.nickname !== undefined && account.nickname !== account.display_name;
  return showNickname ? `${linked} (${escapeMrkdwn(account.nickname ?? '')})` : linked;
}

/** Formats an account name without a link or bold, e.g. for a line in a list. */
export function formatAccountName(account: Account | undefined | null): string {
  if (account === undefined || account === null) return 'unknown';
  return escapeMrkdwn(account.display_name);
}

/**
 * Formats a Slack user id as a mention (`<@U123>`). Any other text is escaped instead, so a
 * value that is not a user id can never become a mention or a link.
 */
export function formatSlackUser(userId: string): string {
  return SLACK_USER_ID.test(userId) ? `<@${userId}>` : escapeMrkdwn(userId);
}

function formatAccountLink(url: string, displayName: string): string {
  const link = formatLink(url, displayName);
  return link.startsWith('<') ? `*${link}*` : `*${escapeMrkdwn(displayName)}*`;
}
