/**
 * A stateful fake of Bitbucket Cloud (API 2.0 and its OAuth 2.0 endpoints) on 127.0.0.1, for tests.
 * Every request is checked against Bitbucket's openapi.json before it is served; a request that
 * breaks it gets a 400 and is recorded with its violations. The fake implements only the
 * operations this app uses and responds 501 to other operations of openapi.json.
 *
 * Paths are matched segment by segment after percent-decoding, as openapi.json's templates are,
 * so a branch name with `/` must be sent as one segment (`refs/branches/feature%2Fx`). Only the
 * file path of `/src/{commit}/{path}` may span several segments.
 *
 * Error bodies have Bitbucket's shape. Their messages copy Bitbucket's where it is known: missing
 * scopes, expired token, no issue tracker, malformed reviewers, no changes to pull and invalid
 * pagelen. Other messages, such as those of 404s and permission errors, are the fake's own
 * wording, so clients should branch on the status and `error.fields` rather than on that text.
 *
 * @example
 * const bb = await startFakeBitbucket();
 * const alice = bb.addUser({ display_name: 'Alice' });
 * const ws = bb.addWorkspace({ slug: 'acme' });
 * bb.addMember(ws, alice, { administrator: true });
 * bb.addRepository(ws, { slug: 'api', files: { 'README.md': '# API' } });
 * const { access_token } = bb.issueToken(alice);
 * // … call `${bb.apiUrl}/repositories/acme/api` with `Authorization: Bearer ${access_token}` …
 * bb.assertRequestsValid();
 * await bb.close();
 */
import {
  FakeBitbucketServer,
  type AccessTokenOptions,
  type IssueSeedOptions,
  type StartFakeBitbucketOptions,
} from './fake-bitbucket.js';
import type { Fault } from './faults.js';
import type { FileChanges } from './git-model.js';
import type { RecordedRequest } from './http-types.js';
import type {
  FakeOAuthClient,
  FakeRepository,
  FakeState,
  FakeStats,
  FakeUser,
  FakeWorkspace,
  RepositoryPermission,
} from './model.js';
import type { UserOptions, WorkspaceOptions } from './seed-accounts.js';
import type { PullRequestOptions, SnippetOptions } from './seed-collaboration.js';
import type { RepositoryOptions } from './seed-repositories.js';
import type { TokenPair } from './tokens.js';

export type { AccessTokenOptions, IssueSeedOptions, StartFakeBitbucketOptions } from './fake-bitbucket.js';
export type { Fault } from './faults.js';
export type { FileChanges } from './git-model.js';
export type { RecordedRequest } from './http-types.js';
export type * from './model.js';
export type { UserOptions, WorkspaceOptions } from './seed-accounts.js';
export type { PullRequestOptions, SnippetOptions } from './seed-collaboration.js';
export type { RepositoryOptions } from './seed-repositories.js';
export type { TokenPair } from './tokens.js';
export { expiredTokenMessage } from './auth.js';
export { violationMessagePrefix } from './openapi-validator.js';
export { issuesRemovedMessage } from './resources/issue-tracker-removal.js';

/**
 * A running fake. Seeding methods change the state directly and do not go through HTTP, so they
 * are not recorded in `requests`. A workspace or repository argument may be the object returned
 * by `addWorkspace`/`addRepository` or its slug.
 */
export interface FakeBitbucket {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** `${url}/2.0`, the value for BITBUCKET_API_URL. */
  readonly apiUrl: string;
  /** `${url}/site/oauth2`, the value for BITBUCKET_OAUTH_URL. */
  readonly oauthUrl: string;
  /** The live model, for assertions on what exists. Change it only through the methods below. */
  readonly state: FakeState;
  /** Every request received, in arrival order, including rejected and faulted ones. */
  readonly requests: RecordedRequest[];
  /** Counts of authorization-code exchanges and refreshes, overall and per user uuid. */
  readonly stats: FakeStats;

  /** Returns the token endpoint counts of one user (zeros when the user never used it). */
  statsFor(user: FakeUser): { codeExchanges: number; refreshes: number };

  /** Adds a user. `uuid` is generated in Bitbucket's braced form unless given. */
  addUser(options: UserOptions): FakeUser;

  /**
   * Issues an OAuth access token and refresh token for a user without the browser flow.
   * `scopes` defaults to every OAuth scope; `expiresInSeconds` to the configured lifetime (7200).
   */
  issueToken(user: FakeUser, options?: { scopes?: string[]; expiresInSeconds?: number }): TokenPair;

  /**
   * Adds a fixed bearer token, such as a repository or workspace access token or a CLI token.
   * With `user`, the token acts as that user; without one, it acts as a new bot user that gets
   * `permission` on `workspace` or `repository`. Returns the user the token acts as.
   */
  addAccessToken(token: string, options: AccessTokenOptions): FakeUser;

  /** Expires every live access token (of one user, when given), so it gets 401 "Access token expired". */
  expireAccessTokens(user?: FakeUser): void;

  /**
   * Registers an OAuth consumer. `scopes` are fixed on the consumer, as in Bitbucket, and default
   * to every OAuth scope. A `redirect_uri` sent to /authorize must start with `callbackUrl`.
   */
  registerOAuthClient(options: {
    clientId: string;
    clientSecret: string;
    callbackUrl: string;
    scopes?: string[];
  }): FakeOAuthClient;

  /** Sets who is signed in to the browser on /authorize; null makes the user deny access. */
  setAuthorizingUser(user: FakeUser | null): void;

  /** Adds a workspace with one project, `PROJ`. */
  addWorkspace(options: WorkspaceOptions): FakeWorkspace;

  /** Makes a user a member: members get write access to every repository, administrators admin. */
  addMember(workspace: FakeWorkspace | string, user: FakeUser, options?: { administrator?: boolean }): void;

  /**
   * Adds a repository (private unless `is_private: false`). With `files`, it gets an initial commit
   * on the main branch (default `main`); `project_key` creates the project when it is missing.
   */
  addRepository(workspace: FakeWorkspace | string, options: RepositoryOptions): FakeRepository;

  /** Gives a user an access level on one repository, on top of workspace membership. */
  grantRepositoryAccess(
    workspace: FakeWorkspace | string,
    repository: FakeRepository | string,
    user: FakeUser,
    permission: RepositoryPermission,
  ): void;

  /**
   * Adds a commit on `branch` (created from the main branch when new) and returns its 40-character
   * hash. `files` maps paths to contents; null deletes a file.
   */
  addCommit(
    workspace: FakeWorkspace | string,
    repository: FakeRepository | string,
    options: { branch: string; files: FileChanges; message?: string; author?: FakeUser },
  ): string;

  /** Adds a tag pointing at a commit given by hash (or a unique prefix of at least 7). */
  addTag(workspace: FakeWorkspace | string, repository: FakeRepository | string, name: string, hash: string): void;

  /**
   * Adds a pull request between two existing branches of the repository and returns its id.
   * `destination` defaults to the main branch and `state` to OPEN.
   */
  addPullRequest(workspace: FakeWorkspace | string, repository: FakeRepository | string, options: PullRequestOptions): number;

  /**
   * Adds an issue and returns its id. It is stored even while issues are removed, so a test can
   * switch the tracker back on with `setIssuesRemoved(false)` and find it.
   */
  addIssue(workspace: FakeWorkspace | string, repository: FakeRepository | string, options: IssueSeedOptions): number;

  /** Adds a snippet (private unless `is_private: false`) and returns its encoded id. */
  addSnippet(workspace: FakeWorkspace | string, options: SnippetOptions): string;

  /** Sets whether every issue-tracker endpoint responds 410; default true, as after 2026-08-20. */
  setIssuesRemoved(removed: boolean): void;

  /** Throws an error that lists every recorded request that broke openapi.json. */
  assertRequestsValid(): void;

  /** Adds a fault; faults match in injection order and are used up. See `Fault`. */
  inject(fault: Fault): void;

  /** Removes every fault that has not been used up. */
  clearFaults(): void;

  /** Stops the server and destroys open connections, including hung requests. */
  close(): Promise<void>;
}

/** Starts a fake on 127.0.0.1 with an ephemeral port. */
export async function startFakeBitbucket(options: StartFakeBitbucketOptions = {}): Promise<FakeBitbucket> {
  const fake = new FakeBitbucketServer(options);
  await fake.start();
  return fake;
}
