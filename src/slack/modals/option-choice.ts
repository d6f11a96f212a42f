import { createHash } from 'node:crypto';

import type { Store } from '../../connections/store.js';
import { decodeOptionValue, encodeOptionValue } from '../options/option-value-codec.js';
import { MODAL_LIMITS } from './modal-blocks.js';
import type { SelectedOption } from './view-state.js';

/** A choice in a select menu: the text shown and the option value (a short key for long values). */
export type OptionChoice = SelectedOption;

/** The value behind a submitted choice, or why there is none. */
export type ChoiceValue = { ok: true; value: string } | { ok: false; problem: 'missing' | 'hint' | 'expired' };

/** Returns a choice for `value` shown as `text`, storing a short key when the value is longer than an option value may be. */
export async function createChoice(store: Store, value: string, text = value): Promise<OptionChoice> {
  return { text, value: await encodeOptionValue(store, value) };
}

/**
 * Returns a choice without touching the store when the value fits an option, else undefined. A
 * modal must open within 3 seconds of the trigger, so values that need a short key are added by
 * the views.update that follows.
 */
export function createChoiceNow(value: string | undefined, text = value): OptionChoice | undefined {
  if (value === undefined || text === undefined) return undefined;
  if (value.length > MODAL_LIMITS.optionValue || value.startsWith('~')) return undefined;
  return { text, value };
}

/** Returns the full value of a submitted choice. */
export async function readChoiceValue(store: Store, choice: OptionChoice | undefined): Promise<ChoiceValue> {
  if (choice === undefined) return { ok: false, problem: 'missing' };
  const decoded = await decodeOptionValue(store, choice.value);
  if (decoded.kind === 'hint') return { ok: false, problem: 'hint' };
  if (decoded.kind === 'expired') return { ok: false, problem: 'expired' };
  return { ok: true, value: decoded.value };
}

/** Returns 8 hex characters naming a choice, used as the version suffix of blocks that depend on it. */
export function versionOfChoice(choice: OptionChoice | undefined): string | undefined {
  if (choice === undefined) return undefined;
  return createHash('sha256').update(choice.value).digest('hex').slice(0, 8);
}

/** Parses `workspace/repo_slug` as a repository choice carries it; undefined for anything else. */
export function parseRepositoryValue(value: string): { workspace: string; repoSlug: string } | undefined {
  const match = /^([^/\s]+)\/([^/\s]+)$/.exec(value);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return { workspace: match[1], repoSlug: match[2] };
}
