import { randomBytes } from 'node:crypto';

import type { types } from '@slack/bolt';

import { AppError } from '../../app-error.js';
import { ACTION_IDS, BLOCK_IDS } from '../ids.js';
import { buildButton, buildContext, buildSection, SLACK_LIMITS, type SlackMessage } from './blocks.js';
import { describeBitbucketError } from './describe-bitbucket-error.js';
import { describeConnectionError } from './describe-connection-error.js';
import type { ErrorDescription, ErrorLogLevel } from './error-description.js';
import { sanitizeLinkUrl, truncateMrkdwn } from './mrkdwn.js';

/** The reply for one error and how the caller should log it. */
export interface RenderedError {
  message: SlackMessage;
  /** Set for unexpected errors: the id shown to the user, which the caller must log with the error. */
  referenceId?: string;
  logLevel: ErrorLogLevel;
}

export interface RenderErrorOptions {
  /** Bitbucket's authorize URL for the Connect button. Without it, the button's action listener creates one. */
  connectUrl?: string;
  /** Makes the reference id of an unexpected error; tests pass a fixed one. */
  createReferenceId?: () => string;
}

/**
 * Turns any error into the ephemeral reply shown to the user: what failed and what to do next. The
 * typed errors of the Bitbucket client, the action layer and the connection layer each get their
 * own message. Anything else, including UnexpectedError, gets a generic message with a reference
 * id that the caller logs next to the error, so an operator can find it.
 */
export function renderError(error: unknown, options: RenderErrorOptions = {}): RenderedError {
  const description = describeBitbucketError(error) ?? describeConnectionError(error);
  if (description !== undefined) {
    return { message: buildErrorMessage(description, options), logLevel: description.logLevel };
  }

  const referenceId = (options.createReferenceId ?? createReferenceId)();
  const unexpected: ErrorDescription = {
    headline: 'Something went wrong in the app, so the command did not finish.',
    details: [`Try again. If it keeps failing, give the operator the reference \`${referenceId}\`.`],
    operatorHint: `Search the app's logs for reference ${referenceId} to find the error${describeCode(error)}.`,
    logLevel: 'error',
  };
  return { message: buildErrorMessage(unexpected, options), referenceId, logLevel: 'error' };
}

/** Returns 8 random hex characters (32 bits): short enough to read out, and rarely repeated within a day's logs. */
export function createReferenceId(): string {
  return randomBytes(4).toString('hex');
}

function buildErrorMessage(description: ErrorDescription, options: RenderErrorOptions): SlackMessage {
  const lines = [`:warning: *${description.headline}*`, ...description.details];
  const text = truncateMrkdwn(lines.join('\n'), SLACK_LIMITS.sectionText);

  const button = description.button === undefined ? undefined : buildConnectButton(description.button, options);
  const section: types.SectionBlock = buildSection(text, button);
  if (button !== undefined) section.block_id = BLOCK_IDS.message.connect;

  const blocks: types.KnownBlock[] = [section];
  if (description.operatorHint !== undefined) blocks.push(buildContext(`For the operator: ${description.operatorHint}`));

  return { text: truncateMrkdwn(description.headline, SLACK_LIMITS.messageText), blocks };
}

function buildConnectButton(kind: 'connect' | 'reconnect', options: RenderErrorOptions): types.Button {
  const url = options.connectUrl !== undefined && sanitizeLinkUrl(options.connectUrl) !== undefined ? options.connectUrl : undefined;
  return buildButton({
    label: kind === 'connect' ? 'Connect Bitbucket' : 'Reconnect Bitbucket',
    actionId: ACTION_IDS.connect,
    style: 'primary',
    ...(url === undefined ? {} : { url }),
  });
}

/** Returns the code of an unmapped AppError for the operator hint, to speed up the log search. */
function describeCode(error: unknown): string {
  return error instanceof AppError ? ` (code ${error.code})` : '';
}
