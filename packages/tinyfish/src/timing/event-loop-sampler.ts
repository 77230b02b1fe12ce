/**
 * One process-wide event-loop delay sampler shared by every run in flight. A timer ticks
 * every `intervalMs`; how late each tick fires is the event-loop delay, recorded into a
 * cumulative histogram. A run opens a window (a snapshot) when it starts and closes it when
 * it ends; the difference is the delay observed during that run. The cost is one timer for
 * the whole process plus one small array copy per run, whatever the concurrency, and the
 * timer only runs while at least one window is open.
 */
import { DelayHistogram, type DelaySummary, summarizeDelays } from '@tfbench/core/metrics';
import { type MonotonicClock, performanceClock } from './clock.js';

/** An open measurement window; `close()` returns the delays seen since it opened. */
export interface DelayWindow {
  close(): DelaySummary;
}

export class EventLoopSampler {
  private readonly histogram = new DelayHistogram();
  private timer: NodeJS.Timeout | null = null;
  private lastTick = 0;
  private openWindows = 0;

  constructor(
    private readonly intervalMs = 10,
    private readonly clock: MonotonicClock = performanceClock,
  ) {}

  /**
   * Start measuring for one run.
   *
   * @example
   * const window = sampler.open();
   * await doTheRun();
   * window.close(); // { samples, mean, p50, p99, max }
   */
  open(): DelayWindow {
    if (this.openWindows++ === 0) this.start();
    const before = this.histogram.snapshot();
    let closed = false;
    return {
      close: () => {
        const summary = summarizeDelays(before, this.histogram.snapshot(), this.histogram.maxEver);
        if (!closed) {
          closed = true;
          if (--this.openWindows === 0) this.stop();
        }
        return summary;
      },
    };
  }

  private start(): void {
    this.lastTick = this.clock.now();
    this.timer = setInterval(() => {
      const now = this.clock.now();
      this.histogram.record(now - this.lastTick - this.intervalMs);
      this.lastTick = now;
    }, this.intervalMs);
    // The sampler must never keep a process alive on its own.
    this.timer.unref();
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

let shared: EventLoopSampler | null = null;

/** The process-wide sampler (created on first use). */
export function sharedEventLoopSampler(): EventLoopSampler {
  shared ??= new EventLoopSampler();
  return shared;
}
