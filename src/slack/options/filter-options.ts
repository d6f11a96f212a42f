import type { types } from '@slack/bolt';

import { buildOption } from '../modals/modal-blocks.js';
import type { OptionItem } from './option-list-cache.js';

/** Slack shows at most 100 options in an external select. */
export const MAX_OPTIONS = 100;

/**
 * Returns the items that match `query`, best first, as at most 100 options. Matching ignores case.
 * An exact match ranks first, then a prefix, then a word start (after `/`, `-`, `_`, `.` or a
 * space), then any substring. An empty query keeps the list's own order.
 */
export function filterOptions(items: OptionItem[], query: string): types.PlainTextOption[] {
  const needle = query.trim().toLowerCase();
  const ranked =
    needle === ''
      ? items
      : items
          .map((item, index) => ({ item, index, rank: rankMatch(item, needle) }))
          .filter((entry) => entry.rank !== undefined)
          .sort((left, right) => (left.rank ?? 0) - (right.rank ?? 0) || left.index - right.index)
          .map((entry) => entry.item);

  return ranked.slice(0, MAX_OPTIONS).map((item) => buildOption(item.text, item.value, item.description));
}

/** Returns how well `item` matches: 0 is best, undefined is no match. */
function rankMatch(item: OptionItem, needle: string): number | undefined {
  const text = item.text.toLowerCase();
  const haystack = `${text} ${(item.keywords ?? '').toLowerCase()}`;
  if (text === needle) return 0;
  if (text.startsWith(needle)) return 1;
  if (new RegExp(`(^|[\\s/._-])${escapeRegExp(needle)}`).test(haystack)) return 2;
  if (haystack.includes(needle)) return 3;
  return undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
