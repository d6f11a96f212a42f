import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

import { describe, expect, it } from 'vitest';

import { EventLoopGauge } from '../../src/slack/event-loop-gauge.js';

/** Keeps the event loop busy for `ms` milliseconds without yielding. */
function blockEventLoop(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // Spinning on purpose: the gauge must see a loop that runs callbacks without a pause.
  }
}

describe('EventLoopGauge', () => {
  it('reports busy after the loop ran without a pause', () => {
    const gauge = new EventLoopGauge({ maxUtilization: 0.75, maxDelayMs: 1_000, windowMs: 10 });
    gauge.isBusy();

    blockEventLoop(40);

    expect(gauge.isBusy()).toBe(true);
  });

  it('reports idle after the loop waited for I/O', async () => {
    const gauge = new EventLoopGauge({ maxUtilization: 0.75, maxDelayMs: 1_000, windowMs: 10 });
    blockEventLoop(40);
    expect(gauge.isBusy()).toBe(true);

    // On a loaded machine other work can keep one window busy, so the gauge gets up to 2 s to see an idle one.
    let busy = true;
    const deadline = performance.now() + 2_000;
    while (busy && performance.now() < deadline) {
      await sleep(50);
      busy = gauge.isBusy();
    }

    expect(busy).toBe(false);
  });

  it('reports busy while the timer delay is too long', async () => {
    const gauge = new EventLoopGauge({ maxUtilization: 1, maxDelayMs: 20, windowMs: 10 });
    await sleep(30);

    gauge.recordTimerDelay(50);
    expect(gauge.isBusy()).toBe(true);
    gauge.recordTimerDelay(5);
    expect(gauge.isBusy()).toBe(false);
  });

  it('forgets a timer delay reported long ago', async () => {
    const gauge = new EventLoopGauge({ maxUtilization: 1, maxDelayMs: 20, windowMs: 10 });
    gauge.recordTimerDelay(50);

    await sleep(100);

    expect(gauge.isBusy()).toBe(false);
  });
});
