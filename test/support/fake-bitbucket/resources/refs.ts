/** Branches, tags and commits: GET and POST .../refs/branches, GET .../refs/tags/{name}, GET .../commit/{commit}. */
import { requireRepository } from '../access.js';
import { parseBbql, sortByField } from '../bbql.js';
import { resolveRevision } from '../git-model.js';
import { FakeHttpError, jsonResponse, type ApiRoute, type RouteContext } from '../http-types.js';
import type { FakeRepository } from '../model.js';
import { paginate } from '../pagination.js';
import { renderCommit, renderRef } from '../representations.js';

const repositoryPath = '/repositories/{workspace}/{repo_slug}';

export const refRoutes: ApiRoute[] = [
  { method: 'GET', template: `${repositoryPath}/refs/branches`, scope: 'repository', handle: listBranches },
  { method: 'POST', template: `${repositoryPath}/refs/branches`, scope: 'repository:write', handle: createBranch },
  {
    method: 'GET',
    template: `${repositoryPath}/refs/branches/{name}`,
    scope: 'repository',
    handle: (context) => getRef(context, 'branch'),
  },
  {
    method: 'GET',
    template: `${repositoryPath}/refs/tags/{name}`,
    scope: 'repository',
    handle: (context) => getRef(context, 'tag'),
  },
  { method: 'GET', template: `${repositoryPath}/commit/{commit}`, scope: 'repository', handle: getCommit },
];

/** Finds the repository of a request's `{workspace}` and `{repo_slug}` at the needed access level. */
export function requireRouteRepository(context: RouteContext, needed: 'read' | 'write' | 'admin' = 'read'): FakeRepository {
  return requireRepository(context.state, context.user, context.params['workspace'] ?? '', context.params['repo_slug'] ?? '', needed);
}

function listBranches(context: RouteContext) {
  const { request, env } = context;
  const repository = requireRouteRepository(context);
  const branches = [...repository.branches].flatMap(([name, hash]) => {
    const commit = repository.commits.get(hash);
    return commit === undefined ? [] : [renderRef('branch', name, repository, commit, env)];
  });

  const q = request.query.get('q');
  const filtered = q === null ? branches : branches.filter(parseBbql(q));
  const sorted = sortByField(filtered, request.query.get('sort') ?? 'name');
  return jsonResponse(paginate(sorted, request, env, { maxPagelen: 100 }));
}

function getRef(context: RouteContext, kind: 'branch' | 'tag') {
  const repository = requireRouteRepository(context);
  const name = context.params['name'] ?? '';
  const hash = (kind === 'branch' ? repository.branches : repository.tags).get(name);
  const commit = hash === undefined ? undefined : repository.commits.get(hash);
  if (commit === undefined) {
    throw new FakeHttpError(404, `${kind === 'branch' ? 'Branch' : 'Tag'} "${name}" not found in ${repository.workspace.slug}/${repository.slug}`);
  }
  return jsonResponse(renderRef(kind, name, repository, commit, context.env));
}

function getCommit(context: RouteContext) {
  const repository = requireRouteRepository(context);
  const revision = context.params['commit'] ?? '';
  const commit = resolveRevision(repository, revision);
  if (commit === undefined) throw new FakeHttpError(404, `Commit ${revision} not found in ${repository.workspace.slug}/${repository.slug}`);
  return jsonResponse(renderCommit(repository, commit, context.env));
}

/**
 * Creates a branch from `{name, target: {hash}}` and responds 201. The fake accepts only a full
 * 40-character hash of a known commit, which is what clients must send: Bitbucket may reject a
 * short prefix as ambiguous.
 */
function createBranch(context: RouteContext) {
  const repository = requireRouteRepository(context, 'write');
  const body = (context.request.body ?? {}) as { name?: unknown; target?: { hash?: unknown } };

  const name = typeof body.name === 'string' ? body.name.trim() : '';
  if (name === '') throw fieldError('name', 'Branch name is required.');
  if (name.startsWith('refs/') || !isValidBranchName(name)) throw fieldError('name', `Invalid branch name "${name}".`);
  if (repository.branches.has(name)) throw fieldError('name', `Branch "${name}" already exists.`);

  const hash = typeof body.target?.hash === 'string' ? body.target.hash : '';
  if (!/^[0-9a-f]{40}$/.test(hash)) {
    throw fieldError('target', `target.hash must be a full 40-character commit hash, got "${hash}".`);
  }
  const commit = repository.commits.get(hash);
  if (commit === undefined) throw fieldError('target', `Commit ${hash} not found.`);

  repository.branches.set(name, commit.hash);
  return jsonResponse(renderRef('branch', name, repository, commit, context.env), 201);
}

/** Applies the main rules of `git check-ref-format` that a branch name can break. */
function isValidBranchName(name: string): boolean {
  return !(
    /[\s~^:?*[\\\x00-\x1f\x7f]/.test(name) ||
    name.includes('..') ||
    name.includes('@{') ||
    name.includes('//') ||
    name.startsWith('/') ||
    name.endsWith('/') ||
    name.endsWith('.') ||
    name.endsWith('.lock') ||
    name.startsWith('-')
  );
}

function fieldError(field: string, message: string): FakeHttpError {
  return new FakeHttpError(400, message, { fields: { [field]: [message] } });
}
