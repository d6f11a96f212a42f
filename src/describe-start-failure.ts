import { AppError } from './app-error.js';

/**
 * Describes why the app failed to start, for standard error. A port that cannot be bound and an
 * AppError (such as an unusable DATA_DIR) get one line that names the variable to fix. Any other
 * error keeps its stack trace, which locates an unexpected failure.
 */
export function describeStartFailure(error: unknown): string {
  const errno = error as (NodeJS.ErrnoException & { port?: unknown }) | null | undefined;
  if (errno?.syscall === 'listen' && errno.code === 'EADDRINUSE') {
    return `port ${String(errno.port)} is already in use; stop the process that listens on it, or set PORT to a free port.`;
  }
  if (errno?.syscall === 'listen' && errno.code === 'EACCES') {
    return `this user may not listen on port ${String(errno.port)}; set PORT to a port of 1024 or above.`;
  }
  if (error instanceof AppError) return error.message;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
