import type { CommandHandlers } from './command-handler.js';
import { handleConnect, handleDisconnect, handleHelp, handleWhoami } from './handlers/account-handlers.js';
import { handleBranchCreate } from './handlers/branch-handlers.js';
import { handleFile } from './handlers/file-handlers.js';
import { handleIssueComment } from './handlers/issue-comment-handler.js';
import { handleIssueDelete } from './handlers/issue-delete-handler.js';
import {
  handleIssueCreate,
  handleIssueUpdate,
  handlePullRequestCreate,
  handleRepositoryCreate,
  handleRepositoryDelete,
} from './handlers/modal-handlers.js';
import { handlePullRequestList } from './handlers/pull-request-handlers.js';
import { handleSnippet, handleSnippetComment } from './handlers/snippet-handlers.js';
import { handleMemberList, handleRepositoryList, handleWorkspaceList } from './handlers/workspace-handlers.js';

/** The handler of each `/bitbucket` command kind. */
export const COMMAND_HANDLERS: CommandHandlers = {
  help: handleHelp,
  connect: handleConnect,
  disconnect: handleDisconnect,
  whoami: handleWhoami,
  workspaces: handleWorkspaceList,
  repos: handleRepositoryList,
  members: handleMemberList,
  prs: handlePullRequestList,
  file: handleFile,
  'branch-create': handleBranchCreate,
  'issue-comment': handleIssueComment,
  snippet: handleSnippet,
  'snippet-comment': handleSnippetComment,
  'pr-create': handlePullRequestCreate,
  'repo-create': handleRepositoryCreate,
  'repo-delete': handleRepositoryDelete,
  'issue-create': handleIssueCreate,
  'issue-update': handleIssueUpdate,
  'issue-delete': handleIssueDelete,
};
