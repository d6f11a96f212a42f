/** The shape Keyv 5 serializes every value into: `{"value":…,"expires":epochMs|null}`. */
export interface KeyvEntry<T> {
  value?: T;
  expires?: number | null;
}

/**
 * Returns the value of a Keyv entry read past Keyv (GETDEL, DELETE … RETURNING), or undefined
 * when there is none or it expired before `nowMs`, as Keyv's own `get` would.
 */
export function decodeKeyvEntry<T>(entry: KeyvEntry<T> | undefined | null, nowMs: number): T | undefined {
  if (entry === undefined || entry === null) return undefined;
  if (typeof entry.expires === 'number' && nowMs > entry.expires) return undefined;
  return entry.value;
}
