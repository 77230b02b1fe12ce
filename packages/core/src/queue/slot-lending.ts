/**
 * The handler slots one job name lends out while its handlers only wait (JobContext.lendSlot).
 * The concurrency bounds the handlers at work: a lent slot lets the name take another job,
 * and taking it back waits, if need be, until fewer than `concurrency` handlers are at work.
 * Whatever a job lent comes back when it ends.
 */

/**
 * At most this many slots lent per slot of concurrency. A run held for its send instant costs
 * a worker a few KB and no socket, and a worker holds about rate x the queue lead of them:
 * at full load with 100 ms runs that is ten per slot. Past the bound the lead shrinks, as it
 * would without lending.
 */
export const MAX_LENT_PER_SLOT = 10;

/**
 * The share of the concurrency that `hasSpareHandlers` keeps free: a slot taken back ahead
 * of its need (an open arrival's early slot) leaves at least this much for the jobs that
 * need a handler meanwhile.
 */
export const SPARE_HANDLER_SHARE = 0.25;

/** Takes a lent slot back; resolves once the handler may work again (see JobContext.lendSlot). */
export type ReclaimSlot = (signal?: AbortSignal) => Promise<void>;

interface LentSlot {
  state: 'lent' | 'waiting' | 'back';
  grant(): void;
}

export class SlotLending {
  private jobs = 0;
  private lent = 0;
  /** Reclaims waiting for a handler to stop working, first come first served. */
  private readonly waiting: LentSlot[] = [];

  /** `apply` is told the number lent out after every change. */
  constructor(
    private readonly concurrency: number,
    private readonly apply: (lent: number) => void,
  ) {}

  /** One job's part: `lend` for its context, `end` once it has ended. */
  forJob(): { lend: () => ReclaimSlot; hasSpareHandlers: () => boolean; end: () => void } {
    this.jobs += 1;
    // A job has one slot to lend: lending again while it is out returns the same reclaim.
    let current: { slot: LentSlot; reclaim: ReclaimSlot } | null = null;
    const lend = (): ReclaimSlot => {
      if (current !== null && current.slot.state !== 'back') return current.reclaim;
      if (this.lent >= this.concurrency * MAX_LENT_PER_SLOT) return async () => {};
      const slot = this.lendOne();
      current = { slot, reclaim: (signal) => this.reclaim(slot, signal) };
      return current.reclaim;
    };
    const end = (): void => {
      this.jobs -= 1;
      // A reclaim still waiting (its handler abandoned by a timeout) is let go.
      if (current?.slot.state === 'waiting') current.slot.grant();
      else if (current) this.giveBack(current.slot);
      this.serveWaiting();
      this.apply(this.lent);
    };
    return { lend, hasSpareHandlers: () => this.hasSpareHandlers(), end };
  }

  /** Handlers at work: the ones the concurrency bounds. */
  get working(): number {
    return this.jobs - this.lent;
  }

  /** See JobContext.hasSpareHandlers. */
  hasSpareHandlers(): boolean {
    return this.working + 1 <= this.concurrency * (1 - SPARE_HANDLER_SHARE);
  }

  private lendOne(): LentSlot {
    this.lent += 1;
    const slot: LentSlot = { state: 'lent', grant: () => this.giveBack(slot) };
    // A reclaim waiting already is served before the queue takes another job.
    this.serveWaiting();
    this.apply(this.lent);
    return slot;
  }

  private reclaim(slot: LentSlot, signal: AbortSignal | undefined): Promise<void> {
    if (slot.state !== 'lent') return Promise.resolve();
    if (this.working < this.concurrency && this.waiting.length === 0) {
      slot.grant();
      this.apply(this.lent);
      return Promise.resolve();
    }
    slot.state = 'waiting';
    return new Promise<void>((resolve) => {
      const granted = slot.grant;
      const onAbort = (): void => {
        // Stopped while it waited: the handler ends soon, still lending (its end gives back).
        const at = this.waiting.indexOf(slot);
        if (at >= 0) this.waiting.splice(at, 1);
        slot.state = 'lent';
        slot.grant = granted;
        resolve();
      };
      slot.grant = () => {
        signal?.removeEventListener('abort', onAbort);
        granted();
        resolve();
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(slot);
    });
  }

  private giveBack(slot: LentSlot): void {
    if (slot.state === 'back') return;
    if (slot.state === 'waiting') {
      const at = this.waiting.indexOf(slot);
      if (at >= 0) this.waiting.splice(at, 1);
    }
    slot.state = 'back';
    this.lent -= 1;
  }

  private serveWaiting(): void {
    while (this.waiting.length > 0 && this.working < this.concurrency) {
      const slot = this.waiting.shift() as LentSlot;
      slot.grant();
    }
  }
}
