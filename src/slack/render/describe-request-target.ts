/**
 * Names what a Bitbucket API path refers to, in raw (unescaped) words, e.g. "repository acme/api"
 * or "file README.md at main in acme/api". `path` is relative to the API base URL, with each
 * segment percent-encoded, as BitbucketErrorContext carries it. An unknown path is quoted as is.
 * With `repositoryOnly`, a path inside a repository names just the repository.
 */
export function describeRequestTarget(path: string, options: { repositoryOnly?: boolean } = {}): string {
  const segments = path
    .split('?')[0]
    ?.split('/')
    .filter((segment) => segment !== '')
    .map(decodeSegment) ?? [];
  const [root, first, second, section, ...rest] = segments;

  if (root === 'repositories' && first !== undefined && second !== undefined) {
    const repository = `${first}/${second}`;
    if (options.repositoryOnly === true) return `repository ${repository}`;
    return describeRepositoryItem(repository, section, rest);
  }
  if (root === 'repositories' && first !== undefined) return `workspace ${first}`;
  if (root === 'workspaces' && first !== undefined) return `workspace ${first}`;
  if (root === 'snippets' && first !== undefined && second !== undefined) return `snippet ${second} in workspace ${first}`;
  if (root === 'snippets' && first !== undefined) return `workspace ${first}`;
  if (root === 'user') return 'Bitbucket account';
  return `item at ${path}`;
}

function describeRepositoryItem(repository: string, section: string | undefined, rest: string[]): string {
  const [id, ...more] = rest;
  if (section === undefined) return `repository ${repository}`;

  if (section === 'pullrequests' && id !== undefined && /^\d+$/.test(id)) return `pull request #${id} in ${repository}`;
  if (section === 'issues' && id !== undefined && /^\d+$/.test(id)) {
    const comment = more[0] === 'comments' && more[1] !== undefined ? `comment ${more[1]} on ` : '';
    return `${comment}issue #${id} in ${repository}`;
  }
  if (section === 'refs' && (id === 'branches' || id === 'tags') && more.length > 0) {
    return `${id === 'branches' ? 'branch' : 'tag'} ${more.join('/')} in ${repository}`;
  }
  if (section === 'src' && id !== undefined) {
    const filePath = more.join('/');
    return filePath === '' ? `commit ${id} in ${repository}` : `file ${filePath} at ${id} in ${repository}`;
  }
  if (section === 'commit' && id !== undefined) return `commit ${id} in ${repository}`;
  return `repository ${repository}, or the item requested in it`;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
