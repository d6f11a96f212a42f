import { ActionInputError } from '../../actions/errors.js';
import {
  BitbucketError,
  BitbucketForbiddenError,
  BitbucketInputError,
  BitbucketInvalidResponseError,
  BitbucketNotFoundError,
  BitbucketRateLimitedError,
  BitbucketRefNotFoundError,
  BitbucketResponseTooLargeError,
  BitbucketTimeoutError,
  BitbucketUnauthorizedError,
  BitbucketUpstreamError,
  BitbucketValidationError,
  IssueTrackerUnavailableError,
} from '../../bitbucket/errors.js';
import { SLASH_COMMAND } from '../ids.js';
import { describeNotFound } from './describe-not-found.js';
import { describeRequestTarget } from './describe-request-target.js';
import type { ErrorDescription } from './error-description.js';
import { formatByteSize } from './format-byte-size.js';
import { escapeMrkdwn } from './mrkdwn.js';

const RECONNECT = `Run \`${SLASH_COMMAND} connect\` to connect again.`;

const OUTCOME_UNKNOWN =
  ':warning: The change may or may not have been made. Check on bitbucket.org before you try again, ' +
  'so that nothing is created twice.';

/**
 * Describes the errors of the Bitbucket client and of the action layer's input checks. Returns
 * undefined for any other error.
 */
export function describeBitbucketError(error: unknown): ErrorDescription | undefined {
  if (error instanceof ActionInputError) {
    const problems = error.problems.map((problem) =>
      problem.parameter === '' ? `• ${escapeMrkdwn(problem.message)}` : `• *${escapeMrkdwn(problem.parameter)}*: ${escapeMrkdwn(problem.message)}`,
    );
    return { headline: 'The input is invalid, so nothing was sent to Bitbucket.', details: problems, logLevel: 'info' };
  }
  if (error instanceof BitbucketInputError) {
    // The client's messages start with the parameter name, which the bold label already shows.
    const reason = error.message.startsWith(`${error.parameter}: `) ? error.message.slice(error.parameter.length + 2) : error.message;
    return {
      headline: 'The input is invalid, so nothing was sent to Bitbucket.',
      details: [`• *${escapeMrkdwn(error.parameter)}*: ${escapeMrkdwn(reason)}`],
      logLevel: 'info',
    };
  }
  if (!(error instanceof BitbucketError)) return undefined;

  const description = describeResponseError(error);
  if (error.outcomeUnknown) description.details.push(OUTCOME_UNKNOWN);
  return description;
}

function describeResponseError(error: BitbucketError): ErrorDescription {
  const target = describeRequestTarget(error.context.path);

  if (error instanceof IssueTrackerUnavailableError) return describeIssueTrackerError(error);
  if (error instanceof BitbucketRefNotFoundError) return describeRefNotFound(error);
  if (error instanceof BitbucketNotFoundError) return describeNotFound(error);
  if (error instanceof BitbucketForbiddenError) return describeForbidden(error, target);
  if (error instanceof BitbucketValidationError) return describeValidation(error);
  if (error instanceof BitbucketUnauthorizedError) {
    return {
      headline: error.tokenExpired
        ? 'Your Bitbucket access token expired and could not be renewed.'
        : 'Bitbucket rejected the access token.',
      details: [RECONNECT],
      operatorHint: 'If the command ran through the shared access token, replace BITBUCKET_BEARER_TOKEN.',
      button: 'reconnect',
      logLevel: 'warn',
    };
  }
  if (error instanceof BitbucketRateLimitedError) {
    return {
      headline: "Bitbucket's rate limit is used up for now.",
      details: [
        `Try again ${formatRetryDelay(error.retryAfterSeconds)}.`,
        'Everyone using this app shares one Bitbucket rate limit, so a busy team reaches it sooner.',
      ],
      logLevel: 'warn',
    };
  }
  if (error instanceof BitbucketTimeoutError) {
    return {
      headline: 'Bitbucket did not respond in time.',
      details: error.outcomeUnknown ? [] : [TRY_AGAIN_LATER],
      logLevel: 'warn',
    };
  }
  if (error instanceof BitbucketResponseTooLargeError) {
    return {
      headline: `Bitbucket's answer for ${escapeMrkdwn(target)} is larger than the app reads (${formatByteSize(error.maxBytes)}).`,
      details: ['Open it on bitbucket.org instead.'],
      logLevel: 'info',
    };
  }
  if (error instanceof BitbucketInvalidResponseError) {
    return { headline: 'Bitbucket sent a response that the app cannot read.', details: [TRY_AGAIN_LATER], logLevel: 'warn' };
  }
  if (error instanceof BitbucketUpstreamError) {
    const status = error.context.status;
    return {
      headline: status === undefined ? 'The connection to Bitbucket failed.' : `Bitbucket failed with HTTP ${status}.`,
      details: error.outcomeUnknown ? [] : [TRY_AGAIN_LATER],
      logLevel: 'warn',
    };
  }

  return { headline: 'Bitbucket rejected the request.', details: [escapeMrkdwn(error.message)], logLevel: 'warn' };
}

const TRY_AGAIN_LATER =
  'Try again in a few minutes. If it keeps failing, check <https://bitbucket.status.atlassian.com|Bitbucket\'s status page>.';

function describeIssueTrackerError(error: IssueTrackerUnavailableError): ErrorDescription {
  const repository = describeRequestTarget(error.context.path, { repositoryOnly: true });
  if (error.reason === 'no_tracker') {
    return {
      headline: `The ${escapeMrkdwn(repository)} has no issue tracker.`,
      details: ['Its issues cannot be read or changed.'],
      logLevel: 'info',
    };
  }
  return {
    headline: 'Bitbucket Cloud removed Issues, and their API, on 2026-08-20.',
    details: [`The app cannot read or change issues of the ${escapeMrkdwn(repository)} any more.`],
    logLevel: 'info',
  };
}

function describeRefNotFound(error: BitbucketRefNotFoundError): ErrorDescription {
  const repository = escapeMrkdwn(`${error.workspace}/${error.repoSlug}`);
  if (error.ref === undefined) {
    return {
      headline: `The repository ${repository} has no main branch yet.`,
      details: ['It has no commits. Push a first commit, or name a branch, tag or commit that exists.'],
      logLevel: 'info',
    };
  }
  return {
    headline: `The repository ${repository} has no branch, tag or commit named \`${escapeMrkdwn(error.ref)}\`.`,
    details: ['Check the spelling: names are case-sensitive, and a commit hash needs at least 4 characters.'],
    logLevel: 'info',
  };
}

function describeForbidden(error: BitbucketForbiddenError, target: string): ErrorDescription {
  if (error.requiredScopes.length === 0) {
    return {
      headline: `Bitbucket denied access to the ${escapeMrkdwn(target)}.`,
      details: ['Your Bitbucket account lacks permission for this. Ask a workspace or repository admin for access.'],
      logLevel: 'info',
    };
  }

  const scopes = error.requiredScopes.map((scope) => `\`${escapeMrkdwn(scope)}\``).join(', ');
  const plural = error.requiredScopes.length === 1 ? 'scope' : 'scopes';
  return {
    headline: `Bitbucket denied access because the app lacks the ${plural} ${scopes}.`,
    details: [
      `A workspace admin must grant the ${plural} to the app's OAuth consumer in Bitbucket (workspace settings, OAuth consumers). ` +
        `Then run \`${SLASH_COMMAND} connect\` again so that your token includes it.`,
    ],
    operatorHint: `Add the ${plural} to BITBUCKET_SCOPES as well, so the app expects ${error.requiredScopes.length === 1 ? 'it' : 'them'}.`,
    button: 'reconnect',
    logLevel: 'warn',
  };
}

function describeValidation(error: BitbucketValidationError): ErrorDescription {
  const fieldLines = Object.entries(error.fields).map(
    ([field, messages]) => `• *${escapeMrkdwn(field)}*: ${escapeMrkdwn(messages.join(' '))}`,
  );
  return {
    headline: 'Bitbucket rejected the request.',
    details: fieldLines.length > 0 ? fieldLines : [escapeMrkdwn(error.message)],
    logLevel: 'info',
  };
}

/** Formats Retry-After seconds as "in 45 seconds", "in 3 minutes"; undefined gives "in a few minutes". */
export function formatRetryDelay(seconds: number | undefined): string {
  if (seconds === undefined) return 'in a few minutes';
  if (seconds < 60) return `in ${pluralize(Math.max(seconds, 1), 'second')}`;

  const minutes = Math.ceil(seconds / 60);
  if (minutes < 120) return `in ${pluralize(minutes, 'minute')}`;
  return `in ${pluralize(Math.ceil(minutes / 60), 'hour')}`;
}

function pluralize(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}
