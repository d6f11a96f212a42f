/**
 * Base class of every error this app raises on purpose. `code` is a stable string that the
 * Slack error mapper and the toolkit envelope switch on; `cause` keeps the underlying error.
 */
export abstract class AppError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Returns true when `error` is an AppError with the given code. */
export function hasErrorCode(error: unknown, code: string): boolean {
  return error instanceof AppError && error.code === code;
}
