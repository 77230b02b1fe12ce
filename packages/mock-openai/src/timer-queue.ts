import { monotonicMs } from '@tfbench/mock-tinyfish';

/** A due callback; `cancelled` entries stay in the heap and are skipped when they surface. */
export interface TimerEntry {
  due: number;
  seq: number;
  cancelled: boolean;
  run: (now: number) => void;
}

/** Callbacks due within this many ms of now run in the current batch rather than re-arming. */
const EARLY_TOLERANCE_MS = 1;

/**
 * One timer for the whole server: a min-heap of absolute monotonic deadlines with a single
 * setTimeout armed for the earliest. Every callback due by the time it fires runs in one batch,
 * so 500 streams at 50 chunks/s cost a few hundred timer wake-ups a second, not 25,000, and
 * chunks due together go out in the same turn of the event loop.
 */
export class TimerQueue {
  private readonly heap: TimerEntry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private armedFor = Number.POSITIVE_INFINITY;
  private nextSeq = 0;

  get size(): number {
    return this.heap.length;
  }

  /** Runs `run(now)` at monotonic time `due` (or as soon as possible after it). */
  at(due: number, run: (now: number) => void): TimerEntry {
    const entry: TimerEntry = { due, seq: this.nextSeq++, cancelled: false, run };
    this.push(entry);
    if (due < this.armedFor) this.arm();
    return entry;
  }

  cancel(entry: TimerEntry | null): void {
    if (entry) entry.cancelled = true;
  }

  /** Drops everything (server shutdown or reset). */
  clear(): void {
    for (const e of this.heap) e.cancelled = true;
    this.heap.length = 0;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.armedFor = Number.POSITIVE_INFINITY;
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.armedFor = Number.POSITIVE_INFINITY;
    while (this.heap.length > 0 && this.heap[0]!.cancelled) this.pop();
    const first = this.heap[0];
    if (!first) return;
    this.armedFor = first.due;
    this.timer = setTimeout(this.fire, Math.max(0, Math.floor(first.due - monotonicMs())));
  }

  private readonly fire = (): void => {
    this.timer = null;
    this.armedFor = Number.POSITIVE_INFINITY;
    let now = monotonicMs();
    while (this.heap.length > 0 && this.heap[0]!.due - now <= EARLY_TOLERANCE_MS) {
      const entry = this.pop();
      if (!entry.cancelled) {
        try {
          entry.run(now);
        } catch (err) {
          // One stream's bug must not stop every other stream's clock.
          process.emitWarning(`mock-openai timer callback failed: ${String(err)}`);
        }
        now = monotonicMs();
      }
    }
    this.arm();
  };

  private less(a: TimerEntry, b: TimerEntry): boolean {
    return a.due < b.due || (a.due === b.due && a.seq < b.seq);
  }

  private push(entry: TimerEntry): void {
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private pop(): TimerEntry {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}
