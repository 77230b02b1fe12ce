import type { ServerResponse } from 'node:http';
import type { ResponseTruth, TruthRecorder } from './ground-truth.js';
import type { MockState, OpenResponse } from './state.js';
import type { StatsCounters } from './stats.js';
import type { TimerEntry } from './timer-queue.js';

/**
 * A generation response the server holds open while its plan plays: counted in flight (the
 * load model's input), closable by the server, and released exactly once however it ends
 * (finished, dropped by a fault, closed by the client, or by a shutdown or reset).
 */
export abstract class HeldResponse implements OpenResponse {
  protected closed = false;
  private released = false;
  /** Counters of the server as it was when the response began: a reset swaps them for new ones. */
  protected readonly stats: StatsCounters;
  /** Timer entries to cancel on release. */
  protected readonly timers: (TimerEntry | null)[] = [];

  constructor(
    protected readonly state: MockState,
    protected readonly res: ServerResponse,
    protected readonly truth: TruthRecorder,
  ) {
    this.stats = state.stats;
  }

  /** Counts the response in flight and watches for the client going away. */
  protected hold(): void {
    this.stats.inFlightStarted();
    this.state.open.add(this);
    this.res.on('close', () => {
      if (!this.closed) this.settle('client_closed');
    });
  }

  closeByServer(): void {
    if (this.closed) return;
    this.res.destroy();
    this.settle('server_closed');
  }

  /** Cuts the connection without an answer (the `drop` fault). */
  protected drop(): void {
    this.settle('dropped');
    this.res.destroy();
  }

  /** Records how the response ended and releases what it held. */
  protected settle(reason: NonNullable<ResponseTruth['end_reason']>): void {
    this.closed = true;
    this.truth.ended(reason);
    if (this.released) return;
    this.released = true;
    for (const t of this.timers) this.state.timers.cancel(t);
    this.state.open.delete(this);
    this.onRelease();
    this.stats.inFlightEnded();
  }

  /** Extra bookkeeping of a subclass when the response is released. */
  protected onRelease(): void {}
}
