/** GET /repositories/{workspace} and GET, POST, DELETE /repositories/{workspace}/{repo_slug}. */
import {
  findRepository,
  findRepositoryPermission,
  hasRepositoryPermission,
  requireRepository,
  requireWorkspace,
} from '../access.js';
import { parseBbql, sortByField } from '../bbql.js';
import { FakeHttpError, jsonResponse, type ApiRoute, type RouteContext } from '../http-types.js';
import type { FakeRepository, FakeUser, RepositoryPermission } from '../model.js';
import { paginate } from '../pagination.js';
import { renderRepository } from '../representations.js';
import { createRepository, isValidRepositorySlug } from '../seed-repositories.js';

export const repositoryRoutes: ApiRoute[] = [
  { method: 'GET', template: '/repositories/{workspace}', scope: 'repository', handle: listRepositories },
  {
    method: 'GET',
    template: '/repositories/{workspace}/{repo_slug}',
    scope: 'repository',
    handle: ({ state, env, user, params }) =>
      jsonResponse(renderRepository(requireRepository(state, user, params['workspace'] ?? '', params['repo_slug'] ?? ''), env)),
  },
  {
    method: 'POST',
    template: '/repositories/{workspace}/{repo_slug}',
    scope: 'repository:admin',
    handle: createRepositoryFromRequest,
  },
  {
    method: 'DELETE',
    template: '/repositories/{workspace}/{repo_slug}',
    scope: 'repository:delete',
    handle: ({ state, user, params }) => {
      const repository = requireRepository(state, user, params['workspace'] ?? '', params['repo_slug'] ?? '', 'admin');
      repository.workspace.repositories.delete(repository.slug);
      return { status: 204 };
    },
  },
];

/**
 * The `role` filter: `member` means read access, `contributor` write (admin included), and `admin`
 * and `owner` admin access.
 */
const roleLevels: Record<string, RepositoryPermission> = {
  member: 'read',
  contributor: 'write',
  admin: 'admin',
  owner: 'admin',
};

function listRepositories({ request, state, env, user, params }: RouteContext) {
  const workspace = requireWorkspace(state, params['workspace'] ?? '');
  const role = request.query.get('role');
  const roleLevel = role === null ? undefined : roleLevels[role];

  const visible = [...workspace.repositories.values()].filter((repository) =>
    roleLevel === undefined
      ? findRepositoryPermission(repository, user) !== undefined
      : isRoleMatch(repository, user, roleLevel),
  );

  const rendered = visible.map((repository) => renderRepository(repository, env));
  const q = request.query.get('q');
  const filtered = q === null ? rendered : rendered.filter(parseBbql(q));
  return jsonResponse(paginate(sortByField(filtered, request.query.get('sort')), request, env, { maxPagelen: 100 }));
}

/** Checks a `role` filter; a public repository counts only when the user has access of their own. */
function isRoleMatch(repository: FakeRepository, user: FakeUser, level: RepositoryPermission): boolean {
  const ownAccess =
    repository.permissions.has(user.uuid) ||
    repository.workspace.members.has(user.uuid) ||
    repository.workspace.grants.has(user.uuid);
  return ownAccess && hasRepositoryPermission(repository, user, level);
}

/**
 * Creates a repository. Bitbucket responds 200 (not 201), takes the slug from the URL, ignores
 * `owner` and `full_name`, and responds 400 both for an invalid body and for a user who may not
 * create repositories in the workspace.
 */
function createRepositoryFromRequest({ request, state, env, user, params }: RouteContext) {
  const workspace = requireWorkspace(state, params['workspace'] ?? '');
  const slugParam = params['repo_slug'] ?? '';
  const body = (request.body ?? {}) as Record<string, unknown>;

  if (!workspace.members.has(user.uuid) && workspace.grants.get(user.uuid) !== 'admin') {
    throw new FakeHttpError(400, `You do not have permission to create repositories in workspace ${workspace.slug}.`);
  }
  if (findRepository(workspace, slugParam) !== undefined) {
    throw new FakeHttpError(400, 'Repository with this Slug and Owner already exists.', {
      fields: { name: ['Repository with this Slug and Owner already exists.'] },
    });
  }
  if (!isValidRepositorySlug(slugParam.toLowerCase())) {
    throw new FakeHttpError(400, `Invalid repository slug ${JSON.stringify(slugParam)}.`, {
      fields: { slug: ['Only lowercase letters, digits, dashes, underscores and dots are allowed.'] },
    });
  }
  if (body['scm'] !== undefined && body['scm'] !== 'git') {
    throw new FakeHttpError(400, 'scm: Only git is supported.', { fields: { scm: ['Only git is supported.'] } });
  }

  const projectKey = readProjectKey(body['project'], workspace.projects);
  // NOTE: without `is_private` the fake creates a private repository. openapi.json does not
  // document Bitbucket's default, so the app should always send the field.
  const repository = createRepository(
    workspace,
    {
      slug: slugParam,
      ...(typeof body['name'] === 'string' ? { name: body['name'] } : {}),
      ...(typeof body['description'] === 'string' ? { description: body['description'] } : {}),
      ...(typeof body['is_private'] === 'boolean' ? { is_private: body['is_private'] } : {}),
      ...(typeof body['fork_policy'] === 'string' ? { fork_policy: body['fork_policy'] as FakeRepository['fork_policy'] } : {}),
      ...(typeof body['language'] === 'string' ? { language: body['language'] } : {}),
      ...(typeof body['has_issues'] === 'boolean' ? { has_issues: body['has_issues'] } : {}),
      ...(typeof body['has_wiki'] === 'boolean' ? { has_wiki: body['has_wiki'] } : {}),
      ...(projectKey === undefined ? {} : { project_key: projectKey }),
    },
    env.now(),
  );
  repository.permissions.set(user.uuid, 'admin');
  return jsonResponse(renderRepository(repository, env));
}

/** Reads `project.key` (a key or a project `{uuid}`) and checks that the project exists. */
function readProjectKey(project: unknown, projects: Map<string, { key: string; uuid: string }>): string | undefined {
  if (typeof project !== 'object' || project === null) return undefined;
  const key = (project as { key?: unknown }).key;
  if (typeof key !== 'string') return undefined;

  for (const existing of projects.values()) if (existing.key === key || existing.uuid === key) return existing.key;
  throw new FakeHttpError(400, `project: Project ${key} not found.`, { fields: { project: [`Project ${key} not found.`] } });
}
