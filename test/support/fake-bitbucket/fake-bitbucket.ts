/** The implementation behind `startFakeBitbucket`; index.ts documents the interface. */
import { listApiRoutes } from './api-routes.js';
import { allOAuthScopes } from './auth.js';
import { FaultList, type Fault } from './faults.js';
import { addCommitToRepository, resolveRevision, type FileChanges } from './git-model.js';
import type { FakeEnvironment, RecordedRequest } from './http-types.js';
import { createBracedUuid } from './ids.js';
import {
  createFakeState,
  type FakeOAuthClient,
  type FakeRepository,
  type FakeState,
  type FakeStats,
  type FakeUser,
  type FakeWorkspace,
  type RepositoryPermission,
} from './model.js';
import { ApiRouter } from './router.js';
import { createUser, createWorkspace, resolveWorkspace, type UserOptions, type WorkspaceOptions } from './seed-accounts.js';
import {
  createIssue,
  createPullRequest,
  createSnippet,
  type PullRequestOptions,
  type SnippetOptions,
} from './seed-collaboration.js';
import { createRepository, type RepositoryOptions } from './seed-repositories.js';
import { startHttpServer, type RunningServer } from './server.js';
import { issueTokenPair, type TokenPair } from './tokens.js';

export interface StartFakeBitbucketOptions {
  /** Clock in epoch milliseconds; default `Date.now`. Token and code expiry follow it. */
  now?: () => number;
  /** `expires_in` of tokens from the token endpoint; default 7200, as Bitbucket sends. */
  accessTokenLifetimeSeconds?: number;
  /** Lifetime of authorization codes; default 60. */
  authorizationCodeLifetimeSeconds?: number;
  /** Base of `links.html` hrefs; default `https://bitbucket.org`. The fake never fetches it. */
  htmlUrl?: string;
  /** Whether issue endpoints respond 410 from the start; default true. */
  issuesRemoved?: boolean;
}

export interface AccessTokenOptions {
  /** The user the token acts as. Without one, the token gets a bot user of its own. */
  user?: FakeUser;
  scopes: string[];
  /** For a workspace access token: the bot user gets `permission` on every repository of it. */
  workspace?: FakeWorkspace | string;
  /** For a repository access token: the bot user gets `permission` on this repository. */
  repository?: FakeRepository;
  /** Access level of a bot user; default `admin`. */
  permission?: RepositoryPermission;
  /** Lifetime in seconds; by default the token never expires by time. */
  expiresInSeconds?: number;
}

/** Fields of a seeded issue; `reporter` defaults to the first member of the workspace. */
export interface IssueSeedOptions {
  title: string;
  content?: { raw: string; markup?: string };
  kind?: 'bug' | 'enhancement' | 'proposal' | 'task';
  priority?: 'trivial' | 'minor' | 'major' | 'critical' | 'blocker';
  state?: 'submitted' | 'new' | 'open' | 'resolved' | 'on hold' | 'invalid' | 'duplicate' | 'wontfix' | 'closed';
  reporter?: FakeUser;
  assignee?: FakeUser | null;
  /** Names from the repository's `components`, `milestones` and `versions`. */
  component?: string | null;
  milestone?: string | null;
  version?: string | null;
}

export class FakeBitbucketServer {
  readonly state: FakeState = createFakeState();
  readonly requests: RecordedRequest[] = [];
  private readonly faults = new FaultList();
  private server: RunningServer | undefined;
  private readonly env: FakeEnvironment;

  constructor(options: StartFakeBitbucketOptions = {}) {
    this.env = {
      url: '',
      apiUrl: '',
      htmlUrl: options.htmlUrl ?? 'https://bitbucket.org',
      now: options.now ?? Date.now,
      accessTokenLifetimeSeconds: options.accessTokenLifetimeSeconds ?? 7200,
      authorizationCodeLifetimeSeconds: options.authorizationCodeLifetimeSeconds ?? 60,
    };
    this.state.issuesRemoved = options.issuesRemoved ?? true;
  }

  async start(): Promise<void> {
    this.server = await startHttpServer({
      state: this.state,
      env: this.env,
      faults: this.faults,
      requests: this.requests,
      router: new ApiRouter(listApiRoutes()),
    });
    this.env.url = `http://127.0.0.1:${this.server.port}`;
    this.env.apiUrl = `${this.env.url}/2.0`;
  }

  get url(): string {
    return this.env.url;
  }

  get apiUrl(): string {
    return this.env.apiUrl;
  }

  get oauthUrl(): string {
    return `${this.env.url}/site/oauth2`;
  }

  get stats(): FakeStats {
    return this.state.stats;
  }

  statsFor(user: FakeUser): { codeExchanges: number; refreshes: number } {
    return { ...(this.state.stats.perUser[user.uuid] ?? { codeExchanges: 0, refreshes: 0 }) };
  }

  addUser(options: UserOptions): FakeUser {
    return createUser(this.state, options, this.env.now());
  }

  issueToken(user: FakeUser, options: { scopes?: string[]; expiresInSeconds?: number } = {}): TokenPair {
    return issueTokenPair(this.state, user, {
      scopes: options.scopes ?? allOAuthScopes,
      expiresInSeconds: options.expiresInSeconds ?? this.env.accessTokenLifetimeSeconds,
      now: this.env.now(),
    });
  }

  addAccessToken(token: string, options: AccessTokenOptions): FakeUser {
    if (this.state.accessTokens.has(token)) throw new Error('fake-bitbucket: that access token exists');

    const user = options.user ?? this.addUser({ display_name: 'Access token', uuid: createBracedUuid() });
    if (options.user === undefined) {
      const permission = options.permission ?? 'admin';
      if (options.workspace !== undefined) resolveWorkspace(this.state, options.workspace).grants.set(user.uuid, permission);
      options.repository?.permissions.set(user.uuid, permission);
    }

    this.state.accessTokens.set(token, {
      token,
      user,
      scopes: [...options.scopes],
      expiresAt: options.expiresInSeconds === undefined ? undefined : this.env.now() + options.expiresInSeconds * 1000,
      expired: false,
      clientId: undefined,
    });
    return user;
  }

  expireAccessTokens(user?: FakeUser): void {
    for (const token of this.state.accessTokens.values()) {
      if (user === undefined || token.user.uuid === user.uuid) token.expired = true;
    }
  }

  registerOAuthClient(options: { clientId: string; clientSecret: string; callbackUrl: string; scopes?: string[] }): FakeOAuthClient {
    const client: FakeOAuthClient = {
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      callbackUrl: options.callbackUrl,
      scopes: [...(options.scopes ?? allOAuthScopes)],
    };
    this.state.oauthClients.set(client.clientId, client);
    return client;
  }

  setAuthorizingUser(user: FakeUser | null): void {
    this.state.authorizingUser = user;
  }

  addWorkspace(options: WorkspaceOptions): FakeWorkspace {
    return createWorkspace(this.state, options, this.env.now());
  }

  addMember(workspace: FakeWorkspace | string, user: FakeUser, options: { administrator?: boolean } = {}): void {
    resolveWorkspace(this.state, workspace).members.set(user.uuid, { user, administrator: options.administrator ?? false });
  }

  addRepository(workspace: FakeWorkspace | string, options: RepositoryOptions): FakeRepository {
    return createRepository(resolveWorkspace(this.state, workspace), options, this.env.now());
  }

  grantRepositoryAccess(
    workspace: FakeWorkspace | string,
    repository: FakeRepository | string,
    user: FakeUser,
    permission: RepositoryPermission,
  ): void {
    this.resolveRepository(workspace, repository).permissions.set(user.uuid, permission);
  }

  addCommit(
    workspace: FakeWorkspace | string,
    repository: FakeRepository | string,
    options: { branch: string; files: FileChanges; message?: string; author?: FakeUser },
  ): string {
    const commit = addCommitToRepository(this.resolveRepository(workspace, repository), {
      ...options,
      date: this.env.now(),
    });
    return commit.hash;
  }

  addTag(workspace: FakeWorkspace | string, repository: FakeRepository | string, name: string, hash: string): void {
    const repo = this.resolveRepository(workspace, repository);
    const commit = resolveRevision(repo, hash);
    if (commit === undefined) throw new Error(`fake-bitbucket: no commit ${hash} in ${repo.workspace.slug}/${repo.slug}`);
    repo.tags.set(name, commit.hash);
  }

  addPullRequest(workspace: FakeWorkspace | string, repository: FakeRepository | string, options: PullRequestOptions): number {
    return createPullRequest(this.resolveRepository(workspace, repository), options, this.env.now()).id;
  }

  addIssue(workspace: FakeWorkspace | string, repository: FakeRepository | string, options: IssueSeedOptions): number {
    const repo = this.resolveRepository(workspace, repository);
    const reporter =
      options.reporter ?? repo.workspace.members.values().next().value?.user ?? this.addUser({ display_name: 'Issue reporter' });
    return createIssue(repo, { ...options, reporter, now: this.env.now() }).id;
  }

  addSnippet(workspace: FakeWorkspace | string, options: SnippetOptions): string {
    return createSnippet(this.state, resolveWorkspace(this.state, workspace), options, this.env.now()).encoded_id;
  }

  setIssuesRemoved(removed: boolean): void {
    this.state.issuesRemoved = removed;
  }

  assertRequestsValid(): void {
    const invalid = this.requests.filter((request) => request.violations.length > 0);
    if (invalid.length === 0) return;

    const lines = invalid.flatMap((request) => [
      `${request.method} ${request.rawPath}`,
      ...request.violations.map((violation) => `  - ${violation}`),
    ]);
    throw new Error(`fake-bitbucket: ${invalid.length} request(s) did not match openapi.json:\n${lines.join('\n')}`);
  }

  inject(fault: Fault): void {
    this.faults.add(fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  async close(): Promise<void> {
    await this.server?.close();
    this.server = undefined;
  }

  /** Resolves a repository given as an object or a slug; throws when it is unknown. */
  resolveRepository(workspace: FakeWorkspace | string, repository: FakeRepository | string): FakeRepository {
    if (typeof repository !== 'string') return repository;
    const ws = resolveWorkspace(this.state, workspace);
    const found = ws.repositories.get(repository.toLowerCase());
    if (found === undefined) throw new Error(`fake-bitbucket: no repository ${ws.slug}/${repository}; add it first`);
    return found;
  }
}
