import { setTimeout as sleep } from 'node:timers/promises';

import { describe, expect, it } from 'vitest';

import type { LoadGauge } from '../../src/slack/event-loop-gauge.js';
import { PendingWork, type PendingWorkOptions } from '../../src/slack/pending-work.js';
import { createCapturingLogger } from '../support/test-logger.js';

/** Creates a gauge that the test switches between busy and idle; it records the delays it receives. */
function createSwitchGauge(busy = false): LoadGauge & { busy: boolean; delays: number[] } {
  return {
    busy,
    delays: [],
    isBusy() {
      return this.busy;
    },
    recordTimerDelay(delayMs: number) {
      this.delays.push(delayMs);
    },
  };
}

/** Creates a task that ends when the test decides; `started` is true once the queue started it. */
function createControlledTask(): { start: () => Promise<void>; started: boolean; finish: () => void; fail: (error: Error) => void } {
  let resolve: () => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const task = {
    started: false,
    start: () => {
      task.started = true;
      return new Promise<void>((innerResolve, innerReject) => {
        resolve = innerResolve;
        reject = innerReject;
      });
    },
    finish: () => resolve(),
    fail: (error: Error) => reject(error),
  };
  return task;
}

function createPendingWork(gauge: LoadGauge, options: Partial<PendingWorkOptions> = {}) {
  const { logger, lines } = createCapturingLogger();
  const work = new PendingWork({ logger, gauge, admissionIntervalMs: 2, ...options });
  return { work, lines };
}

/** Waits until `condition` holds, checking every few milliseconds; fails after `timeoutMs`. */
async function waitUntil(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(2);
  }
}

describe('PendingWork admission', () => {
  it('starts a task at once on an idle loop', () => {
    const { work } = createPendingWork(createSwitchGauge(false));
    const task = createControlledTask();

    expect(work.defer('idle', task.start)).toBe(true);

    expect(task.started).toBe(true);
    expect(work.queued).toBe(0);
    task.finish();
  });

  it('holds tasks while busy, one per check', async () => {
    const gauge = createSwitchGauge(true);
    const { work } = createPendingWork(gauge, { admissionIntervalMs: 20 });
    const tasks = Array.from({ length: 4 }, () => createControlledTask());

    for (const task of tasks) work.defer('busy', task.start);

    expect(tasks.some((task) => task.started)).toBe(false);
    await waitUntil(() => tasks[0]!.started);
    expect(tasks.filter((task) => task.started)).toHaveLength(1);
    expect(gauge.delays.length).toBeGreaterThan(0);

    gauge.busy = false;
    await waitUntil(() => tasks.every((task) => task.started));
    expect(work.queued).toBe(0);
    for (const task of tasks) task.finish();
  });

  it('starts at most maxStartsPerCheck per check', async () => {
    const gauge = createSwitchGauge(true);
    const { work } = createPendingWork(gauge, { maxStartsPerCheck: 3, admissionIntervalMs: 1_000 });
    const tasks = Array.from({ length: 8 }, () => createControlledTask());
    for (const task of tasks) work.defer('batch', task.start);

    gauge.busy = false;
    // The next check comes 1 s after this one, long after the count below.
    await waitUntil(() => tasks.some((task) => task.started), 3_000);

    expect(tasks.filter((task) => task.started)).toHaveLength(3);
    for (const task of tasks) task.finish();
  });

  it('never runs more than maxRunning tasks', async () => {
    const { work } = createPendingWork(createSwitchGauge(false), { maxRunning: 2 });
    const tasks = Array.from({ length: 5 }, () => createControlledTask());

    for (const task of tasks) work.defer('capped', task.start);
    await sleep(20);
    expect(tasks.filter((task) => task.started)).toHaveLength(2);
    expect(work.queued).toBe(3);

    tasks[0]!.finish();
    await waitUntil(() => tasks[2]!.started);
    expect(tasks.filter((task) => task.started)).toHaveLength(3);
    for (const task of tasks) task.finish();
  });

  it('starts tasks in the order they were queued', async () => {
    const gauge = createSwitchGauge(true);
    const { work } = createPendingWork(gauge);
    const order: number[] = [];

    for (let index = 0; index < 6; index += 1) {
      work.defer('ordered', async () => {
        order.push(index);
      });
    }
    gauge.busy = false;
    await waitUntil(() => order.length === 6);

    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('rejects tasks beyond maxQueued', () => {
    const { work } = createPendingWork(createSwitchGauge(true), { maxQueued: 2 });

    expect(work.defer('first', async () => undefined)).toBe(true);
    expect(work.defer('second', async () => undefined)).toBe(true);
    expect(work.hasRoom).toBe(false);
    expect(work.defer('third', async () => undefined)).toBe(false);
    expect(work.queued).toBe(2);
  });

  it('queues even the first task on a busy loop', () => {
    const gauge = createSwitchGauge(true);
    const { work } = createPendingWork(gauge);
    const task = createControlledTask();

    work.defer('busy-first', task.start);

    expect(task.started).toBe(false);
    expect(work.queued).toBe(1);
  });
});

describe('PendingWork errors', () => {
  it('logs a failed task and runs the next', async () => {
    const { work, lines } = createPendingWork(createSwitchGauge(false), { maxRunning: 1 });
    const failing = createControlledTask();
    const next = createControlledTask();

    work.defer('failing task', failing.start);
    work.defer('next task', next.start);
    failing.fail(new Error('Bitbucket exploded'));
    await waitUntil(() => next.started);

    const record = lines.find((line) => line.msg === 'work after a Slack acknowledgement failed');
    expect(record?.task).toBe('failing task');
    expect((record?.err as { message?: string } | undefined)?.message).toBe('Bitbucket exploded');
    next.finish();
  });

  it('logs a task that throws before returning a promise', async () => {
    const { work, lines } = createPendingWork(createSwitchGauge(false));

    work.defer('synchronous throw', () => {
      throw new Error('bad payload');
    });
    await waitUntil(() => lines.length > 0);

    expect(lines[0]?.task).toBe('synchronous throw');
    expect(work.size).toBe(0);
  });

  it('passes a tracked rejection to the caller', async () => {
    const { work } = createPendingWork(createSwitchGauge(false));

    await expect(work.track(Promise.reject(new Error('views.open failed')))).rejects.toThrow('views.open failed');
    expect(work.size).toBe(0);
  });
});

describe('PendingWork drain', () => {
  it('runs queued tasks despite a busy loop', async () => {
    // No admission check comes before the drain's deadline, so only the drain can start the tasks.
    const { work } = createPendingWork(createSwitchGauge(true), { admissionIntervalMs: 60_000 });
    const finished: string[] = [];
    for (const name of ['a', 'b', 'c']) {
      work.defer(name, async () => {
        await sleep(5);
        finished.push(name);
      });
    }

    const unfinished = await work.drain(2_000);

    expect(unfinished).toBe(0);
    expect(finished).toEqual(['a', 'b', 'c']);
  });

  it('waits for tracked and queued work alike', async () => {
    const { work } = createPendingWork(createSwitchGauge(false), { maxRunning: 1 });
    const tracked = createControlledTask();
    const first = createControlledTask();
    const second = createControlledTask();
    void work.track(tracked.start());
    work.defer('first', first.start);
    work.defer('second', second.start);

    const drained = work.drain(2_000);
    await sleep(10);
    expect(second.started).toBe(false);
    first.finish();
    await waitUntil(() => second.started);
    second.finish();
    tracked.finish();

    expect(await drained).toBe(0);
  });

  it('returns what was unfinished at the deadline', async () => {
    const { work } = createPendingWork(createSwitchGauge(false), { maxRunning: 1 });
    const stuck = createControlledTask();
    const waiting = createControlledTask();
    work.defer('stuck', stuck.start);
    work.defer('waiting', waiting.start);

    const unfinished = await work.drain(50);

    expect(unfinished).toBe(2);
    expect(waiting.started).toBe(false);
    expect(work.queued).toBe(0);
    stuck.finish();
  });

  it('accepts no work once draining', async () => {
    const { work } = createPendingWork(createSwitchGauge(false));

    await work.drain(100);

    expect(work.isAccepting).toBe(false);
    expect(work.hasRoom).toBe(false);
    expect(work.defer('late', async () => undefined)).toBe(false);
  });
});
