import type { types } from '@slack/bolt';

import type { Snippet, SnippetFile } from '../../bitbucket/types.js';
import { buildSnippetUrl, pickHtmlUrl } from './bitbucket-links.js';
import {
  buildContext,
  buildFallbackText,
  buildHeader,
  buildReplyContextBlocks,
  buildSection,
  SLACK_LIMITS,
  type ReplyContext,
  type SlackMessage,
} from './blocks.js';
import { buildCodeBlocks, CODE_PREVIEW_MAX } from './code-block.js';
import { formatAccountName } from './format-account.js';
import { formatByteSize } from './format-byte-size.js';
import { escapeMrkdwn, formatLink, formatSlackDate } from './mrkdwn.js';

export interface SnippetInput extends ReplyContext {
  workspace: string;
  snippet: Snippet;
}

/** Blocks kept free for the header, the context lines and the "more files" notice. */
const RESERVED_BLOCKS = 6;

/**
 * Renders a snippet with each file's text as code blocks. All files share one budget of
 * CODE_PREVIEW_MAX characters; files beyond it are named with a link to the snippet.
 */
export function renderSnippet(input: SnippetInput): SlackMessage {
  const { snippet } = input;
  const snippetId = String(snippet.id);
  const url = pickHtmlUrl(snippet.links, buildSnippetUrl(input.workspace, snippetId));
  const title = snippet.title !== undefined && snippet.title.trim() !== '' ? snippet.title : `Snippet ${snippetId}`;

  const blocks: types.KnownBlock[] = [buildHeader(title), buildContext(formatSnippetDetails(input, url))];
  const maxBlocks = SLACK_LIMITS.messageBlocks - RESERVED_BLOCKS;
  let remainingChars = CODE_PREVIEW_MAX;
  let cut = false;
  let shownFiles = 0;

  for (const file of snippet.files) {
    const fileBlocks = renderSnippetFile(file, remainingChars, maxBlocks - blocks.length);
    if (fileBlocks === undefined) break;

    blocks.push(...fileBlocks.blocks);
    remainingChars -= fileBlocks.usedChars;
    shownFiles += 1;
    if (fileBlocks.truncated) {
      cut = true;
      break;
    }
  }

  const hiddenFiles = snippet.files.length - shownFiles;
  if (cut || hiddenFiles > 0) {
    const more = hiddenFiles > 0 ? `${hiddenFiles} more file${hiddenFiles === 1 ? '' : 's'} not shown. ` : 'Cut to fit. ';
    blocks.push(buildContext(`${more}${formatLink(url, 'Open the whole snippet on bitbucket.org')}.`));
  }
  if (snippet.files.length === 0) blocks.push(buildSection('_The snippet has no files._'));
  blocks.push(...buildReplyContextBlocks(input));

  return { text: buildFallbackText(`${title} (${snippet.files.length} files)`), blocks };
}

/** Renders one file's name and content; returns undefined when not even its name fits any more. */
function renderSnippetFile(
  file: SnippetFile,
  maxChars: number,
  maxBlocks: number,
): { blocks: types.KnownBlock[]; usedChars: number; truncated: boolean } | undefined {
  if (maxBlocks < 2 || maxChars <= 0) return undefined;

  const size = file.size === undefined ? '' : ` · ${formatByteSize(file.size)}`;
  const nameLine = `*${escapeMrkdwn(file.name)}*${size}`;

  if (file.binary === true || file.too_large === true || file.content === undefined) {
    const reason = file.binary === true ? 'binary file, not shown' : 'too large to show';
    return { blocks: [buildSection(`${nameLine}\n_${reason}_`)], usedChars: 0, truncated: false };
  }
  if (file.content === '') {
    return { blocks: [buildSection(`${nameLine}\n_empty file_`)], usedChars: 0, truncated: false };
  }

  const preview = buildCodeBlocks(file.content, maxChars, maxBlocks - 1);
  if (preview.blocks.length === 0) return undefined;

  const blocks: types.KnownBlock[] = [buildContext(nameLine), ...preview.blocks];
  return { blocks, usedChars: preview.usedChars, truncated: preview.truncated };
}

function formatSnippetDetails(input: SnippetInput, url: string): string {
  const { snippet } = input;
  const parts = [escapeMrkdwn(input.workspace)];
  if (snippet.is_private !== undefined) parts.push(snippet.is_private ? 'private' : 'public');
  const author = snippet.owner ?? snippet.creator;
  if (author !== undefined) parts.push(`by ${formatAccountName(author)}`);
  if (snippet.updated_on !== undefined) parts.push(`updated ${formatSlackDate(snippet.updated_on)}`);
  parts.push(formatLink(url, 'Open on bitbucket.org'));
  return parts.join(' · ');
}
