import type { BitbucketNotFoundError } from '../../bitbucket/errors.js';
import { SLASH_COMMAND } from '../ids.js';
import { parseRequestTarget, type RequestTarget } from './describe-request-target.js';
import type { ErrorDescription } from './error-description.js';
import { escapeMrkdwn } from './mrkdwn.js';

const RECONNECT = `Run \`${SLASH_COMMAND} connect\` to connect your Bitbucket account again, then try once more.`;

/** Describes a 404 or 410 from Bitbucket: what it did not find, and the check that fits it. */
export function describeNotFound(error: BitbucketNotFoundError): ErrorDescription {
  const target = parseRequestTarget(error.context.path);
  if (error.context.status === 410) {
    return {
      headline: `Bitbucket no longer serves ${escapeMrkdwn(target.name)}.`,
      details: [
        'Bitbucket removed this API (410 Gone), so the app cannot do this any more.',
        'Do it on bitbucket.org instead, and tell the operator of this app that it needs an update.',
      ],
      operatorHint:
        `Bitbucket returned 410 Gone for ${escapeMrkdwn(`${error.context.method} ${error.context.path}`)}. ` +
        "The app's log line for this error quotes Bitbucket's message and announcement link when Bitbucket sent them.",
      logLevel: 'warn',
    };
  }
  if (target.kind === 'account') return describeMissingAccount();
  return {
    headline: `Bitbucket found no ${escapeMrkdwn(target.name)}.`,
    details: describeNextSteps(target),
    logLevel: 'info',
  };
}

/** Returns what the user can check for a missing target, as escaped mrkdwn lines. */
function describeNextSteps(target: RequestTarget): string[] {
  switch (target.kind) {
    case 'workspace':
      return [`Check the workspace slug. \`${SLASH_COMMAND} workspaces\` lists the workspaces you belong to.`];
    case 'repository':
      return describeRepositorySteps(target);
    case 'pull-request':
      return [`Check the pull request number. ${formatCommand(`prs ${target.repository ?? '<repo>'} all`)} lists the repository's pull requests.`];
    case 'issue':
      return ['Check the issue number.'];
    case 'issue-comment':
      return ['Check the issue number and the comment ID.'];
    case 'branch':
      return ['Check the branch name: branch names are case-sensitive.'];
    case 'tag':
      return ['Check the tag name: tag names are case-sensitive.'];
    case 'commit':
      return ['Check the branch name, tag name or commit hash: names are case-sensitive.'];
    case 'file':
      return ['Check the file path: it starts at the root of the repository, and it is case-sensitive.'];
    case 'snippet':
      return ['Check the workspace slug and the snippet ID.'];
    case 'account':
      return [RECONNECT];
    case 'unknown':
      return ['Check the spelling of what you typed.'];
  }
}

/** Describes a 404 from `GET /user`: Bitbucket accepted the token but found no account for it. */
function describeMissingAccount(): ErrorDescription {
  return {
    headline: 'Reading your Bitbucket account failed, because Bitbucket found no account for your access token.',
    details: [RECONNECT],
    operatorHint: 'If the command ran through the shared access token, check that BITBUCKET_BEARER_TOKEN belongs to a Bitbucket account.',
    button: 'reconnect',
    logLevel: 'warn',
  };
}

function describeRepositorySteps(target: RequestTarget): string[] {
  const listCommand = formatCommand(`repos ${target.workspace ?? '<workspace>'}`);
  return [
    `Check the workspace and repository slugs. ${listCommand} lists the repositories you can see in the workspace.`,
    'Bitbucket also answers "not found" when your account cannot see a private repository. ' +
      'If the slugs are right, ask a workspace admin for access.',
  ];
}

function formatCommand(text: string): string {
  return `\`${escapeMrkdwn(`${SLASH_COMMAND} ${text}`)}\``;
}
