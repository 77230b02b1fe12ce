/**
 * Collects items (ids of runs that ended, say) from many callers and hands them to ONE step
 * in batches: while a batch is being written, the items that arrive wait together for the
 * next one. At low load a batch holds one item and adds no delay; under load the batch grows
 * with the backlog, so the cost per item falls as the rate rises, instead of every caller
 * queueing for the same rows one transaction at a time.
 *
 * Guarantee (from StepCoalescer): the promise `add` returns settles after a step that took
 * the item has ended. The step must not throw for items it cannot handle; a throw is passed
 * to every caller of that batch.
 */
import { StepCoalescer } from './step-coalescer.js';

export class BatchedStep<T> {
  private readonly waiting: T[] = [];
  private readonly steps = new StepCoalescer();
  /** Ends the current linger early (a full batch is waiting). */
  private batchFull: (() => void) | undefined;
  /** Items ever added, and ever taken by a step: items are taken in the order they came. */
  private added = 0;
  private taken = 0;

  /**
   * @param step writes one batch (never empty).
   * @param maxBatch most items per step; the rest wait for the next one.
   * @param lingerMs how long a step waits for company before it takes a batch smaller than
   *   maxBatch (0: none; it ends early once maxBatch items wait). Below saturation items arrive one at a time, so without it every
   *   item is a transaction of its own; a few milliseconds let the items of that moment
   *   share one, at the cost of that much delay on each.
   */
  constructor(
    private readonly step: (batch: T[]) => Promise<void>,
    private readonly maxBatch = 500,
    private readonly lingerMs = 0,
  ) {}

  /**
   * @example
   * const rollups = new BatchedStep<number>((ids) => addRunsToRollups(deps, ids));
   * await rollups.add(run.id);
   */
  async add(item: T): Promise<void> {
    this.waiting.push(item);
    if (this.waiting.length >= this.maxBatch) this.batchFull?.();
    const position = ++this.added;
    // Every call asks for the same work: "write what is waiting". A step that started after
    // this push takes the item, unless more than maxBatch were waiting before it.
    while (this.taken < position) {
      await this.steps.run('batch', async () => {
        const some = this.waiting.length;
        if (this.lingerMs > 0 && some > 0 && some < this.maxBatch) await this.linger();
        const batch = this.waiting.splice(0, this.maxBatch);
        this.taken += batch.length;
        if (batch.length > 0) await this.step(batch);
      });
    }
  }

  /** Waits lingerMs, or less if maxBatch items are waiting before then. */
  private linger(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.batchFull = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.lingerMs);
      this.batchFull = done;
    });
  }

  /** Items waiting for a step (for tests and diagnostics). */
  get backlog(): number {
    return this.waiting.length;
  }
}
