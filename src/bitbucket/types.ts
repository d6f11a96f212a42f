/**
 * The parts of Bitbucket Cloud API 2.0 objects this app reads. Bitbucket sends more fields; the
 * action layer passes its JSON through unchanged, so these types list only what code relies on.
 */

export interface Link {
  href: string;
  name?: string;
}

export interface Links {
  html?: Link;
  self?: Link;
  avatar?: Link;
  [name: string]: Link | Link[] | undefined;
}

/** A page of a paginated list. Only `values` and `next` are guaranteed; `next` is an opaque URL. */
export interface Page<T> {
  values: T[];
  pagelen?: number;
  size?: number;
  page?: number;
  next?: string;
  previous?: string;
}

export interface Account {
  type?: string;
  uuid: string;
  account_id?: string;
  display_name: string;
  nickname?: string;
  links?: Links;
  created_on?: string;
}

export interface Workspace {
  type?: string;
  uuid: string;
  slug: string;
  name?: string;
  links?: Links;
}

/** An entry of `GET /user/workspaces`. */
export interface WorkspaceAccess {
  type?: 'workspace_access';
  administrator?: boolean;
  workspace: Workspace;
}

/** An entry of `GET /workspaces/{workspace}/members`. */
export interface WorkspaceMembership {
  type?: 'workspace_membership';
  user: Account;
  workspace?: Workspace;
}

export interface Project {
  type?: string;
  key: string;
  uuid?: string;
  name?: string;
}

export interface Repository {
  type?: string;
  uuid: string;
  name: string;
  slug?: string;
  full_name: string;
  description?: string;
  is_private?: boolean;
  fork_policy?: 'allow_forks' | 'no_public_forks' | 'no_forks';
  language?: string;
  has_issues?: boolean;
  has_wiki?: boolean;
  mainbranch?: { type?: string; name: string };
  project?: Project;
  owner?: Account;
  updated_on?: string;
  created_on?: string;
  links?: Links;
}

export interface Commit {
  type?: string;
  hash: string;
  date?: string;
  message?: string;
  links?: Links;
}

export interface Branch {
  type?: string;
  name: string;
  target: Commit;
  links?: Links;
}

export interface PullRequestEndpoint {
  branch: { name: string };
  commit?: { hash: string };
  repository?: { full_name?: string; name?: string; uuid?: string; links?: Links };
}

export type PullRequestState = 'OPEN' | 'MERGED' | 'DECLINED' | 'SUPERSEDED';

export interface PullRequest {
  type?: string;
  id: number;
  title: string;
  description?: string;
  state: PullRequestState;
  draft?: boolean;
  author?: Account;
  source: PullRequestEndpoint;
  destination: PullRequestEndpoint;
  reviewers?: Account[];
  close_source_branch?: boolean;
  comment_count?: number;
  created_on?: string;
  updated_on?: string;
  links?: Links;
}

export interface RenderedContent {
  raw?: string;
  markup?: string;
  html?: string;
}

export interface Issue {
  type?: string;
  id: number;
  title: string;
  content?: RenderedContent;
  state?: string;
  kind?: string;
  priority?: string;
  assignee?: Account | null;
  reporter?: Account | null;
  component?: { name: string; id?: number } | null;
  milestone?: { name: string; id?: number } | null;
  version?: { name: string; id?: number } | null;
  created_on?: string;
  updated_on?: string;
  links?: Links;
}

export interface Comment {
  type?: string;
  id: number;
  content?: RenderedContent;
  user?: Account;
  parent?: { id: number };
  created_on?: string;
  links?: Links;
}

export interface SnippetFile {
  name: string;
  /** Text content, when the file is text. */
  content?: string;
  /** True when the file is binary; `content` is then absent. */
  binary?: boolean;
  /** True when the file was too large to read; `content` is then absent. */
  too_large?: boolean;
  size?: number;
  links?: Links;
}

export interface Snippet {
  type?: string;
  id: number | string;
  title?: string;
  is_private?: boolean;
  owner?: Account;
  creator?: Account;
  created_on?: string;
  updated_on?: string;
  links?: Links;
  /** Files with their contents, filled in by the get-snippet action. */
  files: SnippetFile[];
}

/** An entry of a `/src` directory listing. */
export interface SourceEntry {
  type: 'commit_file' | 'commit_directory';
  path: string;
  size?: number;
  attributes?: string[];
  commit?: Commit;
  links?: Links;
}
