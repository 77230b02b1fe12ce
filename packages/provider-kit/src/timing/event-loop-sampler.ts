/**
 * One process-wide event-loop delay sampler shared by every run in flight. A timer ticks
 * every `intervalMs`; how late each tick fires is the event-loop delay, appended to a
 * {@link DelayLog}. A run opens a window when it starts and closes it when it ends; the
 * window's summary covers exactly the samples taken in between. The cost is one timer for
 * the whole process plus, per run, one small object and a pass over the run's own samples:
 * no histogram is copied per run, whatever the concurrency. The timer runs only while a
 * window is open (it stops itself at the first tick that finds none).
 */
import { DelayLog, type DelaySummary } from '@tfbench/domain/measurement';
import { type MonotonicClock, performanceClock } from './clock.js';

/** An open measurement window; `close()` returns the delays seen since it opened. */
export interface DelayWindow {
  close(): DelaySummary;
}

/**
 * How often the sampler ticks, ms. A stall is read from the tick it delays, so a sample
 * understates a stall by what was left of the interval when the stall began: up to this much.
 */
export const EVENT_LOOP_SAMPLE_INTERVAL_MS = 10;

export class EventLoopSampler {
  private readonly log: DelayLog;
  private timer: NodeJS.Timeout | null = null;
  private lastTick = 0;

  constructor(
    private readonly intervalMs = EVENT_LOOP_SAMPLE_INTERVAL_MS,
    private readonly clock: MonotonicClock = performanceClock,
    /** Samples kept in the ring; older ones still count, see {@link DelayLog}. */
    capacity?: number,
  ) {
    this.log = new DelayLog(capacity);
  }

  /**
   * Start measuring for one run.
   *
   * @example
   * const window = sampler.open();
   * await doTheRun();
   * window.close(); // { samples, mean, p50, p99, max }
   */
  open(): DelayWindow {
    if (this.timer === null) this.start();
    return this.log.open();
  }

  private start(): void {
    this.lastTick = this.clock.now();
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    // The sampler must never keep a process alive on its own.
    this.timer.unref();
  }

  private tick(): void {
    const now = this.clock.now();
    this.log.record(now - this.lastTick - this.intervalMs);
    this.lastTick = now;
    // Stopping lazily spares back-to-back runs a timer start and stop each.
    if (this.log.openWindows === 0 && this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }
}

let shared: EventLoopSampler | null = null;

/** The process-wide sampler (created on first use). */
export function sharedEventLoopSampler(): EventLoopSampler {
  shared ??= new EventLoopSampler();
  return shared;
}
