import type { PendingCommand } from '../../connections/oauth-flow-types.js';
import type { FormOpener, ModalOrigin } from './modal-context.js';

/**
 * The pending request stored with the OAuth state when a form asked the user to connect. Nothing
 * runs once they have connected, because a form opens only right after a user's action, but the
 * message after connecting explains how to open the form again.
 */
export type PendingForm = {
  kind: 'form';
  /** Undefined when the form does not know how it was opened. */
  opener?: FormOpener;
};

/** Creates the pending request of a form opened from `origin`. */
export function createPendingForm(origin: ModalOrigin | undefined): PendingForm {
  return origin?.opener === undefined ? { kind: 'form' } : { kind: 'form', opener: origin.opener };
}

/**
 * Reads a pending request back from the OAuth state. Returns undefined when it is not a form's.
 * An opener of an unknown shape is dropped, so the message falls back to "open the form again".
 */
export function readPendingForm(pending: PendingCommand | undefined): PendingForm | undefined {
  if (pending?.['kind'] !== 'form') return undefined;

  const opener = readFormOpener(pending['opener']);
  return opener === undefined ? { kind: 'form' } : { kind: 'form', opener };
}

function readFormOpener(value: unknown): FormOpener | undefined {
  if (typeof value !== 'object' || value === null) return undefined;

  const { kind, text } = value as { kind?: unknown; text?: unknown };
  if (kind === 'slash-command' && typeof text === 'string') return { kind, text };
  if (kind === 'message-shortcut' || kind === 'global-shortcut') return { kind };
  return undefined;
}
