import { CommandCursor, CommandSyntaxError, type CommandToken } from './command-cursor.js';
import {
  checkSlug,
  parsePositiveInteger,
  parseRepositoryRef,
  type RepositoryRef,
} from './parse-repository-ref.js';
import { quoteInput } from './quote-input.js';

/** An argument of a known command is missing or invalid; `commandName` selects the usage line to show. */
export class CommandUsageError extends Error {
  override readonly name = 'CommandUsageError';

  constructor(
    message: string,
    readonly commandName: string,
  ) {
    super(message);
  }
}

/**
 * Reads the arguments of one command and throws CommandUsageError, naming the argument, when
 * one is missing or invalid.
 */
export class CommandArguments {
  constructor(
    private readonly cursor: CommandCursor,
    readonly commandName: string,
  ) {}

  /** Returns a reader of the same text whose errors show the usage of `commandName`. */
  withCommandName(commandName: string): CommandArguments {
    return new CommandArguments(this.cursor, commandName);
  }

  /** Reads the next word, or returns undefined at the end. */
  next(): CommandToken | undefined {
    return this.readSafely(() => this.cursor.next());
  }

  peek(): CommandToken | undefined {
    return this.readSafely(() => this.cursor.peek());
  }

  isAtEnd(): boolean {
    return this.cursor.isAtEnd();
  }

  /** Consumes the rest of the text as free text (see CommandCursor.rest). */
  rest(): string {
    return this.cursor.rest();
  }

  /** Consumes the rest of the text as free text; `quoted` is true when it was one quoted string. */
  readRest(): CommandToken {
    return this.cursor.readRest();
  }

  /** Reads a word that must be present; `name` is how the usage line names it, e.g. `<path>`. */
  requireWord(name: string, hint: string): string {
    const token = this.next();
    if (token === undefined || token.value === '') this.fail(`Missing ${name}: ${hint}`);
    return token.value;
  }

  requireRepository(): RepositoryRef {
    const argument = this.requireWord('<repo>', 'name the repository as workspace/repo_slug or paste its bitbucket.org URL.');
    return this.readRepository(argument);
  }

  /** Parses an already read word as a repository. */
  readRepository(argument: string): RepositoryRef {
    const parsed = parseRepositoryRef(argument);
    if (!parsed.ok) this.fail(parsed.message);
    return parsed.value;
  }

  requireWorkspace(): string {
    const workspace = this.requireWord('<workspace>', 'name the workspace by its ID (slug), e.g. acme.');
    const problem = checkSlug(workspace, 'workspace');
    if (problem !== undefined) {
      const hint = workspace.includes('/') ? ' Give only the workspace, without a repository.' : '';
      this.fail(problem + hint);
    }
    return workspace;
  }

  /** Reads a positive integer id; `name` is how the usage line names it, e.g. `<id>`. */
  requireId(name: string, idName: string): number {
    const value = this.requireWord(name, `give the ${idName} number, e.g. 12.`);
    return this.readId(value, idName);
  }

  readId(value: string, idName: string): number {
    const id = parsePositiveInteger(value);
    if (id === undefined) this.fail(`The ${idName} ${quoteInput(value)} is invalid: it must be a positive whole number, e.g. 12.`);
    return id;
  }

  /** Consumes the next word when it is the unquoted `keyword` (case-insensitive) and returns true. */
  acceptKeyword(keyword: string): boolean {
    const token = this.peek();
    if (token === undefined || token.quoted || token.value.toLowerCase() !== keyword) return false;
    this.next();
    return true;
  }

  /** Fails when any word is left, naming the first one. */
  expectEnd(hint = ''): void {
    const token = this.peek();
    if (token === undefined) return;
    this.fail(`Unexpected ${quoteInput(token.value)} after the command.${hint === '' ? '' : ` ${hint}`}`);
  }

  fail(message: string): never {
    throw new CommandUsageError(message, this.commandName);
  }

  private readSafely<T>(read: () => T): T {
    try {
      return read();
    } catch (error) {
      if (error instanceof CommandSyntaxError) this.fail(error.message);
      throw error;
    }
  }
}
