/**
 * Event-loop delay of this process, sampled by a 10 ms interval timer (the same period as
 * the client's own sampler and Node's monitorEventLoopDelay default): each tick records how
 * late it fired. Unlike monitorEventLoopDelay, sampling can pause between a reader's phases
 * without the pause itself being recorded as a delay, and the phases add up in one histogram.
 */
import { createHistogram, performance, type RecordableHistogram } from 'node:perf_hooks';

const INTERVAL_MS = 10;

export class LoopDelayMonitor {
  /** Delays in microseconds (a RecordableHistogram takes integers >= 1). */
  private readonly histogram: RecordableHistogram = createHistogram();
  private timer: NodeJS.Timeout | null = null;
  private last = 0;

  start(): void {
    if (this.timer) return;
    this.last = performance.now();
    this.timer = setInterval(() => {
      const now = performance.now();
      const lateMs = now - this.last - INTERVAL_MS;
      this.last = now;
      this.histogram.record(Math.max(1, Math.round(lateMs * 1000)));
    }, INTERVAL_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The q-th percentile (0-100) in ms; NaN before any sample. */
  percentileMs(q: number): number {
    return this.histogram.count > 0 ? this.histogram.percentile(q) / 1000 : Number.NaN;
  }

  get maxMs(): number {
    return this.histogram.count > 0 ? this.histogram.max / 1000 : Number.NaN;
  }
}
