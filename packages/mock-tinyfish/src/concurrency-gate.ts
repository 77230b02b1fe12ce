/**
 * The account's concurrency limit. The real API queues runs over the limit (they stay
 * PENDING, and wall time includes the wait) rather than answering 429; this gate does the same.
 */
export class ConcurrencyGate {
  // A Map keeps insertion order, so its first entry is the longest waiter, and a withdrawn
  // waiter is removed in O(1).
  private readonly waiting = new Map<number, () => void>();
  private nextTicket = 0;
  private held = 0;

  /** @param limit maximum runs holding a slot at once; null means unlimited. */
  constructor(private readonly limit: number | null) {}

  get queued(): number {
    return this.waiting.size;
  }

  /**
   * Calls `onSlot` now if a slot is free, otherwise when one frees up (FIFO).
   * Returns a function that withdraws a request still waiting.
   */
  acquire(onSlot: () => void): () => void {
    if (this.limit === null || this.held < this.limit) {
      this.held++;
      onSlot();
      return noop;
    }
    const ticket = this.nextTicket++;
    this.waiting.set(ticket, onSlot);
    return () => {
      this.waiting.delete(ticket);
    };
  }

  release(): void {
    this.held--;
    const first = this.waiting.entries().next();
    if (first.done) return;
    const [ticket, onSlot] = first.value;
    this.waiting.delete(ticket);
    this.held++;
    onSlot();
  }
}

function noop(): void {}
