/**
 * Collects items (ids of runs that ended, say) from many callers and hands them to ONE step
 * in batches: while a batch is being written, the items that arrive wait together for the
 * next one. At low load a batch holds one item and adds no delay; under load the batch grows
 * with the backlog, so the cost per item falls as the rate rises, instead of every caller
 * queueing for the same rows one transaction at a time.
 *
 * Guarantee: the promise `add` returns settles after the step that took the item has ended,
 * and items are taken in the order they came. The step must not throw for items it cannot
 * handle; a throw is passed to every caller of that batch.
 */
interface Waiting<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class BatchedStep<T> {
  private waiting: Waiting<T>[] = [];
  /** Steps running now (at most `lanes`). */
  private running = 0;
  /** A step is lingering for company: items that arrive join it rather than start another. */
  private lingering = false;
  /** Ends the current linger early (a full batch is waiting). */
  private batchFull: (() => void) | undefined;

  /**
   * @param step writes one batch (never empty).
   * @param maxBatch most items per step; the rest wait for the next one.
   * @param lingerMs how long a step waits for company before it takes a batch smaller than
   *   maxBatch (0: none; it ends early once maxBatch items wait). Below saturation items arrive one at a time, so without it every
   *   item is a transaction of its own; a few milliseconds let the items of that moment
   *   share one, at the cost of that much delay on each.
   * @param lanes steps that may run at once. With one, an item that arrives while a step
   *   runs waits for that step to end and then for its own; with two, it waits only while
   *   both are busy. Only for steps whose batches cannot lock each other's rows in turn.
   */
  constructor(
    private readonly step: (batch: T[]) => Promise<void>,
    private readonly maxBatch = 500,
    private readonly lingerMs = 0,
    private readonly lanes = 1,
  ) {}

  /**
   * @example
   * const rollups = new BatchedStep<number>((ids) => addRunsToRollups(deps, ids));
   * await rollups.add(run.id);
   */
  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.waiting.length >= this.maxBatch) this.batchFull?.();
      this.startStepIfFree();
    });
  }

  private startStepIfFree(): void {
    if (this.running >= this.lanes || this.lingering || this.waiting.length === 0) return;
    this.running += 1;
    void this.runStep().finally(() => {
      this.running -= 1;
      this.startStepIfFree();
    });
  }

  private async runStep(): Promise<void> {
    if (this.lingerMs > 0 && this.waiting.length < this.maxBatch) {
      this.lingering = true;
      await this.linger();
      this.lingering = false;
    }
    const batch = this.waiting.splice(0, this.maxBatch);
    // Another lane may start on what is left while this one writes.
    this.startStepIfFree();
    if (batch.length === 0) return;
    try {
      await this.step(batch.map((waiting) => waiting.item));
      for (const waiting of batch) waiting.resolve();
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
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
