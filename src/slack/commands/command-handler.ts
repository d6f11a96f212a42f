import type { SlackDependencies } from '../slack-dependencies.js';
import type { CommandContext } from './command-context.js';
import type { ParsedCommand } from './parsed-command.js';

export type CommandKind = Exclude<ParsedCommand['kind'], 'error'>;

/** Handles one parsed command kind. Throws typed errors; the dispatcher turns them into replies. */
export type CommandHandler<K extends CommandKind> = (
  command: Extract<ParsedCommand, { kind: K }>,
  context: CommandContext,
  deps: SlackDependencies,
) => Promise<void>;

/** A handler for every command kind. */
export type CommandHandlers = { [K in CommandKind]: CommandHandler<K> };
