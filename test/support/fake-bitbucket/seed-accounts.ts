/** Creation of users, workspaces, memberships, OAuth consumers and fixed access tokens. */
import { createAccountId, createBracedUuid, ensureBraces } from './ids.js';
import type { FakeState, FakeUser, FakeWorkspace } from './model.js';
import { ensureProject } from './seed-repositories.js';

export interface UserOptions {
  display_name: string;
  nickname?: string;
  /** With or without braces; generated when omitted. */
  uuid?: string;
  account_id?: string;
}

/** Adds a user; throws when the uuid is taken. */
export function createUser(state: FakeState, options: UserOptions, now: number): FakeUser {
  const uuid = ensureBraces(options.uuid ?? createBracedUuid());
  if (state.users.has(uuid)) throw new Error(`fake-bitbucket: a user with uuid ${uuid} exists`);

  const user: FakeUser = {
    uuid,
    account_id: options.account_id ?? createAccountId(),
    display_name: options.display_name,
    nickname: options.nickname ?? options.display_name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    createdAt: now,
  };
  state.users.set(uuid, user);
  return user;
}

export interface WorkspaceOptions {
  slug: string;
  name?: string;
  /** With or without braces; generated when omitted. */
  uuid?: string;
}

/** Adds a workspace with one default project, `PROJ`; throws when the slug is taken. */
export function createWorkspace(state: FakeState, options: WorkspaceOptions, now: number): FakeWorkspace {
  if (state.workspaces.has(options.slug)) throw new Error(`fake-bitbucket: workspace ${options.slug} exists`);

  const workspace: FakeWorkspace = {
    uuid: ensureBraces(options.uuid ?? createBracedUuid()),
    slug: options.slug,
    name: options.name ?? options.slug,
    createdAt: now,
    members: new Map(),
    grants: new Map(),
    projects: new Map(),
    repositories: new Map(),
    snippets: new Map(),
  };
  ensureProject(workspace, 'PROJ', now);
  state.workspaces.set(workspace.slug, workspace);
  return workspace;
}

/** Resolves a workspace given as an object or a slug; throws when the slug is unknown. */
export function resolveWorkspace(state: FakeState, workspace: FakeWorkspace | string): FakeWorkspace {
  if (typeof workspace !== 'string') return workspace;
  const found = state.workspaces.get(workspace);
  if (found === undefined) throw new Error(`fake-bitbucket: no workspace ${workspace}; add it with addWorkspace first`);
  return found;
}
