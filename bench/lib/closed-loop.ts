/**
 * A closed-loop load: `concurrency` workers, each starting its next run as soon as its last
 * one ended, until every item ran or the deadline passed. Concurrency stays constant, so
 * "at concurrency 100" means 100 streams open at any moment of the measurement.
 *
 * The workers' first runs start spread evenly over `rampMs` rather than all at once: runs of
 * similar length started together would otherwise keep starting and ending in waves, and
 * every wave would be a burst of per-run work that the steady state at this concurrency
 * does not have.
 */
import { performance } from 'node:perf_hooks';
export async function runClosedLoop<T>(options: {
  concurrency: number;
  items: readonly number[];
  task: (item: number) => Promise<T>;
  /** performance.now() after which no run starts (runs in flight still finish). */
  deadline: number;
  now: () => number;
  /** Spread of the first runs' starts, ms; 0 starts every worker at once. */
  rampMs?: number;
}): Promise<{ results: T[]; truncated: boolean }> {
  const { items, task, deadline, now } = options;
  const results: T[] = [];
  let next = 0;
  let truncated = false;
  const workers = Math.max(1, Math.min(options.concurrency, items.length));
  const rampMs = options.rampMs ?? 0;
  const worker = async (index: number): Promise<void> => {
    const delay = (index * rampMs) / workers;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    while (next < items.length) {
      if (now() > deadline) {
        truncated = true;
        return;
      }
      const item = items[next++]!;
      results.push(await task(item));
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, index) => worker(index)));
  return { results, truncated };
}

/**
 * Warm-up: JIT each reader's code paths and open the first connections, unmeasured. Each
 * task runs `runs` times (with the item 0, 1, ...), `concurrency` at a time, reader after reader.
 */
export async function warmUp(
  tasks: readonly ((item: number) => Promise<unknown>)[],
  options: { runs: number; concurrency: number; deadline: number },
): Promise<void> {
  for (const task of tasks) {
    await runClosedLoop({
      concurrency: options.concurrency,
      items: Array.from({ length: options.runs }, (_, i) => i),
      task,
      deadline: options.deadline,
      now: () => performance.now(),
    });
  }
}
