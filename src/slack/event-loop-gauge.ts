import { performance } from 'node:perf_hooks';

/** A reported timer delay counts for this many utilisation windows. */
const DELAY_FRESHNESS_WINDOWS = 4;

/** Tells the work queue whether the process has room to start more work now. */
export interface LoadGauge {
  /** Returns true while starting more work would delay the acknowledgement of new Slack requests. */
  isBusy(): boolean;
  /**
   * Records how late a timer fired, in milliseconds. The work queue's admission timer calls it on
   * every tick, so the gauge measures the event loop delay without a timer of its own.
   */
  recordTimerDelay(delayMs: number): void;
}

export interface EventLoopGaugeOptions {
  /** Busy while the event loop utilisation of the last window is above this fraction (0 to 1). */
  maxUtilization: number;
  /** Busy while the last timer delay reported by the queue is above this, in milliseconds. */
  maxDelayMs: number;
  /** Length of the utilisation window, in milliseconds. Shorter windows react faster but are noisier. */
  windowMs: number;
}

/**
 * A LoadGauge from Node's own measures: the event loop utilisation (the share of time the loop
 * spent running callbacks rather than waiting for I/O) over a short window, and the delay of the
 * queue's timer. Both stay low while the process waits for Bitbucket, so I/O-bound work is never
 * held back, and both rise when callbacks keep the loop busy, which is when an incoming request
 * waits longest to be read.
 */
export class EventLoopGauge implements LoadGauge {
  private lastSample = performance.eventLoopUtilization();
  private lastSampledAt = performance.now();
  private lastUtilization = 0;
  private lastDelayMs = 0;
  private lastDelayAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: EventLoopGaugeOptions) {}

  isBusy(): boolean {
    const now = performance.now();
    if (now - this.lastSampledAt >= this.options.windowMs) {
      const sample = performance.eventLoopUtilization();
      this.lastUtilization = performance.eventLoopUtilization(sample, this.lastSample).utilization;
      this.lastSample = sample;
      this.lastSampledAt = now;
    }
    // The timer stops while the queue is empty, so an old delay does not describe the loop now.
    const delayIsRecent = now - this.lastDelayAt < DELAY_FRESHNESS_WINDOWS * this.options.windowMs;
    return this.lastUtilization > this.options.maxUtilization || (delayIsRecent && this.lastDelayMs > this.options.maxDelayMs);
  }

  recordTimerDelay(delayMs: number): void {
    this.lastDelayMs = delayMs;
    this.lastDelayAt = performance.now();
  }
}
