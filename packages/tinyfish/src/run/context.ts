/**
 * The time budget and stop switch of one run. Every piece of I/O in the run listens to
 * `signal`; `stop()` records why the run is ending (a timeout or the caller's abort) and at
 * which instant, then aborts everything at once. The first reason wins.
 */
import type { MonotonicClock } from '../timing/clock.js';

export type TimeoutCode = 'CONNECT_TIMEOUT' | 'HEADERS_TIMEOUT' | 'IDLE_TIMEOUT' | 'TOTAL_TIMEOUT';

export type StopReason = { kind: 'timeout'; code: TimeoutCode; message: string } | { kind: 'abort' };

export class RunContext {
  private readonly controller = new AbortController();
  private readonly totalTimer: NodeJS.Timeout;
  private readonly deadline: number;
  private readonly onExternalAbort = () => this.stop({ kind: 'abort' });
  reason: StopReason | null = null;
  /** Monotonic instant of the stop. */
  stoppedAt: number | null = null;

  constructor(
    private readonly clock: MonotonicClock,
    totalTimeoutMs: number,
    private readonly external: AbortSignal | undefined,
  ) {
    this.deadline = clock.now() + totalTimeoutMs;
    this.totalTimer = setTimeout(
      () =>
        this.stop({
          kind: 'timeout',
          code: 'TOTAL_TIMEOUT',
          message: `the run exceeded its total budget of ${totalTimeoutMs} ms`,
        }),
      totalTimeoutMs,
    );
    if (external?.aborted) this.stop({ kind: 'abort' });
    else external?.addEventListener('abort', this.onExternalAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get stopped(): boolean {
    return this.reason !== null;
  }

  /** Budget left, in ms (0 when spent). */
  remainingMs(): number {
    return Math.max(0, this.deadline - this.clock.now());
  }

  stop(reason: StopReason): void {
    if (this.reason !== null) return;
    this.reason = reason;
    this.stoppedAt = this.clock.now();
    this.controller.abort();
  }

  /** Wait `ms`; resolves false at once if the run stops meanwhile. */
  sleep(ms: number): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onStop = () => {
        clearTimeout(timer);
        resolve(false);
      };
      const timer = setTimeout(() => {
        this.signal.removeEventListener('abort', onStop);
        resolve(true);
      }, ms);
      this.signal.addEventListener('abort', onStop, { once: true });
    });
  }

  dispose(): void {
    clearTimeout(this.totalTimer);
    this.external?.removeEventListener('abort', this.onExternalAbort);
  }
}
