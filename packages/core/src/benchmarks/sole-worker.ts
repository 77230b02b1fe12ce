/**
 * Whether this process is a live worker and no other is. Runs are handed over from job to job only then (see
 * run-hand-over.ts): with several workers, a run that replaces an ended one goes through the
 * queue, which gives it to whichever worker is free, so the workers keep sharing a benchmark
 * instead of each keeping the runs it happened to get first.
 *
 * The answer comes from the workers table, read again in the background once it is REFRESH_MS
 * old; until the first read, and while this process has no live row of its own (it registers
 * when it starts taking runs), it is "not alone". A worker that joins is seen within about
 * REFRESH_MS, after which the runs go through the queue again.
 */
import type { Executor } from '../db/database.js';
import { selectLiveWorkers } from '../repositories/workers.js';

/** How old the answer may be. */
export const REFRESH_MS = 2_000;

export class SoleWorkerCheck {
  private alone = false;
  private readAt = Number.NEGATIVE_INFINITY;
  private reading = false;

  constructor(
    private readonly db: Executor,
    /** This process's worker id (its row in the workers table, if it has one). */
    private readonly workerId: string,
    /** A worker silent this long is dead (the engine's stale-after). */
    private readonly staleAfterMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The last answer; starts a read when it is older than REFRESH_MS. */
  isAlone(): boolean {
    if (!this.reading && this.now() - this.readAt >= REFRESH_MS) void this.refresh();
    return this.alone;
  }

  /** Read the workers table now (also what `isAlone` starts in the background). */
  async refresh(): Promise<boolean> {
    this.reading = true;
    try {
      const live = await selectLiveWorkers(this.db, new Date(this.now() - this.staleAfterMs));
      this.alone = live.length === 1 && live[0]?.id === this.workerId;
      // Until this process has registered (it does when it starts taking runs, usually just
      // after this check is made), ask again at the next call instead of in REFRESH_MS.
      const registered = live.some((worker) => worker.id === this.workerId);
      this.readAt = registered ? this.now() : Number.NEGATIVE_INFINITY;
    } catch {
      // Unknown: hand nothing over until a read succeeds.
      this.alone = false;
    } finally {
      this.reading = false;
    }
    return this.alone;
  }
}
