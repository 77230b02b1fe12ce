/**
 * The sender thread's scheduling priority. The thread spends little CPU (a send, the reads of
 * a stream), but when it needs a core it needs it at once: at a send instant, or to stamp an
 * event as it arrives. On a machine whose cores the process's main thread, the database,
 * Redis and the upstream share, the kernel otherwise gives it a core only after the others'
 * time slices: on 2 cores, open arrivals at half of capacity were sent 10-19 ms late at p99
 * at the default priority and 4-6 ms late with the thread at nice -10
 * (docs/performance.md, "Send-time precision").
 *
 * So the thread lowers its own nice value; the process's other threads keep theirs. Linux
 * sets a nice value per thread (setpriority on the thread's id). Lowering it needs
 * CAP_SYS_NICE, or an RLIMIT_NICE that allows it (docker: `ulimits: nice: 30` allows -10);
 * without either the thread keeps the process's priority, and says why.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

export type PriorityOutcome =
  | { applied: true; nice: number }
  | { applied: false; nice: number; reason: string };

/**
 * Set the calling thread's nice value (-20 to 19; lower runs first). 0 leaves it as it is.
 *
 * @example
 * const priority = setThreadNice(config.engine.senderThreadNice);
 * if (!priority.applied) logger.info({ reason: priority.reason }, 'the sender thread keeps the default priority');
 */
export function setThreadNice(nice: number): PriorityOutcome {
  if (nice === 0) return { applied: false, nice, reason: 'TFBENCH_SENDER_THREAD_NICE is 0' };
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
      reason: `${code}: a nice value below 0 needs CAP_SYS_NICE or an RLIMIT_NICE of at least ${20 - nice}`,
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
