/**
 * JSON shapes of accounts, workspaces, projects, repositories, commits and refs, as Bitbucket
 * API 2.0 returns them. API links point at the fake; `html` links use `env.htmlUrl`.
 */
import type { FakeEnvironment } from './http-types.js';
import type { FakeCommit, FakeProject, FakeRepository, FakeUser, FakeWorkspace } from './model.js';

type Json = Record<string, unknown>;

/** Returns `{ href }`. */
export function link(href: string): { href: string } {
  return { href };
}

/** Percent-encodes a slug, uuid or branch name for use as one path segment. */
export function encodeSegment(value: string): string {
  return encodeURIComponent(value);
}

/** Percent-encodes a file path, keeping its `/` separators. */
export function encodeFilePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

export function toIsoDate(epochMilliseconds: number): string {
  return new Date(epochMilliseconds).toISOString();
}

/** Renders an account as Bitbucket embeds it (no `username`, and no email without the email scope). */
export function renderAccount(user: FakeUser, env: FakeEnvironment): Json {
  const userPath = encodeSegment(user.uuid);
  return {
    type: 'user',
    uuid: user.uuid,
    account_id: user.account_id,
    display_name: user.display_name,
    nickname: user.nickname,
    links: {
      self: link(`${env.apiUrl}/users/${userPath}`),
      html: link(`${env.htmlUrl}/${userPath}/`),
      avatar: link(`${env.url}/avatars/${userPath}.png`),
    },
  };
}

/** Renders the full account of GET /user. */
export function renderCurrentUser(user: FakeUser, env: FakeEnvironment): Json {
  return {
    ...renderAccount(user, env),
    created_on: toIsoDate(user.createdAt),
    account_status: 'active',
    has_2fa_enabled: null,
    is_staff: false,
    location: null,
  };
}

/** Renders the `workspace_base` embedded in `workspace_access`. */
export function renderWorkspaceBase(workspace: FakeWorkspace, env: FakeEnvironment): Json {
  const slug = encodeSegment(workspace.slug);
  return {
    type: 'workspace_base',
    uuid: workspace.uuid,
    slug: workspace.slug,
    links: {
      self: link(`${env.apiUrl}/workspaces/${slug}`),
      avatar: link(`${env.url}/workspaces/${slug}/avatar/`),
    },
  };
}

/** Renders a `workspace`. */
export function renderWorkspace(workspace: FakeWorkspace, env: FakeEnvironment): Json {
  const slug = encodeSegment(workspace.slug);
  return {
    type: 'workspace',
    uuid: workspace.uuid,
    slug: workspace.slug,
    name: workspace.name,
    is_private: true,
    created_on: toIsoDate(workspace.createdAt),
    links: {
      self: link(`${env.apiUrl}/workspaces/${slug}`),
      html: link(`${env.htmlUrl}/${slug}/`),
      avatar: link(`${env.url}/workspaces/${slug}/avatar/`),
      members: link(`${env.apiUrl}/workspaces/${slug}/members`),
      repositories: link(`${env.apiUrl}/repositories/${slug}`),
    },
  };
}

export function renderProject(project: FakeProject, workspace: FakeWorkspace, env: FakeEnvironment): Json {
  const slug = encodeSegment(workspace.slug);
  return {
    type: 'project',
    key: project.key,
    uuid: project.uuid,
    name: project.name,
    links: {
      self: link(`${env.apiUrl}/workspaces/${slug}/projects/${encodeSegment(project.key)}`),
      html: link(`${env.htmlUrl}/${slug}/workspace/projects/${encodeSegment(project.key)}`),
    },
  };
}

/** Returns the API URL of a repository, `${apiUrl}/repositories/{workspace}/{slug}`. */
export function repositoryApiUrl(repository: FakeRepository, env: FakeEnvironment): string {
  return `${env.apiUrl}/repositories/${encodeSegment(repository.workspace.slug)}/${encodeSegment(repository.slug)}`;
}

/** Returns the web URL of a repository. */
export function repositoryHtmlUrl(repository: FakeRepository, env: FakeEnvironment): string {
  return `${env.htmlUrl}/${encodeSegment(repository.workspace.slug)}/${encodeSegment(repository.slug)}`;
}

/** Renders the short repository object embedded in commits and pull requests. */
export function renderRepositoryReference(repository: FakeRepository, env: FakeEnvironment): Json {
  return {
    type: 'repository',
    uuid: repository.uuid,
    name: repository.name,
    full_name: `${repository.workspace.slug}/${repository.slug}`,
    links: {
      self: link(repositoryApiUrl(repository, env)),
      html: link(repositoryHtmlUrl(repository, env)),
      avatar: link(`${env.url}/avatars/${encodeSegment(repository.uuid)}.png`),
    },
  };
}

/** Renders a full `repository`. */
export function renderRepository(repository: FakeRepository, env: FakeEnvironment): Json {
  const apiUrl = repositoryApiUrl(repository, env);
  const workspace = repository.workspace;
  return {
    ...renderRepositoryReference(repository, env),
    slug: repository.slug,
    description: repository.description,
    scm: 'git',
    is_private: repository.is_private,
    fork_policy: repository.fork_policy,
    language: repository.language,
    has_issues: repository.has_issues,
    has_wiki: repository.has_wiki,
    size: 0,
    created_on: toIsoDate(repository.createdAt),
    updated_on: toIsoDate(repository.updatedAt),
    mainbranch: { type: 'branch', name: repository.mainbranch },
    project: renderProject(repository.project, workspace, env),
    owner: {
      type: 'team',
      uuid: workspace.uuid,
      username: workspace.slug,
      display_name: workspace.name,
    },
    workspace: {
      type: 'workspace',
      uuid: workspace.uuid,
      slug: workspace.slug,
      name: workspace.name,
      links: { self: link(`${env.apiUrl}/workspaces/${encodeSegment(workspace.slug)}`) },
    },
    links: {
      ...(renderRepositoryReference(repository, env)['links'] as Json),
      pullrequests: link(`${apiUrl}/pullrequests`),
      commits: link(`${apiUrl}/commits`),
      source: link(`${apiUrl}/src`),
      clone: [
        { name: 'https', href: `${env.url}/${encodeSegment(workspace.slug)}/${encodeSegment(repository.slug)}.git` },
      ],
    },
  };
}

/** Renders a `commit` of a repository. */
export function renderCommit(repository: FakeRepository, commit: FakeCommit, env: FakeEnvironment): Json {
  const apiUrl = repositoryApiUrl(repository, env);
  const author = commit.author;
  return {
    type: 'commit',
    hash: commit.hash,
    date: toIsoDate(commit.date),
    message: commit.message,
    summary: { raw: commit.message, markup: 'markdown', html: `<p>${escapeHtml(commit.message)}</p>` },
    author: {
      type: 'author',
      raw: author === undefined ? 'Fake Author <author@example.invalid>' : `${author.display_name} <noreply@example.invalid>`,
      ...(author === undefined ? {} : { user: renderAccount(author, env) }),
    },
    parents: commit.parents.map((hash) => ({
      type: 'commit',
      hash,
      links: { self: link(`${apiUrl}/commit/${hash}`) },
    })),
    repository: renderRepositoryReference(repository, env),
    links: {
      self: link(`${apiUrl}/commit/${commit.hash}`),
      html: link(`${repositoryHtmlUrl(repository, env)}/commits/${commit.hash}`),
    },
  };
}

/** Renders a `branch` or `tag` ref pointing at `commit`. */
export function renderRef(
  kind: 'branch' | 'tag',
  name: string,
  repository: FakeRepository,
  commit: FakeCommit,
  env: FakeEnvironment,
): Json {
  const apiUrl = repositoryApiUrl(repository, env);
  const refsPath = kind === 'branch' ? 'branches' : 'tags';
  return {
    type: kind,
    name,
    target: renderCommit(repository, commit, env),
    links: {
      self: link(`${apiUrl}/refs/${refsPath}/${encodeSegment(name)}`),
      commits: link(`${apiUrl}/commits/${encodeSegment(name)}`),
      html: link(`${repositoryHtmlUrl(repository, env)}/${kind === 'branch' ? 'branch' : 'commits/tag'}/${encodeSegment(name)}`),
    },
    ...(kind === 'branch'
      ? { merge_strategies: ['merge_commit', 'squash', 'fast_forward'], default_merge_strategy: 'merge_commit' }
      : {}),
  };
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
