import type { types } from '@slack/bolt';

import type { Page } from '../../bitbucket/types.js';
import { buildContext, buildSection, SLACK_LIMITS } from './blocks.js';
import { truncateMrkdwn } from './mrkdwn.js';

/**
 * Characters of list items per message. It keeps a list reply, with its header and footer, under
 * the app's 4,000-character bound, which is also about what fits on a screen.
 */
export const LIST_TEXT_BUDGET = 3400;

/** Blocks a list may use; the rest of the 50 are left for header, footer and buttons. */
export const LIST_BLOCK_BUDGET = SLACK_LIMITS.messageBlocks - 6;

export interface PackedList {
  blocks: types.SectionBlock[];
  /** How many of the given items made it into `blocks`, counted from the first. */
  shownCount: number;
}

/**
 * Packs mrkdwn lines (already escaped) into as few section blocks as possible, one line per item,
 * stopping at the first item that would exceed `maxChars` in total or `maxBlocks` sections.
 */
export function packLines(lines: string[], maxChars = LIST_TEXT_BUDGET, maxBlocks = LIST_BLOCK_BUDGET): PackedList {
  const sections: string[] = [];
  let current = '';
  let usedChars = 0;
  let shownCount = 0;

  for (const rawLine of lines) {
    const line = truncateMrkdwn(rawLine, SLACK_LIMITS.sectionText);
    if (usedChars + line.length + 1 > maxChars) break;

    const fitsCurrent = current !== '' && current.length + 1 + line.length <= SLACK_LIMITS.sectionText;
    if (fitsCurrent) {
      current = `${current}\n${line}`;
    } else {
      if (current !== '') sections.push(current);
      if (sections.length >= maxBlocks) {
        current = '';
        break;
      }
      current = line;
    }
    usedChars += line.length + 1;
    shownCount += 1;
  }
  if (current !== '') sections.push(current);

  return { blocks: sections.map((text) => buildSection(text)), shownCount };
}

/**
 * Packs one section per item (for items with their own accessory or several lines), within the
 * same character and block budgets as packLines.
 */
export function packSections(
  items: types.SectionBlock[],
  maxChars = LIST_TEXT_BUDGET,
  maxBlocks = LIST_BLOCK_BUDGET,
): PackedList {
  const blocks: types.SectionBlock[] = [];
  let usedChars = 0;

  for (const item of items) {
    const length = item.text?.text.length ?? 0;
    if (blocks.length >= maxBlocks || usedChars + length > maxChars) break;
    blocks.push(item);
    usedChars += length;
  }
  return { blocks, shownCount: blocks.length };
}

/**
 * Builds the "and N more" footer. An undefined `hiddenCount` means Bitbucket reported more items
 * without a count. `hint` (escaped mrkdwn) explains how to narrow the list.
 */
export function buildMoreNotice(hiddenCount: number | undefined, hint: string): types.ContextBlock {
  const more = hiddenCount === undefined ? '…and more.' : `…and ${hiddenCount} more.`;
  return buildContext(hint === '' ? more : `${more} ${hint}`);
}

/** A list to render: one page from Bitbucket, or the pages a toolkit list action collected. */
export interface ListPage<T> extends Page<T> {
  /** True when the action stopped reading pages before the end, so more items exist. */
  truncated?: boolean;
}

/**
 * Counts the items not shown: from Bitbucket's `size` (all matches over all pages) when it sent
 * one, else from this page. Returns undefined when more pages exist but their size is unknown,
 * and 0 when nothing is hidden.
 */
export function countHiddenItems(page: ListPage<unknown>, shownCount: number): number | undefined {
  if (page.size !== undefined) return Math.max(page.size - shownCount, 0);
  if (page.next !== undefined || page.truncated === true) return undefined;
  return page.values.length - shownCount;
}
