import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Work that continues after a Slack request was acknowledged (Bitbucket calls, replies). Shutdown
 * waits for it, up to a bound, so a SIGTERM does not drop an answer the user is waiting for.
 */
export class PendingWork {
  private readonly running = new Set<Promise<unknown>>();
  private accepting = true;

  /** Number of tasks still running. */
  get size(): number {
    return this.running.size;
  }

  /** Whether new work is still accepted; false once `drain` has started. */
  get isAccepting(): boolean {
    return this.accepting;
  }

  /** Runs `task` and keeps track of it until it settles. Rejections pass through to the caller. */
  track<T>(task: Promise<T>): Promise<T> {
    this.running.add(task);
    const forget = () => this.running.delete(task);
    task.then(forget, forget);
    return task;
  }

  /**
   * Stops accepting work and waits until the running tasks settle or `timeoutMs` passes.
   * Returns the number of tasks that were still running at the deadline.
   */
  async drain(timeoutMs: number): Promise<number> {
    this.accepting = false;
    const deadline = sleep(timeoutMs).then(() => 'timeout' as const);
    while (this.running.size > 0) {
      const outcome = await Promise.race([Promise.allSettled([...this.running]), deadline]);
      if (outcome === 'timeout') break;
    }
    return this.running.size;
  }
}
