/** Creation of workspaces' projects, repositories, commits and tags, shared by seeding and handlers. */
import { addCommitToRepository, type FileChanges } from './git-model.js';
import { createBracedUuid } from './ids.js';
import type { FakeProject, FakeRepository, FakeUser, FakeWorkspace } from './model.js';

export interface RepositoryOptions {
  slug: string;
  name?: string;
  description?: string;
  is_private?: boolean;
  fork_policy?: FakeRepository['fork_policy'];
  language?: string;
  has_issues?: boolean;
  has_wiki?: boolean;
  /** Name of the main branch; default `main`. */
  mainbranch?: string;
  /** Key of the project; created when missing. Default: the workspace's oldest project. */
  project_key?: string;
  /** Files of an initial commit on the main branch. Without them the repository has no commits. */
  files?: FileChanges;
  /** Author of the initial commit. */
  author?: FakeUser;
  /** Names of issue-tracker components, milestones and versions. */
  components?: string[];
  milestones?: string[];
  versions?: string[];
}

/** Bitbucket repository slugs: lowercase letters, digits, `-`, `_` and `.`. */
export function isValidRepositorySlug(slug: string): boolean {
  return /^[a-z0-9._-]+$/.test(slug) && slug !== '.' && slug !== '..' && slug.length <= 62;
}

/** Returns the project with `key`, creating it when the workspace has none with that key. */
export function ensureProject(workspace: FakeWorkspace, key: string, now: number): FakeProject {
  const existing = workspace.projects.get(key);
  if (existing !== undefined) return existing;

  const project: FakeProject = { uuid: createBracedUuid(), key, name: `Project ${key}`, createdAt: now };
  workspace.projects.set(key, project);
  return project;
}

/** Returns the oldest project of a workspace, which Bitbucket uses when a new repository names none. */
export function findOldestProject(workspace: FakeWorkspace, now: number): FakeProject {
  return workspace.projects.values().next().value ?? ensureProject(workspace, 'PROJ', now);
}

/** Adds a repository to a workspace; throws when the slug is invalid or taken. */
export function createRepository(workspace: FakeWorkspace, options: RepositoryOptions, now: number): FakeRepository {
  const slug = options.slug.toLowerCase();
  if (!isValidRepositorySlug(slug)) throw new Error(`fake-bitbucket: invalid repository slug ${JSON.stringify(options.slug)}`);
  if (workspace.repositories.has(slug)) throw new Error(`fake-bitbucket: repository ${workspace.slug}/${slug} exists`);

  const project =
    options.project_key === undefined ? findOldestProject(workspace, now) : ensureProject(workspace, options.project_key, now);
  const repository: FakeRepository = {
    uuid: createBracedUuid(),
    workspace,
    slug,
    name: options.name ?? options.slug,
    description: options.description ?? '',
    is_private: options.is_private ?? true,
    fork_policy: options.fork_policy ?? 'allow_forks',
    language: options.language ?? '',
    has_issues: options.has_issues ?? false,
    has_wiki: options.has_wiki ?? false,
    project,
    mainbranch: options.mainbranch ?? 'main',
    createdAt: now,
    updatedAt: now,
    commits: new Map(),
    branches: new Map(),
    tags: new Map(),
    pullRequests: new Map(),
    nextPullRequestId: 1,
    issues: new Map(),
    nextIssueId: 1,
    issueFields: {
      component: [...(options.components ?? [])],
      milestone: [...(options.milestones ?? [])],
      version: [...(options.versions ?? [])],
    },
    permissions: new Map(),
  };
  workspace.repositories.set(slug, repository);

  if (options.files !== undefined) {
    addCommitToRepository(repository, {
      branch: repository.mainbranch,
      files: options.files,
      message: 'Initial commit',
      date: now,
      ...(options.author === undefined ? {} : { author: options.author }),
    });
  }
  return repository;
}
