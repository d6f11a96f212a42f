/** The kind of thing a Bitbucket API path refers to. */
export type RequestTargetKind =
  | 'account'
  | 'workspace'
  | 'repository'
  | 'pull-request'
  | 'issue'
  | 'issue-comment'
  | 'branch'
  | 'tag'
  | 'commit'
  | 'file'
  | 'snippet'
  | 'unknown';

/** The target of a Bitbucket API path: its kind and its name in raw (unescaped) words. */
export interface RequestTarget {
  kind: RequestTargetKind;
  /** E.g. "repository acme/api" or "file README.md at main in acme/api". */
  name: string;
  /** `workspace/repo_slug` of a path inside a repository. */
  repository?: string;
  /** The workspace slug of a path under a workspace, a repository or a snippet. */
  workspace?: string;
}

/**
 * Names what a Bitbucket API path refers to, in raw (unescaped) words, e.g. "repository acme/api"
 * or "file README.md at main in acme/api". `path` is relative to the API base URL, with each
 * segment percent-encoded, as BitbucketErrorContext carries it. An unknown path is quoted as is.
 * With `repositoryOnly`, a path inside a repository names just the repository.
 */
export function describeRequestTarget(path: string, options: { repositoryOnly?: boolean } = {}): string {
  const target = parseRequestTarget(path);
  if (options.repositoryOnly === true && target.repository !== undefined) return `repository ${target.repository}`;
  return target.name;
}

/** Reads the kind and the name of what a Bitbucket API path refers to. */
export function parseRequestTarget(path: string): RequestTarget {
  const segments = path
    .split('?')[0]
    ?.split('/')
    .filter((segment) => segment !== '')
    .map(decodeSegment) ?? [];
  const [root, first, second, section, ...rest] = segments;

  if (root === 'repositories' && first !== undefined && second !== undefined) {
    return { ...parseRepositoryItem(`${first}/${second}`, section, rest), repository: `${first}/${second}`, workspace: first };
  }
  if ((root === 'repositories' || root === 'workspaces') && first !== undefined) {
    return { kind: 'workspace', name: `workspace ${first}`, workspace: first };
  }
  if (root === 'snippets' && first !== undefined && second !== undefined) {
    return { kind: 'snippet', name: `snippet ${second} in workspace ${first}`, workspace: first };
  }
  if (root === 'snippets' && first !== undefined) return { kind: 'workspace', name: `workspace ${first}`, workspace: first };
  if (root === 'user') return { kind: 'account', name: 'Bitbucket account' };
  return { kind: 'unknown', name: `item at ${path}` };
}

function parseRepositoryItem(repository: string, section: string | undefined, rest: string[]): Pick<RequestTarget, 'kind' | 'name'> {
  const [id, ...more] = rest;
  if (section === undefined) return { kind: 'repository', name: `repository ${repository}` };

  if (section === 'pullrequests' && id !== undefined && /^\d+$/.test(id)) {
    return { kind: 'pull-request', name: `pull request #${id} in ${repository}` };
  }
  if (section === 'issues' && id !== undefined && /^\d+$/.test(id)) {
    if (more[0] === 'comments' && more[1] !== undefined) {
      return { kind: 'issue-comment', name: `comment ${more[1]} on issue #${id} in ${repository}` };
    }
    return { kind: 'issue', name: `issue #${id} in ${repository}` };
  }
  if (section === 'refs' && (id === 'branches' || id === 'tags') && more.length > 0) {
    const kind = id === 'branches' ? 'branch' : 'tag';
    return { kind, name: `${kind} ${more.join('/')} in ${repository}` };
  }
  if (section === 'src' && id !== undefined) {
    const filePath = more.join('/');
    return filePath === ''
      ? { kind: 'commit', name: `commit ${id} in ${repository}` }
      : { kind: 'file', name: `file ${filePath} at ${id} in ${repository}` };
  }
  if (section === 'commit' && id !== undefined) return { kind: 'commit', name: `commit ${id} in ${repository}` };

  // Lists and creations such as …/pullrequests return 404 when the repository is missing, so the
  // repository comes first in the name.
  return { kind: 'repository', name: `repository ${repository}, or the item requested in it` };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
