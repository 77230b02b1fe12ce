/**
 * A closed-loop load: `concurrency` workers, each starting its next run as soon as its last
 * one ended, until every item ran or the deadline passed. Concurrency stays constant, so
 * "at concurrency 100" means 100 streams open at any moment of the measurement.
 */
export async function runClosedLoop<T>(options: {
  concurrency: number;
  items: readonly number[];
  task: (item: number) => Promise<T>;
  /** performance.now() after which no run starts (runs in flight still finish). */
  deadline: number;
  now: () => number;
}): Promise<{ results: T[]; truncated: boolean }> {
  const { items, task, deadline, now } = options;
  const results: T[] = [];
  let next = 0;
  let truncated = false;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      if (now() > deadline) {
        truncated = true;
        return;
      }
      const item = items[next++]!;
      results.push(await task(item));
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return { results, truncated };
}
