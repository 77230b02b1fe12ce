/**
 * A benchmark with `repeats: N` is N benchmarks run one after another: the first (the root,
 * whose id the caller has) and N - 1 repeats, each a new benchmark with the same settings and
 * seed, so each has its own warm-up and its own measured phase. When one finishes `completed`,
 * the next is created and started; a cancelled or stopped one ends the series. After each, the
 * root's summary gains `repeats` (repeat-summary.ts) over the repeats finished so far.
 */
import type { Benchmark } from '../db/schema.js';
import { selectRepeatsOf, updateBenchmarkSummary } from '../repositories/benchmarks.js';
import { selectScenarioWithAutomation } from '../repositories/scenarios.js';
import { insertBenchmarkWithRuns } from './create-benchmark.js';
import type { BenchmarkDeps } from './deps.js';
import { summarizeRepeats } from './repeat-summary.js';
import { rerunInputOf } from './rerun-benchmark.js';
import { readBenchmarkSettings } from './settings.js';

/** After `finished` ended: start the next repeat if one is due, and update the root's summary. */
export async function continueRepeats(deps: BenchmarkDeps, finished: Benchmark): Promise<void> {
  const settings = readBenchmarkSettings(finished.settings);
  if (settings.repeats <= 1) return;
  const rootId = settings.repeat_of ?? finished.id;
  const index = settings.repeat_index ?? 1;
  if (finished.status === 'completed' && index < settings.repeats) {
    const next = await deps.db.db.transaction(async (tx) => {
      const found = await selectScenarioWithAutomation(tx, finished.scenario_id);
      if (!found) return undefined;
      const { benchmark } = await insertBenchmarkWithRuns(tx, found, rerunInputOf(finished), {
        source: settings.source,
        trigger: 'benchmark',
        repeat: { of: rootId, index: index + 1 },
      });
      return benchmark;
    });
    if (next) await deps.queue.enqueue('benchmark.drive', { benchmark_id: next.id });
  }
  const series = await selectRepeatsOf(deps.db.db, rootId);
  const done = series.filter((benchmark) => benchmark.finished_at !== null && benchmark.summary !== null);
  const root = series.find((benchmark) => benchmark.id === rootId);
  if (!root?.summary) return;
  const repeats = summarizeRepeats(
    done.map((benchmark) => ({ id: benchmark.id, summary: { ...benchmark.summary, repeats: undefined } })),
    settings.repeats,
  );
  await updateBenchmarkSummary(deps.db.db, rootId, { ...root.summary, repeats: { ...repeats } });
}
