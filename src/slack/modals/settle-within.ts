import { setTimeout as sleep } from 'node:timers/promises';

/** The outcome of a task waited for within a time budget. */
export type Settled<T> = { status: 'fulfilled'; value: T } | { status: 'rejected'; error: unknown } | { status: 'timeout' };

/**
 * Waits for `task` at most `budgetMs` milliseconds. On timeout the task keeps running; the caller
 * decides what happens to its result, because Slack needs a response within 3 seconds even when
 * Bitbucket does not give one.
 */
export async function settleWithin<T>(task: Promise<T>, budgetMs: number): Promise<Settled<T>> {
  const controller = new AbortController();
  const timeout = sleep(Math.max(budgetMs, 0), { status: 'timeout' as const }, { signal: controller.signal }).catch(
    () => ({ status: 'timeout' as const }),
  );
  const settled = task.then(
    (value): Settled<T> => ({ status: 'fulfilled', value }),
    (error: unknown): Settled<T> => ({ status: 'rejected', error }),
  );

  try {
    return await Promise.race([settled, timeout]);
  } finally {
    controller.abort();
  }
}
