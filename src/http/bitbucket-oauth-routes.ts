import type { IncomingMessage, ServerResponse } from 'node:http';

import type { Logger } from '../logging/logger.js';
import type { OAuthFlow } from '../connections/oauth-flow.js';
import type { CallbackOutcome, ConfirmOutcome } from '../connections/oauth-flow-types.js';
import { renderConfirmPage, renderConnectedPage, renderFailurePage, type HtmlPage } from './oauth-pages.js';
import type { HttpRoute } from './http-route.js';
import { BodyTooLargeError, readFormBody } from './read-form-body.js';


export interface BitbucketOAuthRoutesOptions {
  flow: OAuthFlow;
  logger: Logger;
  callbackPath?: string;
  confirmPath?: string;
  /** Largest confirm form accepted. Default 8 KiB; the real form is about 150 bytes. */
  maxFormBytes?: number;
}

export const DEFAULT_CALLBACK_PATH = '/bitbucket/oauth/callback';
export const DEFAULT_CONFIRM_PATH = '/bitbucket/oauth/confirm';

/**
 * Parameters the routes read. RFC 6749 section 3.1 forbids repeating one, and a repeated one is
 * rejected, so the app never picks one of two codes or states.
 */
const CALLBACK_PARAMETERS = ['code', 'state', 'error', 'error_description'];
const CONFIRM_FIELDS = ['state', 'csrf_token'];

/**
 * Creates the two routes of the OAuth flow: `GET` callback (Bitbucket's redirect, which shows the
 * confirm page) and `POST` confirm (the form on that page, which stores the connection).
 */
export function createBitbucketOAuthRoutes(options: BitbucketOAuthRoutesOptions): HttpRoute[] {
  const callbackPath = options.callbackPath ?? DEFAULT_CALLBACK_PATH;
  const confirmPath = options.confirmPath ?? DEFAULT_CONFIRM_PATH;
  const maxFormBytes = options.maxFormBytes ?? 8 * 1024;
  const logger = options.logger.child({ component: 'bitbucket-oauth-routes' });

  const handleCallback = async (req: IncomingMessage, res: ServerResponse) => {
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const repeated = findRepeated(query, CALLBACK_PARAMETERS);
    if (repeated.length > 0) {
      logger.warn({ parameters: repeated }, 'rejected a callback with repeated parameters');
      sendPage(res, renderFailurePage('missing_parameters'));
      return;
    }
    const outcome = await options.flow.handleCallback({
      code: query.get('code') ?? undefined,
      state: query.get('state') ?? undefined,
      error: query.get('error') ?? undefined,
      errorDescription: query.get('error_description') ?? undefined,
    });
    sendPage(res, renderCallbackOutcome(outcome, confirmPath));
  };

  const handleConfirm = async (req: IncomingMessage, res: ServerResponse) => {
    const contentType = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (contentType !== 'application/x-www-form-urlencoded') {
      sendPage(res, { ...renderFailurePage('csrf_invalid'), status: 415 });
      return;
    }

    let form: URLSearchParams;
    try {
      form = await readFormBody(req, maxFormBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        logger.warn({ maxFormBytes }, 'rejected an oversized confirm form');
        sendPage(res, { ...renderFailurePage('csrf_invalid'), status: 413 }, { close: true });
        return;
      }
      throw error;
    }
    const repeated = findRepeated(form, CONFIRM_FIELDS);
    if (repeated.length > 0) {
      logger.warn({ fields: repeated }, 'rejected a confirm form with repeated fields');
      sendPage(res, { ...renderFailurePage('csrf_invalid'), status: 400 });
      return;
    }
    const outcome = await options.flow.confirm({
      state: form.get('state') ?? undefined,
      csrfToken: form.get('csrf_token') ?? undefined,
    });
    sendPage(res, renderConfirmOutcome(outcome));
  };

  return [
    { path: callbackPath, method: 'GET', handler: guard(handleCallback, logger) },
    { path: confirmPath, method: 'POST', handler: guard(handleConfirm, logger) },
  ];
}

/** Returns the names in `names` that occur more than once in `params`. */
function findRepeated(params: URLSearchParams, names: string[]): string[] {
  return names.filter((name) => params.getAll(name).length > 1);
}

function renderCallbackOutcome(outcome: CallbackOutcome, confirmPath: string): HtmlPage {
  if (outcome.kind === 'failed') return renderFailurePage(outcome.reason, outcome.detail);
  return renderConfirmPage({ ...outcome, confirmPath });
}

function renderConfirmOutcome(outcome: ConfirmOutcome): HtmlPage {
  if (outcome.kind === 'failed') return renderFailurePage(outcome.reason, outcome.detail);
  return renderConnectedPage(outcome);
}

/** Turns an async handler into Bolt's void handler; an unexpected error becomes a logged 500 page. */
function guard(
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  logger: Logger,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handler(req, res).catch((error: unknown) => {
      logger.error({ err: error, path: req.url?.split('?')[0] }, 'Bitbucket OAuth route failed');
      if (!res.headersSent) sendPage(res, renderFailurePage('internal_error'));
      else res.destroy();
    });
  };
}

function sendPage(res: ServerResponse, page: HtmlPage, options: { close?: boolean } = {}): void {
  res.writeHead(page.status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    ...(options.close ? { connection: 'close' } : {}),
  });
  res.end(page.html);
}
