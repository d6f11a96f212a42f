import type { types } from '@slack/bolt';

import { buildSection, SLACK_LIMITS } from './blocks.js';
import { escapeMrkdwn, splitAtLineBreaks } from './mrkdwn.js';

/**
 * Characters of file or snippet text one reply shows, across all its code blocks. The number is
 * chosen for reading in a channel, not a Slack limit; longer text links to bitbucket.org.
 */
export const CODE_PREVIEW_MAX = 9000;

const FENCE = '```';

/** Zero-width space: it breaks a run of backticks so file content cannot close the code block. */
const ZERO_WIDTH_SPACE = '\u200b';

export interface CodePreview {
  blocks: types.SectionBlock[];
  /** Characters of the escaped text that the blocks show. */
  usedChars: number;
  shownLines: number;
  totalLines: number;
  /** True when the blocks show less than the whole text. */
  truncated: boolean;
}

/**
 * Renders text as code blocks (sections of at most 3,000 characters each), split at line breaks,
 * until `maxChars` characters or `maxBlocks` blocks are used. The text is escaped, and every run
 * of three or more backticks gets zero-width spaces between them, so ``` inside a file shows
 * literally and the block stays one block.
 */
export function buildCodeBlocks(rawText: string, maxChars = CODE_PREVIEW_MAX, maxBlocks = 10): CodePreview {
  const text = rawText.replace(/\r\n?/g, '\n').replace(/\n$/, '');
  const totalLines = text === '' ? 0 : text.split('\n').length;
  const escaped = breakFences(escapeMrkdwn(text));

  const chunkMax = SLACK_LIMITS.sectionText - (FENCE.length * 2 + 2);
  const chunks = splitAtLineBreaks(escaped, chunkMax);

  const blocks: types.SectionBlock[] = [];
  let shown = '';
  for (const chunk of chunks) {
    if (blocks.length >= maxBlocks || shown.length + chunk.length > maxChars) break;
    blocks.push(buildSection(`${FENCE}\n${chunk.replace(/\n$/, '')}\n${FENCE}`));
    shown += chunk;
  }

  const truncated = shown.length < escaped.length;
  const shownLines = shown === '' ? 0 : shown.replace(/\n$/, '').split('\n').length;
  return { blocks, usedChars: shown.length, shownLines, totalLines, truncated };
}

/** Inserts zero-width spaces into each run of three or more backticks. */
function breakFences(text: string): string {
  return text.replace(/`{3,}/g, (run) => run.split('').join(ZERO_WIDTH_SPACE));
}
