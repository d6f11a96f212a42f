import { createHash } from 'node:crypto';

import { cacheKey } from '../../connections/keys.js';
import type { Store } from '../../connections/store.js';
import { MODAL_CONTEXT_TTL_MS } from '../modals/modal-context.js';
import { MODAL_LIMITS } from '../modals/modal-blocks.js';

/** Value of an option that only explains something ("Bitbucket is slow, keep typing"); picking it selects nothing. */
export const HINT_OPTION_VALUE = '~hint';

/** Prefix of a short key that stands for a value longer than an option value may be. */
const SHORT_KEY_PREFIX = '~v:';

/**
 * The meaning of an option value: the full value, a hint option, or a short key whose full value
 * is no longer in the store.
 */
export type DecodedOptionValue = { kind: 'value'; value: string } | { kind: 'hint' } | { kind: 'expired' };

/**
 * Returns a value that fits an option: the value itself when it fits in 75 characters, else a
 * short key (`~v:` and 22 characters of its SHA-256) whose full value is stored for as long as a
 * modal context lives. Branch names in particular can be longer than 75 characters. Values
 * starting with `~` get a short key too, so they cannot be mistaken for one.
 */
export async function encodeOptionValue(store: Store, value: string): Promise<string> {
  if (value.length <= MODAL_LIMITS.optionValue && !value.startsWith('~')) return value;

  const shortKey = `${SHORT_KEY_PREFIX}${createHash('sha256').update(value).digest('base64url').slice(0, 22)}`;
  await store.set(cacheKey('option-value', shortKey), value, MODAL_CONTEXT_TTL_MS);
  return shortKey;
}

/** Returns what an option value made by encodeOptionValue stands for. */
export async function decodeOptionValue(store: Store, value: string): Promise<DecodedOptionValue> {
  if (value === HINT_OPTION_VALUE) return { kind: 'hint' };
  if (!value.startsWith(SHORT_KEY_PREFIX)) return { kind: 'value', value };

  const full = await store.get<string>(cacheKey('option-value', value));
  return full === undefined ? { kind: 'expired' } : { kind: 'value', value: full };
}
