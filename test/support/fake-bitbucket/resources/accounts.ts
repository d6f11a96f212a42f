/** GET /user, the user's workspaces and permission, and GET /workspaces/{workspace} and its members. */
import { canSeeWorkspace, requireWorkspace } from '../access.js';
import { parseBbql, sortByField } from '../bbql.js';
import { FakeHttpError, jsonResponse, type ApiRoute, type RouteContext } from '../http-types.js';
import { paginate } from '../pagination.js';
import {
  encodeSegment,
  link,
  renderAccount,
  renderCurrentUser,
  renderWorkspace,
  renderWorkspaceBase,
} from '../representations.js';

export const accountRoutes: ApiRoute[] = [
  {
    method: 'GET',
    template: '/user',
    scope: 'account',
    handle: ({ user, env }) => jsonResponse(renderCurrentUser(user, env)),
  },
  {
    method: 'GET',
    template: '/user/workspaces',
    scope: 'account',
    handle: listUserWorkspaces,
  },
  {
    method: 'GET',
    template: '/workspaces/{workspace}/members',
    scope: 'account',
    handle: listWorkspaceMembers,
  },
  {
    method: 'GET',
    template: '/workspaces/{workspace}',
    scope: null,
    handle: ({ state, env, params }) => jsonResponse(renderWorkspace(requireWorkspace(state, params['workspace'] ?? ''), env)),
  },
  {
    method: 'GET',
    template: '/user/workspaces/{workspace}/permission',
    scope: 'account',
    handle: getOwnWorkspacePermission,
  },
];

/** Returns the caller's membership with `permission`: `owner` for administrators, else `member`. */
function getOwnWorkspacePermission({ state, env, user, params }: RouteContext) {
  const workspace = requireWorkspace(state, params['workspace'] ?? '');
  const membership = workspace.members.get(user.uuid);
  if (membership === undefined) {
    throw new FakeHttpError(403, `Access denied: you are not a member of workspace ${workspace.slug}.`);
  }

  return jsonResponse({
    type: 'workspace_membership',
    permission: membership.administrator ? 'owner' : 'member',
    user: renderAccount(user, env),
    workspace: renderWorkspace(workspace, env),
  });
}

/**
 * Lists the workspaces the user belongs to as `workspace_access` objects. `q` and `sort` may use
 * `slug` and `name` as well as the dotted fields of the returned objects.
 */
function listUserWorkspaces({ request, state, env, user }: RouteContext) {
  const administrator = request.query.get('administrator');
  const entries = [...state.workspaces.values()]
    .filter((workspace) => workspace.members.has(user.uuid))
    .map((workspace) => ({
      workspace,
      value: {
        type: 'workspace_access',
        administrator: workspace.members.get(user.uuid)?.administrator ?? false,
        workspace: renderWorkspaceBase(workspace, env),
      },
    }))
    .filter((entry) => administrator === null || String(entry.value.administrator) === administrator);

  const view = (entry: (typeof entries)[number]) => ({
    ...entry.value,
    slug: entry.workspace.slug,
    name: entry.workspace.name,
  });
  const q = request.query.get('q');
  const predicate = q === null ? () => true : parseBbql(q);
  const matching = entries.filter((entry) => predicate(view(entry)));
  const sorted = sortByField(matching, request.query.get('sort'), view).map((entry) => entry.value);

  return jsonResponse(paginate(sorted, request, env, { maxPagelen: 100 }));
}

/** Lists the members of a workspace; only members and workspace access tokens may list them. */
function listWorkspaceMembers({ request, state, env, user, params }: RouteContext) {
  const workspace = requireWorkspace(state, params['workspace'] ?? '');
  if (!canSeeWorkspace(workspace, user)) {
    throw new FakeHttpError(403, `Access denied: you are not a member of workspace ${workspace.slug}.`);
  }

  const workspaceJson = renderWorkspace(workspace, env);
  const memberships = [...workspace.members.values()].map((membership) => ({
    type: 'workspace_membership',
    user: renderAccount(membership.user, env),
    workspace: {
      type: 'workspace',
      uuid: workspace.uuid,
      slug: workspace.slug,
      name: workspace.name,
      links: workspaceJson['links'],
    },
    links: {
      self: link(
        `${env.apiUrl}/workspaces/${encodeSegment(workspace.slug)}/members/${encodeSegment(membership.user.uuid)}`,
      ),
    },
  }));

  const q = request.query.get('q');
  const filtered = q === null ? memberships : memberships.filter(parseBbql(q));
  return jsonResponse(paginate(sortByField(filtered, request.query.get('sort')), request, env, { maxPagelen: 100 }));
}
