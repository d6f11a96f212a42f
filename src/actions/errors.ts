import { AppError } from '../app-error.js';

/** One rejected parameter: its name (`reviewers[0]`, or '' for the whole input) and what is expected. */
export interface InputProblem {
  parameter: string;
  message: string;
}

/** The input of an action failed its schema. Nothing was sent to Bitbucket. */
export class ActionInputError extends AppError {
  readonly code = 'invalid_input';

  constructor(readonly problems: InputProblem[]) {
    super(problems.map((problem) => (problem.parameter ? `${problem.parameter}: ${problem.message}` : problem.message)).join('; '));
  }
}

/** No action has the requested slug. */
export class UnknownActionError extends AppError {
  readonly code = 'unknown_action';

  constructor(
    readonly slug: string,
    readonly suggestion?: string,
  ) {
    super(`Unknown action ${JSON.stringify(slug)}${suggestion ? `; did you mean ${suggestion}?` : '.'}`);
  }
}

/** An action failed with an error that is not an AppError, which means a bug; `cause` keeps it. */
export class UnexpectedError extends AppError {
  readonly code = 'unexpected';

  constructor(cause: unknown) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(`The action failed unexpectedly: ${detail}`, { cause });
  }
}
