/**
 * Lookups by slug or `{uuid}` and the fake's permission model: a workspace administrator has
 * admin on every repository, a member has write, an explicit grant sets the level, and anyone
 * may read a public repository.
 */
import { FakeHttpError } from './http-types.js';
import type { FakeRepository, FakeState, FakeUser, FakeWorkspace, RepositoryPermission } from './model.js';

const permissionRank: Record<RepositoryPermission, number> = { read: 1, write: 2, admin: 3 };

/** Finds a workspace by slug or `{uuid}`, or undefined. */
export function findWorkspace(state: FakeState, slugOrUuid: string): FakeWorkspace | undefined {
  const bySlug = state.workspaces.get(slugOrUuid);
  if (bySlug !== undefined) return bySlug;
  for (const workspace of state.workspaces.values()) if (workspace.uuid === slugOrUuid) return workspace;
  return undefined;
}

/** Finds a workspace or throws Bitbucket's 404. */
export function requireWorkspace(state: FakeState, slugOrUuid: string): FakeWorkspace {
  const workspace = findWorkspace(state, slugOrUuid);
  if (workspace === undefined) throw new FakeHttpError(404, `Workspace ${slugOrUuid} not found`);
  return workspace;
}

/** Finds a repository of a workspace by slug or `{uuid}`, or undefined. */
export function findRepository(workspace: FakeWorkspace, slugOrUuid: string): FakeRepository | undefined {
  const bySlug = workspace.repositories.get(slugOrUuid.toLowerCase());
  if (bySlug !== undefined) return bySlug;
  for (const repository of workspace.repositories.values()) if (repository.uuid === slugOrUuid) return repository;
  return undefined;
}

/**
 * Finds a repository the user may access at `needed` level, or throws: 404 when the workspace or
 * repository does not exist, 403 when the user lacks the level.
 */
export function requireRepository(
  state: FakeState,
  user: FakeUser,
  workspaceParam: string,
  repoParam: string,
  needed: RepositoryPermission = 'read',
): FakeRepository {
  const workspace = requireWorkspace(state, workspaceParam);
  const repository = findRepository(workspace, repoParam);
  if (repository === undefined) {
    throw new FakeHttpError(404, `Repository ${workspaceParam}/${repoParam} not found`);
  }

  const granted = findRepositoryPermission(repository, user);
  if (granted === undefined || permissionRank[granted] < permissionRank[needed]) {
    const fullName = `${workspace.slug}/${repository.slug}`;
    throw new FakeHttpError(
      403,
      granted === undefined
        ? `Access denied: you have no access to repository ${fullName}.`
        : `Access denied: ${needed} access to repository ${fullName} is required, you have ${granted}.`,
    );
  }
  return repository;
}

/** Returns the user's access level on a repository, or undefined when the user cannot read it. */
export function findRepositoryPermission(repository: FakeRepository, user: FakeUser): RepositoryPermission | undefined {
  const levels: RepositoryPermission[] = [];
  const explicit = repository.permissions.get(user.uuid);
  if (explicit !== undefined) levels.push(explicit);

  const workspaceGrant = repository.workspace.grants.get(user.uuid);
  if (workspaceGrant !== undefined) levels.push(workspaceGrant);

  const membership = repository.workspace.members.get(user.uuid);
  if (membership !== undefined) levels.push(membership.administrator ? 'admin' : 'write');
  if (!repository.is_private) levels.push('read');

  return levels.sort((left, right) => permissionRank[right] - permissionRank[left])[0];
}

/** Tells whether a user has at least the `needed` access level on a repository. */
export function hasRepositoryPermission(
  repository: FakeRepository,
  user: FakeUser,
  needed: RepositoryPermission,
): boolean {
  const granted = findRepositoryPermission(repository, user);
  return granted !== undefined && permissionRank[granted] >= permissionRank[needed];
}

/** Tells whether a user is a member of the workspace or has a workspace access grant. */
export function canSeeWorkspace(workspace: FakeWorkspace, user: FakeUser): boolean {
  return workspace.members.has(user.uuid) || workspace.grants.has(user.uuid);
}

/** Finds a user by `{uuid}` or account id, or undefined. */
export function findUser(state: FakeState, uuidOrAccountId: string): FakeUser | undefined {
  const byUuid = state.users.get(uuidOrAccountId);
  if (byUuid !== undefined) return byUuid;
  for (const user of state.users.values()) if (user.account_id === uuidOrAccountId) return user;
  return undefined;
}
