import type { BitbucketAccountSummary } from '../connections/connection.js';
import type { SlackUserRef } from '../connections/keys.js';
import type { ConnectFailureReason } from '../connections/oauth-flow-types.js';

/** A rendered page and its HTTP status. */
export interface HtmlPage {
  status: number;
  html: string;
}

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export interface ConfirmPageInput {
  slackUser: SlackUserRef;
  slackUserName?: string;
  account: BitbucketAccountSummary;
  state: string;
  csrfToken: string;
  /** Path the form posts to. */
  confirmPath: string;
}

/** Renders the page that names both accounts and lets the person confirm the link. */
export function renderConfirmPage(input: ConfirmPageInput): HtmlPage {
  const slackName = input.slackUserName ? `${escapeHtml(input.slackUserName)} ` : '';
  const enterprise = input.slackUser.enterpriseId ? `, enterprise ${escapeHtml(input.slackUser.enterpriseId)}` : '';
  const nickname = input.account.nickname ? ` (@${escapeHtml(input.account.nickname)})` : '';
  const body = `
<h1>Connect Bitbucket to Slack?</h1>
<p>Slack user: <strong>${slackName}</strong>(user ${escapeHtml(input.slackUser.userId)}, workspace ${escapeHtml(input.slackUser.teamId)}${enterprise})</p>
<p>Bitbucket account: <strong>${escapeHtml(input.account.displayName)}</strong>${nickname}</p>
<p>After you connect, the Slack app acts as this Bitbucket account whenever this Slack user runs a command.
If you did not start <code>/bitbucket connect</code> yourself, close this page: nothing is linked until you press Connect.</p>
<form method="post" action="${escapeHtml(input.confirmPath)}">
<input type="hidden" name="state" value="${escapeHtml(input.state)}">
<input type="hidden" name="csrf_token" value="${escapeHtml(input.csrfToken)}">
<button type="submit">Connect</button>
</form>`;
  return { status: 200, html: renderDocument('Connect Bitbucket to Slack?', body) };
}

/** Renders the page shown after the connection was stored. */
export function renderConnectedPage(input: { slackUser: SlackUserRef; account: BitbucketAccountSummary }): HtmlPage {
  const nickname = input.account.nickname ? ` (@${escapeHtml(input.account.nickname)})` : '';
  const body = `
<h1>Bitbucket connected</h1>
<p>Slack user ${escapeHtml(input.slackUser.userId)} now acts as <strong>${escapeHtml(input.account.displayName)}</strong>${nickname} on Bitbucket.</p>
<p>You can close this page and go back to Slack. Run <code>/bitbucket disconnect</code> there to unlink the account.</p>`;
  return { status: 200, html: renderDocument('Bitbucket connected', body) };
}

const FAILURES: Record<ConnectFailureReason, { status: number; title: string; message: string }> = {
  missing_parameters: {
    status: 400,
    title: 'Missing parameters',
    message:
      'This page needs the code and state that Bitbucket adds when it sends you back, each exactly once, and they are missing or repeated.',
  },
  access_denied: {
    status: 403,
    title: 'Access not granted',
    message: 'You declined access on Bitbucket, so no account was connected.',
  },
  authorization_failed: {
    status: 400,
    title: 'Authorization failed',
    message: 'Bitbucket did not complete the authorization.',
  },
  state_unknown: {
    status: 400,
    title: 'Link expired',
    message: 'This connect link has expired or was already used.',
  },
  state_expired: {
    status: 400,
    title: 'Link expired',
    message: 'This connect link has expired. Links are valid for 10 minutes.',
  },
  state_used: {
    status: 409,
    title: 'Link already used',
    message: 'This connect link was already used. Each link works once.',
  },
  exchange_failed: {
    status: 502,
    title: 'Bitbucket did not accept the authorization',
    message: 'Exchanging the authorization with Bitbucket failed, so no account was connected.',
  },
  csrf_invalid: {
    status: 403,
    title: 'Confirmation not accepted',
    message: 'The confirmation form is invalid or was not sent from the page this app showed. Nothing was connected.',
  },
  connect_disabled: {
    status: 503,
    title: 'Connecting is disabled',
    message: 'This app has no Bitbucket OAuth consumer configured. Ask the app\'s administrator to set BITBUCKET_CLIENT_ID and BITBUCKET_CLIENT_SECRET.',
  },
  storage_unavailable: {
    status: 503,
    title: 'Temporarily unavailable',
    message: 'The app cannot reach its storage right now, so nothing was connected.',
  },
  internal_error: {
    status: 500,
    title: 'Something went wrong',
    message: 'The app failed to finish connecting your account. The error was logged.',
  },
};

/** Renders the page for a failed step: what happened, and to run `/bitbucket connect` again. */
export function renderFailurePage(reason: ConnectFailureReason, detail?: string): HtmlPage {
  const failure = FAILURES[reason];
  const next =
    reason === 'connect_disabled'
      ? ''
      : '<p>To try again, run <code>/bitbucket connect</code> in Slack and follow the new link.</p>';
  const detailLine = detail ? `<p>Details: ${escapeHtml(detail)}</p>` : '';
  const body = `
<h1>${escapeHtml(failure.title)}</h1>
<p>${escapeHtml(failure.message)}</p>
${detailLine}
${next}`;
  return { status: failure.status, html: renderDocument(failure.title, body) };
}

function renderDocument(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}button{font-size:1rem;padding:.5rem 1.5rem}</style>
</head>
<body>${body}
</body>
</html>
`;
}
