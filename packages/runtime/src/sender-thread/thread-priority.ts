/**
 * The sender thread's scheduling priority while it holds runs for their send instants. The
 * thread spends little CPU, but at a send instant it needs a core at once. On a machine whose
 * cores the process's main thread, the database, Redis and the upstream share, the kernel
 * otherwise gives it one only after the others' time slices: on 2 cores, open arrivals at
 * half of capacity left 10-19 ms late at p99 with the thread at the default priority and 5-7
 * ms late at nice -10 (docs/performance.md, "Send-time precision").
 *
 * Only while a run waits for its instant (open arrivals), not always: with nothing to time,
 * a raised thread that wakes for every read of every stream takes the cores from the main
 * thread at each wake, and a saturating closed loop completed about 3 points fewer of the
 * bare client's runs/s.
 *
 * Linux sets a nice value per thread (setpriority on the thread's id), so the process's other
 * threads keep theirs. A value below 0 needs CAP_SYS_NICE, or an RLIMIT_NICE that allows it
 * (docker: `ulimits: nice: 30` allows -10); without either the thread keeps the process's
 * priority, and says why once.
 */
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

export type PriorityOutcome =
  | { applied: true; nice: number }
  | { applied: false; nice: number; reason: string };

/**
 * Set the calling thread's nice value (-20 to 19; lower runs first).
 *
 * @example
 * const outcome = setThreadNice(-10);
 * if (!outcome.applied) logger.info({ reason: outcome.reason }, 'the thread keeps its priority');
 */
export function setThreadNice(nice: number): PriorityOutcome {
  const threadId = currentThreadId();
  if (threadId === null) return { applied: false, nice, reason: 'a thread priority is set on Linux only' };
  try {
    setPriority(threadId, nice);
    return { applied: true, nice };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return {
      applied: false,
      nice,
      reason: `${code}: a nice value below the process's needs CAP_SYS_NICE or an RLIMIT_NICE of at least ${20 - nice}`,
    };
  }
}

/** The calling thread's kernel id: /proc/thread-self links to `<pid>/task/<tid>`. Null off Linux. */
export function currentThreadId(): number | null {
  try {
    const id = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(id) && id > 0 ? id : null;
  } catch {
    return null;
  }
}

/**
 * Keeps the calling thread at `raisedNice` while at least one run holds it, at its own nice
 * value otherwise. A thread that may not be raised stays as it is (one `onRefused`).
 */
export class SendInstantPriority {
  private holders = 0;
  /** Never changes the thread: raising it was refused, or asks for no more than it has. */
  private inert: boolean;
  private readonly ownNice: number;

  /** @param raisedNice the value while held; one at or above the thread's own (0): never raised. */
  constructor(
    private readonly raisedNice: number,
    private readonly onRefused: (outcome: Extract<PriorityOutcome, { applied: false }>) => void,
  ) {
    const threadId = currentThreadId();
    this.ownNice = threadId === null ? 0 : getPriority(threadId);
    this.inert = raisedNice >= this.ownNice;
  }

  /**
   * Raise the thread for one run until the returned function is called (idempotent).
   *
   * @example
   * const release = priority.hold();
   * try { await provider.execute(request); } finally { release(); }
   */
  hold(): () => void {
    this.holders += 1;
    if (this.holders === 1) this.set(this.raisedNice);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holders -= 1;
      if (this.holders === 0) this.set(this.ownNice);
    };
  }

  private set(nice: number): void {
    if (this.inert) return;
    const outcome = setThreadNice(nice);
    if (outcome.applied) return;
    this.inert = true;
    this.onRefused(outcome);
  }
}
