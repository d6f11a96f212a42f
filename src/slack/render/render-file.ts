import type { types } from '@slack/bolt';

import { buildSourceUrl } from './bitbucket-links.js';
import {
  buildContext,
  buildFallbackText,
  buildHeader,
  buildReplyContextBlocks,
  buildSection,
  type ReplyContext,
  type SlackMessage,
} from './blocks.js';
import { buildCodeBlocks } from './code-block.js';
import { formatByteSize } from './format-byte-size.js';
import { buildMoreNotice, packLines } from './list-layout.js';
import { escapeMrkdwn, formatLink } from './mrkdwn.js';

interface FileBase {
  path: string;
  /** The commit that was read: a full hash when Bitbucket reported one. */
  commit: string;
  size?: number | null;
  mimetype?: string | null;
}

/** A file or directory as the file action returns it in `data`, distinguished by `type`. */
export type FileData =
  | (FileBase & { type: 'text'; content: string })
  | (FileBase & { type: 'binary' })
  | (FileBase & { type: 'too_large'; max_bytes?: number })
  | (FileBase & {
      type: 'directory';
      entries: Array<{ type: 'file' | 'directory'; path: string; size?: number }>;
      /** True when the listing stopped before the end of the directory. */
      truncated?: boolean;
    });

export interface FileInput extends ReplyContext {
  workspace: string;
  repoSlug: string;
  /** The branch, tag or commit the user named, if any; shown next to the commit. */
  ref?: string;
  file: FileData;
}

/**
 * Renders a file as code blocks (cut, with a link to bitbucket.org, when long), a directory as a
 * listing, and a binary or oversized file as a description with a link.
 */
export function renderFile(input: FileInput): SlackMessage {
  const { file } = input;
  const url = buildSourceUrl(input.workspace, input.repoSlug, file.commit, file.path);
  const name = file.path === '' ? '/' : file.path;
  const location = formatLocation(input);

  const blocks: types.KnownBlock[] = [buildHeader(file.type === 'directory' ? `${name.replace(/\/?$/, '/')}` : name)];
  blocks.push(...renderContent(file, url));
  blocks.push(buildContext(location, formatLink(url, 'Open on bitbucket.org')));
  blocks.push(...buildReplyContextBlocks(input));

  return { text: buildFallbackText(`${name} in ${input.workspace}/${input.repoSlug}`), blocks };
}

function renderContent(file: FileData, url: string): types.KnownBlock[] {
  const openLink = formatLink(url, 'Open it on bitbucket.org');
  const size = file.size === undefined || file.size === null ? undefined : formatByteSize(file.size);

  if (file.type === 'binary') {
    const detail = [file.mimetype, size].filter((part) => part !== undefined && part !== null).join(', ');
    return [buildSection(`This is a binary file${detail === '' ? '' : ` (${escapeMrkdwn(detail)})`}, so it is not shown here. ${openLink}.`)];
  }
  if (file.type === 'too_large') {
    const limit = file.max_bytes === undefined ? '' : ` of ${formatByteSize(file.max_bytes)}`;
    return [buildSection(`This file${size === undefined ? '' : ` (${size})`} is larger than the app's limit${limit}, so it is not shown here. ${openLink}.`)];
  }
  if (file.type === 'directory') return renderDirectory(file, url);

  if (file.content === '') return [buildSection('_The file is empty._')];
  const preview = buildCodeBlocks(file.content);
  const blocks: types.KnownBlock[] = [...preview.blocks];
  if (preview.truncated) {
    blocks.push(buildContext(`Showing the first ${preview.shownLines} of ${preview.totalLines} lines. ${formatLink(url, 'Open the whole file on bitbucket.org')}.`));
  }
  return blocks;
}

function renderDirectory(file: Extract<FileData, { type: 'directory' }>, url: string): types.KnownBlock[] {
  if (file.entries.length === 0) return [buildSection('_The directory is empty._')];

  const prefix = file.path === '' ? '' : `${file.path.replace(/\/$/, '')}/`;
  const sorted = [...file.entries].sort((left, right) => {
    if (left.type !== right.type) return left.type === 'directory' ? -1 : 1;
    return left.path.localeCompare(right.path);
  });
  const lines = sorted.map((entry) => {
    const name = entry.path.startsWith(prefix) ? entry.path.slice(prefix.length) : entry.path;
    if (entry.type === 'directory') return `:file_folder: \`${escapeMrkdwn(name)}/\``;
    const size = entry.size === undefined ? '' : ` · ${formatByteSize(entry.size)}`;
    return `:page_facing_up: \`${escapeMrkdwn(name)}\`${size}`;
  });

  const packed = packLines(lines);
  const blocks: types.KnownBlock[] = [...packed.blocks];
  const hidden = file.entries.length - packed.shownCount;
  if (hidden > 0 || file.truncated === true) {
    const count = file.truncated === true ? undefined : hidden;
    blocks.push(buildMoreNotice(count, `${formatLink(url, 'See the whole directory on bitbucket.org')}.`));
  }
  return blocks;
}

/** Formats "acme/api at main (3f2a9c1)", or with the short commit alone when no ref was named. */
function formatLocation(input: FileInput): string {
  const shortCommit = /^[0-9a-f]{12,40}$/.test(input.file.commit) ? input.file.commit.slice(0, 7) : input.file.commit;
  const showRef = input.ref !== undefined && input.ref !== input.file.commit;
  const at = showRef ? `${input.ref ?? ''} (${shortCommit})` : shortCommit;
  return escapeMrkdwn(`${input.workspace}/${input.repoSlug} at ${at}`);
}
