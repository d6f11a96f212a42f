import { createCommitHash } from './ids.js';
import type { FakeCommit, FakeRepository, FakeUser } from './model.js';

/** File contents keyed by path; null deletes the file in a new commit. */
export type FileChanges = Record<string, string | Buffer | null>;

export interface CommitInput {
  branch: string;
  files: FileChanges;
  message?: string;
  author?: FakeUser;
  date: number;
}

/** Strips leading and trailing slashes, so `/docs/a.md` and `docs/a.md` name the same file. */
export function normaliseFilePath(path: string): string {
  return path.replace(/^\/+/, '').replace(/\/+$/, '');
}

/**
 * Adds a commit on top of `branch` and moves the branch to it. A new branch starts from the main
 * branch, and the first commit of an empty repository has no parent.
 */
export function addCommitToRepository(repository: FakeRepository, input: CommitInput): FakeCommit {
  const parentHash = repository.branches.get(input.branch) ?? repository.branches.get(repository.mainbranch);
  const parent = parentHash === undefined ? undefined : repository.commits.get(parentHash);

  const tree = new Map(parent?.tree ?? []);
  for (const [path, content] of Object.entries(input.files)) {
    const filePath = normaliseFilePath(path);
    if (filePath === '') throw new Error(`fake-bitbucket: invalid file path ${JSON.stringify(path)}`);
    if (content === null) tree.delete(filePath);
    else tree.set(filePath, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
  }

  const commit: FakeCommit = {
    hash: createCommitHash(),
    message: input.message ?? `Update ${Object.keys(input.files).join(', ') || 'nothing'}`,
    date: input.date,
    author: input.author,
    parents: parent === undefined ? [] : [parent.hash],
    tree,
  };
  repository.commits.set(commit.hash, commit);
  repository.branches.set(input.branch, commit.hash);
  repository.updatedAt = input.date;
  return commit;
}

/**
 * Resolves a revision for `/commit/{revision}` and `/src/{commit}`: a branch name, a tag name, a
 * full hash, or an unambiguous hash prefix of at least 7 characters.
 * NOTE: the minimum of 7 is the fake's choice. openapi.json mentions short hash prefixes only for
 * creating branches and tags, with no minimum length, while the app tries prefixes from 4
 * characters, so the fake returns 404 for 4- to 6-character prefixes that Bitbucket may resolve.
 */
export function resolveRevision(repository: FakeRepository, revision: string): FakeCommit | undefined {
  const refHash = repository.branches.get(revision) ?? repository.tags.get(revision);
  if (refHash !== undefined) return repository.commits.get(refHash);

  const exact = repository.commits.get(revision);
  if (exact !== undefined) return exact;

  if (!/^[0-9a-f]{7,39}$/.test(revision)) return undefined;
  const candidates = [...repository.commits.values()].filter((commit) => commit.hash.startsWith(revision));
  return candidates.length === 1 ? candidates[0] : undefined;
}

export interface TreeEntry {
  kind: 'file' | 'directory';
  path: string;
  /** Byte size for files; 0 for directories. */
  size: number;
}

/** Tells whether `path` is a directory of the tree; the empty path is the root. */
export function isDirectory(tree: Map<string, Buffer>, path: string): boolean {
  if (path === '') return true;
  const prefix = `${path}/`;
  for (const filePath of tree.keys()) if (filePath.startsWith(prefix)) return true;
  return false;
}

/** Lists the direct children of a directory, directories first, each group sorted by path. */
export function listDirectory(tree: Map<string, Buffer>, path: string): TreeEntry[] {
  const prefix = path === '' ? '' : `${path}/`;
  const files: TreeEntry[] = [];
  const directories = new Set<string>();

  for (const [filePath, content] of tree) {
    if (!filePath.startsWith(prefix)) continue;
    const rest = filePath.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash === -1) files.push({ kind: 'file', path: filePath, size: content.length });
    else directories.add(prefix + rest.slice(0, slash));
  }

  const directoryEntries = [...directories].map((dir): TreeEntry => ({ kind: 'directory', path: dir, size: 0 }));
  return [...directoryEntries.sort(compareByPath), ...files.sort(compareByPath)];
}

/** Orders entries by path in UTF-16 code-unit order. */
function compareByPath(left: TreeEntry, right: TreeEntry): number {
  if (left.path < right.path) return -1;
  if (left.path > right.path) return 1;
  return 0;
}

/** Tells whether content looks binary: a NUL byte or bytes that are not valid UTF-8. */
export function isBinaryContent(content: Buffer): boolean {
  if (content.includes(0)) return true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(content);
    return false;
  } catch {
    return true;
  }
}
