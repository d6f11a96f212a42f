/**
 * The state of the fake Bitbucket: plain objects in maps, read by tests through `bb.state` and
 * changed only by the seeding helpers and the request handlers. Times are epoch milliseconds.
 */

/** A Bitbucket account. `uuid` has braces, like Bitbucket's: `{1b5b…}`. */
export interface FakeUser {
  uuid: string;
  account_id: string;
  display_name: string;
  nickname: string;
  createdAt: number;
}

export interface FakeMembership {
  user: FakeUser;
  administrator: boolean;
}

export interface FakeProject {
  uuid: string;
  key: string;
  name: string;
  createdAt: number;
}

export interface FakeWorkspace {
  uuid: string;
  slug: string;
  name: string;
  createdAt: number;
  /** Keyed by user uuid. */
  members: Map<string, FakeMembership>;
  /**
   * Access to every repository of the workspace for users that are not members, keyed by user
   * uuid: the bot users of workspace access tokens.
   */
  grants: Map<string, RepositoryPermission>;
  /** Keyed by project key, in creation order, so the first one is the oldest. */
  projects: Map<string, FakeProject>;
  /** Keyed by repository slug. */
  repositories: Map<string, FakeRepository>;
  /** Keyed by encoded id. */
  snippets: Map<string, FakeSnippet>;
}

export type RepositoryPermission = 'read' | 'write' | 'admin';

/** A commit with a full snapshot of its tree, keyed by file path without a leading `/`. */
export interface FakeCommit {
  hash: string;
  message: string;
  date: number;
  author: FakeUser | undefined;
  parents: string[];
  tree: Map<string, Buffer>;
}

export type PullRequestState = 'OPEN' | 'MERGED' | 'DECLINED' | 'SUPERSEDED';

export interface FakePullRequestEndpoint {
  /** The destination repository, or the fork the source branch lives in. */
  repository: FakeRepository;
  branch: string;
  /** The commit the branch pointed at when the pull request was created. */
  commit: string;
}

export interface FakePullRequest {
  id: number;
  title: string;
  description: string;
  state: PullRequestState;
  draft: boolean;
  author: FakeUser;
  source: FakePullRequestEndpoint;
  destination: FakePullRequestEndpoint;
  reviewers: FakeUser[];
  close_source_branch: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface FakeComment {
  id: number;
  raw: string;
  user: FakeUser;
  parentId: number | undefined;
  createdAt: number;
}

export type IssueFieldKind = 'component' | 'milestone' | 'version';

export interface FakeIssue {
  id: number;
  title: string;
  content: { raw: string; markup: string };
  kind: string;
  priority: string;
  state: string;
  reporter: FakeUser;
  assignee: FakeUser | null;
  component: string | null;
  milestone: string | null;
  version: string | null;
  createdAt: number;
  updatedAt: number;
  comments: FakeComment[];
}

export interface FakeRepository {
  uuid: string;
  workspace: FakeWorkspace;
  slug: string;
  name: string;
  description: string;
  is_private: boolean;
  fork_policy: 'allow_forks' | 'no_public_forks' | 'no_forks';
  language: string;
  has_issues: boolean;
  has_wiki: boolean;
  project: FakeProject;
  mainbranch: string;
  createdAt: number;
  updatedAt: number;
  /** Keyed by the full 40-character hash. */
  commits: Map<string, FakeCommit>;
  /** Branch name to commit hash. */
  branches: Map<string, string>;
  /** Tag name to commit hash. */
  tags: Map<string, string>;
  pullRequests: Map<number, FakePullRequest>;
  nextPullRequestId: number;
  issues: Map<number, FakeIssue>;
  nextIssueId: number;
  /** Names of the issue tracker's components, milestones and versions; an id is the index plus one. */
  issueFields: Record<IssueFieldKind, string[]>;
  /** Explicit grants by user uuid, on top of what workspace membership gives. */
  permissions: Map<string, RepositoryPermission>;
}

export interface FakeSnippet {
  encoded_id: string;
  id: number;
  workspace: FakeWorkspace;
  title: string;
  is_private: boolean;
  owner: FakeUser;
  files: Map<string, Buffer>;
  comments: FakeComment[];
  createdAt: number;
  updatedAt: number;
}

export interface FakeAccessToken {
  token: string;
  user: FakeUser;
  scopes: string[];
  /** Undefined for tokens that never expire by time, such as fixed access tokens. */
  expiresAt: number | undefined;
  /** Set by `expireAccessTokens`, so the token gets 401 expired from then on. */
  expired: boolean;
  /** The OAuth client that obtained the token, if any. */
  clientId: string | undefined;
}

export interface FakeRefreshToken {
  token: string;
  user: FakeUser;
  scopes: string[];
  clientId: string | undefined;
  /** Set once the token was used: refresh tokens rotate, so a used one is rejected. */
  used: boolean;
}

export interface FakeOAuthClient {
  clientId: string;
  clientSecret: string;
  callbackUrl: string;
  /** Scopes fixed on the consumer; every token issued to it carries them. */
  scopes: string[];
}

export interface FakeAuthorizationCode {
  code: string;
  clientId: string;
  user: FakeUser;
  /** The `redirect_uri` sent to /authorize; the token request must repeat it when set. */
  redirectUri: string | undefined;
  expiresAt: number;
  used: boolean;
}

/** Counts of OAuth token requests, overall and per user uuid. */
export interface FakeStats {
  codeExchanges: number;
  refreshes: number;
  rejectedRefreshes: number;
  perUser: Record<string, { codeExchanges: number; refreshes: number }>;
}

export interface FakeState {
  /** Keyed by uuid. */
  users: Map<string, FakeUser>;
  /** Keyed by slug. */
  workspaces: Map<string, FakeWorkspace>;
  accessTokens: Map<string, FakeAccessToken>;
  refreshTokens: Map<string, FakeRefreshToken>;
  oauthClients: Map<string, FakeOAuthClient>;
  authorizationCodes: Map<string, FakeAuthorizationCode>;
  /** Who is signed in to the browser on /authorize; null means the user denies access. */
  authorizingUser: FakeUser | null;
  /** True while every issue-tracker endpoint responds 410, as after 2026-08-20. */
  issuesRemoved: boolean;
  /** The numeric `id` the next snippet gets; snippets are addressed by `encoded_id`. */
  nextSnippetId: number;
  stats: FakeStats;
}

/** Creates an empty state. */
export function createFakeState(): FakeState {
  return {
    users: new Map(),
    workspaces: new Map(),
    accessTokens: new Map(),
    refreshTokens: new Map(),
    oauthClients: new Map(),
    authorizationCodes: new Map(),
    authorizingUser: null,
    issuesRemoved: true,
    nextSnippetId: 1,
    stats: { codeExchanges: 0, refreshes: 0, rejectedRefreshes: 0, perUser: {} },
  };
}
