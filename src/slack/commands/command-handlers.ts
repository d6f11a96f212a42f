import type { CommandHandlers } from './command-handler.js';
import { handleConnect, handleDisconnect, handleHelp, handleWhoami } from './handlers/account-handlers.js';
import { handlePullRequestList } from './handlers/pull-request-handlers.js';

/** The handler of each `/bitbucket` command kind. */
export const COMMAND_HANDLERS: Partial<CommandHandlers> = {
  help: handleHelp,
  connect: handleConnect,
  disconnect: handleDisconnect,
  whoami: handleWhoami,
  prs: handlePullRequestList,
};
