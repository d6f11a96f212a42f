import { z } from 'zod';

import { resolveCommitHash, FULL_COMMIT_HASH } from '../bitbucket/branches.js';
import { BitbucketResponseTooLargeError } from '../bitbucket/errors.js';
import { getSourceMeta, listSourceDirectory, readSourceFile, type SourceLocation } from '../bitbucket/source.js';
import { defineAction } from './action.js';
import { decodeText, MAX_FILE_BYTES } from './file-content.js';
import { expected, parametersObject, repoSlugField, textField, workspaceField } from './input-fields.js';

interface FileBase {
  /** The commit that was read: the hash Bitbucket reports, else the requested commit. */
  commit: string;
  path: string;
  size: number | null;
}

/** The file action's `data`, discriminated by `type`. */
export type RepositoryFile =
  | (FileBase & { type: 'text'; encoding: 'utf-8'; content: string; mimetype: string | null })
  | (FileBase & { type: 'binary'; mimetype: string | null; attributes: string[] })
  | (FileBase & { type: 'too_large'; max_bytes: number; mimetype: string | null })
  | (FileBase & {
      type: 'directory';
      entries: Array<{ type: 'file' | 'directory'; path: string; size?: number; attributes?: string[] }>;
      count: number;
      truncated: boolean;
    });

export const getFileFromRepositoryAction = defineAction({
  slug: 'BITBUCKET_GET_FILE_FROM_REPOSITORY',
  description:
    'Reads a file or directory at a commit, branch or tag. A text file comes back as UTF-8 text in data.content; ' +
    `a binary file (NUL bytes, invalid UTF-8 or marked binary) or one over ${MAX_FILE_BYTES} bytes is described ` +
    'without its content; a directory comes back as its listing.',
  input: parametersObject({
    workspace: workspaceField,
    repo_slug: repoSlugField,
    commit: textField('a commit hash, branch or tag such as "main"', 'Commit hash, branch name or tag name.'),
    path: z
      .string(expected('a file path such as "docs/README.md", or "" for the root'))
      .describe('Path inside the repository, e.g. "docs/README.md"; "" or "/" lists the root.'),
  }),
  async run(input, { client, tokens }): Promise<RepositoryFile> {
    // Bitbucket's /src fails for branch names with "/", so those are resolved to a hash first.
    const commit =
      input.commit.includes('/') && !FULL_COMMIT_HASH.test(input.commit)
        ? await resolveCommitHash(client, tokens, input.workspace, input.repo_slug, input.commit)
        : input.commit;
    const location: SourceLocation = { workspace: input.workspace, repoSlug: input.repo_slug, commit, path: input.path };

    const meta = await getSourceMeta(client, tokens, location);
    const base = { commit: meta.commit?.hash ?? commit, path: meta.path ?? input.path };

    if (meta.type === 'commit_directory') {
      const listing = await listSourceDirectory(client, tokens, location);
      const entries = listing.values.map((entry) => ({
        type: entry.type === 'commit_directory' ? ('directory' as const) : ('file' as const),
        path: entry.path,
        ...(entry.size !== undefined ? { size: entry.size } : {}),
        ...(entry.attributes !== undefined ? { attributes: entry.attributes } : {}),
      }));
      return { ...base, type: 'directory', size: null, entries, count: entries.length, truncated: listing.truncated };
    }

    const size = meta.size ?? null;
    const mimetype = meta.mimetype ?? null;
    const attributes = meta.attributes ?? [];
    if (attributes.includes('binary')) {
      return { ...base, type: 'binary', size, mimetype, attributes };
    }
    if (size !== null && size > MAX_FILE_BYTES) {
      return { ...base, type: 'too_large', size, mimetype, max_bytes: MAX_FILE_BYTES };
    }

    let bytes: Buffer;
    try {
      bytes = await readSourceFile(client, tokens, location, MAX_FILE_BYTES);
    } catch (error) {
      // The metadata left out the size or understated it, so the real size is unknown.
      if (!(error instanceof BitbucketResponseTooLargeError)) throw error;
      return { ...base, type: 'too_large', size: null, mimetype, max_bytes: MAX_FILE_BYTES };
    }
    const content = decodeText(bytes);
    if (content === undefined) {
      return { ...base, type: 'binary', size: size ?? bytes.length, mimetype, attributes };
    }
    return { ...base, type: 'text', encoding: 'utf-8', size: size ?? bytes.length, mimetype, content };
  },
  envelopeFields(input, output) {
    return { commit: output?.commit ?? input.commit, path: output?.path ?? input.path, size: output?.size ?? null };
  },
});
