/** Creation of pull requests, issues and snippets, shared by seeding and handlers. */
import type {
  FakeIssue,
  FakePullRequest,
  FakeRepository,
  FakeSnippet,
  FakeState,
  FakeUser,
  FakeWorkspace,
  PullRequestState,
} from './model.js';

export interface PullRequestOptions {
  title: string;
  /** Source branch name; it must exist. */
  source: string;
  /** Destination branch name; default the main branch. */
  destination?: string;
  author: FakeUser;
  state?: PullRequestState;
  description?: string;
  reviewers?: FakeUser[];
  draft?: boolean;
  close_source_branch?: boolean;
}

/** Adds a pull request between two existing branches of one repository; throws when one is missing. */
export function createPullRequest(repository: FakeRepository, options: PullRequestOptions, now: number): FakePullRequest {
  const destination = options.destination ?? repository.mainbranch;
  const sourceHash = repository.branches.get(options.source);
  const destinationHash = repository.branches.get(destination);
  if (sourceHash === undefined || destinationHash === undefined) {
    const missing = sourceHash === undefined ? options.source : destination;
    throw new Error(`fake-bitbucket: no branch ${missing} in ${repository.workspace.slug}/${repository.slug}`);
  }

  const pullRequest: FakePullRequest = {
    id: repository.nextPullRequestId,
    title: options.title,
    description: options.description ?? '',
    state: options.state ?? 'OPEN',
    draft: options.draft ?? false,
    author: options.author,
    source: { repository, branch: options.source, commit: sourceHash },
    destination: { repository, branch: destination, commit: destinationHash },
    reviewers: [...(options.reviewers ?? [])],
    close_source_branch: options.close_source_branch ?? false,
    createdAt: now,
    updatedAt: now,
  };
  repository.nextPullRequestId += 1;
  repository.pullRequests.set(pullRequest.id, pullRequest);
  return pullRequest;
}

export interface IssueOptions {
  title: string;
  reporter: FakeUser;
  content?: { raw: string; markup?: string } | undefined;
  kind?: string | undefined;
  priority?: string | undefined;
  state?: string | undefined;
  assignee?: FakeUser | null | undefined;
  /** Names from the repository's `issueFields`. */
  component?: string | null | undefined;
  milestone?: string | null | undefined;
  version?: string | null | undefined;
  now: number;
}

/** Adds an issue with Bitbucket's defaults: kind `bug`, priority `major`, state `new`. */
export function createIssue(repository: FakeRepository, options: IssueOptions): FakeIssue {
  const issue: FakeIssue = {
    id: repository.nextIssueId,
    title: options.title,
    content: { raw: options.content?.raw ?? '', markup: options.content?.markup ?? 'markdown' },
    kind: options.kind ?? 'bug',
    priority: options.priority ?? 'major',
    state: options.state ?? 'new',
    reporter: options.reporter,
    assignee: options.assignee ?? null,
    component: options.component ?? null,
    milestone: options.milestone ?? null,
    version: options.version ?? null,
    createdAt: options.now,
    updatedAt: options.now,
    comments: [],
  };
  repository.nextIssueId += 1;
  repository.issues.set(issue.id, issue);
  return issue;
}

export interface SnippetOptions {
  /** Default: a random lowercase id such as `kx3p`. */
  encoded_id?: string;
  title: string;
  files: Record<string, string | Buffer>;
  owner: FakeUser;
  /** Default true. */
  is_private?: boolean;
}

/** Adds a snippet to a workspace; throws when the encoded id is taken. */
export function createSnippet(state: FakeState, workspace: FakeWorkspace, options: SnippetOptions, now: number): FakeSnippet {
  const encodedId = options.encoded_id ?? createEncodedId(workspace);
  if (workspace.snippets.has(encodedId)) throw new Error(`fake-bitbucket: snippet ${workspace.slug}/${encodedId} exists`);

  const snippet: FakeSnippet = {
    encoded_id: encodedId,
    id: state.nextSnippetId,
    workspace,
    title: options.title,
    is_private: options.is_private ?? true,
    owner: options.owner,
    files: new Map(
      Object.entries(options.files).map(([name, content]) => [name, typeof content === 'string' ? Buffer.from(content) : content]),
    ),
    comments: [],
    createdAt: now,
    updatedAt: now,
  };
  state.nextSnippetId += 1;
  workspace.snippets.set(encodedId, snippet);
  return snippet;
}

function createEncodedId(workspace: FakeWorkspace): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  for (;;) {
    let id = '';
    for (let index = 0; index < 4; index += 1) id += alphabet[Math.floor(Math.random() * alphabet.length)];
    if (!workspace.snippets.has(id)) return id;
  }
}
