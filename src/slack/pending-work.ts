import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

import type { Logger } from '../logging/logger.js';
import { EventLoopGauge, type LoadGauge } from './event-loop-gauge.js';

export interface PendingWorkOptions {
  logger: Logger;
  /** Decides whether queued tasks may start now. Defaults to an EventLoopGauge with the settings below. */
  gauge?: LoadGauge;
  /**
   * Maximum number of queued tasks running at once, whatever the load. Default 2,000. It bounds
   * memory and sockets; it must stay well above the number of tasks that wait for a slow Bitbucket
   * at the same time, because those use almost no CPU and should not wait for each other.
   */
  maxRunning?: number;
  /** Maximum number of tasks waiting to start; `defer` rejects more. Default 5,000. */
  maxQueued?: number;
  /** How often the queue checks whether it may start waiting tasks, in milliseconds. Default 5. */
  admissionIntervalMs?: number;
  /** Maximum number of waiting tasks started per check, so a full queue enters the loop gradually. Default 20. */
  maxStartsPerCheck?: number;
}

/** Default thresholds of the EventLoopGauge, set from exploratory `npm run bench` runs on 2 cores (bench/RESULTS.md). */
const DEFAULT_GAUGE = { maxUtilization: 0.9, maxDelayMs: 50, windowMs: 10 };

interface QueuedTask {
  name: string;
  start: () => Promise<unknown>;
}

/**
 * Work that continues after a Slack request was acknowledged (Bitbucket calls, replies), in two
 * kinds. `track` follows work that has already started because it cannot wait, such as views.open
 * within the 3-second life of a trigger_id. `defer` queues work that can wait. The queue starts
 * its tasks in order, and while the event loop is busy (see LoadGauge) only one per check, so
 * the work of earlier requests takes little of the time that new requests need to be
 * acknowledged. Shutdown waits for both kinds, up to a bound, so a SIGTERM does not drop a reply
 * the user is waiting for.
 */
export class PendingWork {
  private readonly logger: Logger;
  private readonly gauge: LoadGauge;
  private readonly maxRunning: number;
  private readonly maxQueued: number;
  private readonly admissionIntervalMs: number;
  private readonly maxStartsPerCheck: number;

  private readonly running = new Set<Promise<unknown>>();
  /** Waiting tasks from `queueHead` on; the array is compacted when the consumed part grows large. */
  private queue: QueuedTask[] = [];
  private queueHead = 0;
  private runningDeferred = 0;
  private accepting = true;
  private draining = false;
  private timer: NodeJS.Timeout | undefined;
  private checkDueAt = 0;

  constructor(options: PendingWorkOptions) {
    this.logger = options.logger;
    this.gauge = options.gauge ?? new EventLoopGauge(DEFAULT_GAUGE);
    this.maxRunning = options.maxRunning ?? 2_000;
    this.maxQueued = options.maxQueued ?? 5_000;
    this.admissionIntervalMs = options.admissionIntervalMs ?? 5;
    this.maxStartsPerCheck = options.maxStartsPerCheck ?? 20;
  }

  /** Number of tasks running or waiting to start. */
  get size(): number {
    return this.running.size + this.queued;
  }

  /** Number of deferred tasks waiting to start. */
  get queued(): number {
    return this.queue.length - this.queueHead;
  }

  /** Whether new work is still accepted; false once `drain` has started. */
  get isAccepting(): boolean {
    return this.accepting;
  }

  /** Whether `defer` would accept a task now: the app is not shutting down and the queue is not full. */
  get hasRoom(): boolean {
    return this.accepting && this.queued < this.maxQueued;
  }

  /** Keeps track of `task`, which has already started, until it settles. Rejections pass through to the caller. */
  track<T>(task: Promise<T>): Promise<T> {
    this.running.add(task);
    const forget = () => this.running.delete(task);
    task.then(forget, forget);
    return task;
  }

  /**
   * Queues `start` and returns true, or returns false without queueing it when the queue is full
   * or shutdown has begun, so the caller can tell the user. The task starts at once when nothing
   * waits and the event loop has room. `start` should handle its own errors; one that escapes is
   * logged with `name`.
   */
  defer(name: string, start: () => Promise<unknown>): boolean {
    if (!this.hasRoom) return false;

    const task = { name, start };
    if (this.queued === 0 && this.runningDeferred < this.maxRunning && !this.gauge.isBusy()) {
      this.startTask(task);
      return true;
    }
    this.queue.push(task);
    this.scheduleCheck();
    return true;
  }

  /**
   * Stops accepting work, starts every queued task as fast as `maxRunning` allows and waits until
   * all tasks settle or `timeoutMs` passes. Returns the number of tasks still running or queued at
   * the deadline; queued ones never start.
   */
  async drain(timeoutMs: number): Promise<number> {
    this.accepting = false;
    this.draining = true;
    this.startQueued();

    let timedOut = false;
    const stopDeadline = new AbortController();
    const deadline = sleep(timeoutMs, undefined, { signal: stopDeadline.signal }).then(
      () => {
        timedOut = true;
      },
      () => undefined,
    );
    while (this.running.size > 0 && !timedOut) {
      await Promise.race([Promise.allSettled([...this.running]), deadline]);
    }
    stopDeadline.abort();

    const unfinished = this.size;
    this.clearCheck();
    this.queue = [];
    this.queueHead = 0;
    return unfinished;
  }

  private startTask(task: QueuedTask): void {
    this.runningDeferred += 1;
    let promise: Promise<unknown>;
    try {
      promise = task.start();
    } catch (error) {
      promise = Promise.reject(error);
    }

    const settled = promise.then(
      () => undefined,
      (error: unknown) => {
        this.logger.error({ err: error, task: task.name }, 'work after a Slack acknowledgement failed');
      },
    );
    this.running.add(settled);
    void settled.then(() => {
      this.running.delete(settled);
      this.runningDeferred -= 1;
      if (this.queued > 0) {
        if (this.draining) this.startQueued();
        else this.scheduleCheck();
      }
    });
  }

  /**
   * Starts waiting tasks in order. Outside shutdown it starts at most `maxStartsPerCheck`, and only
   * the first while the gauge reports the loop as busy, so the queue keeps moving however long the
   * load lasts, at the pace of one task per check.
   */
  private startQueued(): void {
    let started = 0;
    while (this.queued > 0 && this.runningDeferred < this.maxRunning) {
      if (!this.draining) {
        if (started >= this.maxStartsPerCheck) break;
        if (started > 0 && this.gauge.isBusy()) break;
      }
      const task = this.queue[this.queueHead]!;
      this.queueHead += 1;
      started += 1;
      this.startTask(task);
    }
    this.compactQueue();
  }

  private scheduleCheck(): void {
    if (this.timer !== undefined || this.draining) return;
    this.checkDueAt = performance.now() + this.admissionIntervalMs;
    this.timer = setTimeout(() => this.check(), this.admissionIntervalMs);
    // The queue alone must not keep the process alive; pending work is awaited by `drain`.
    this.timer.unref();
  }

  private check(): void {
    this.timer = undefined;
    this.gauge.recordTimerDelay(Math.max(0, performance.now() - this.checkDueAt));
    this.startQueued();
    // At the cap, the next task to settle schedules the check instead.
    if (this.queued > 0 && this.runningDeferred < this.maxRunning) this.scheduleCheck();
  }

  private clearCheck(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private compactQueue(): void {
    if (this.queueHead === this.queue.length) {
      this.queue = [];
      this.queueHead = 0;
    } else if (this.queueHead > 1_024 && this.queueHead * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.queueHead);
      this.queueHead = 0;
    }
  }
}
