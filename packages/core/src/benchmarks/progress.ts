/**
 * A benchmark's run counts and their live publication (`benchmark.progress` on the event bus).
 */
import { RUN_STATUSES, type RunStatus, TERMINAL_RUN_STATUSES } from '@tfbench/domain/model';
import type { DatabaseHandle, Executor } from '../db/database.js';
import type { Benchmark } from '../db/schema.js';
import type { EventBus } from '../events/index.js';
import type { Logger } from '../queue/index.js';
import { countBenchmarkRunsByStatus } from '../repositories/benchmark-run-counts.js';
import { selectBenchmarkById } from '../repositories/benchmarks.js';

export type RunCounts = Record<RunStatus, number>;

export interface BenchmarkProgress {
  /** Runs the benchmark has, warm-ups included. */
  total: number;
  /** Runs in a terminal status. */
  done: number;
  /** done / total, 0 to 1 (1 for a benchmark without runs). */
  fraction: number;
  warmup: { total: number; done: number };
  /** The measured runs alone (total - warmup): what `iterations` asked for. */
  measured: { total: number; done: number };
}

export interface BenchmarkCounts {
  /** All runs of the benchmark per status, warm-ups included. */
  counts: RunCounts;
  progress: BenchmarkProgress;
}

const TERMINAL: ReadonlySet<RunStatus> = new Set(TERMINAL_RUN_STATUSES);

/** Runs per status and the progress they add up to, in one grouped query. */
export async function countBenchmarkRuns(db: Executor, benchmarkId: number): Promise<BenchmarkCounts> {
  return tallyBenchmarkRuns(await countBenchmarkRunsByStatus(db, benchmarkId));
}

/** Counts and progress from the grouped rows of one benchmark. */
export function tallyBenchmarkRuns(
  rows: ReadonlyArray<{ status: RunStatus; is_warmup: boolean; count: number }>,
): BenchmarkCounts {
  const counts = Object.fromEntries(RUN_STATUSES.map((status) => [status, 0])) as RunCounts;
  let total = 0;
  let done = 0;
  let warmupTotal = 0;
  let warmupDone = 0;
  for (const row of rows) {
    counts[row.status] += row.count;
    total += row.count;
    const ended = TERMINAL.has(row.status);
    if (ended) done += row.count;
    if (row.is_warmup) {
      warmupTotal += row.count;
      if (ended) warmupDone += row.count;
    }
  }
  return {
    counts,
    progress: {
      total,
      done,
      fraction: total === 0 ? 1 : done / total,
      warmup: { total: warmupTotal, done: warmupDone },
      measured: { total: total - warmupTotal, done: done - warmupDone },
    },
  };
}

/** Publications of one benchmark at most this often from one process; the last state always goes out. */
export const PROGRESS_INTERVAL_MS = 250;

/**
 * The most of the database's time one benchmark's counts may take. The count reads every run of
 * the benchmark (about 13 ms at 10,000 runs on the embedded database, where the engine waits for
 * it, and more with more runs): a large benchmark is published less often rather than counted
 * for a growing share of the time it runs.
 */
export const MAX_COUNT_SHARE = 0.02;

/**
 * The longest interval, whatever the count took: the count's duration includes its wait for the
 * database, so one count stuck behind other work (a large benchmark being created) would
 * otherwise keep a live benchmark's progress still for minutes.
 */
export const MAX_PROGRESS_INTERVAL_MS = 5_000;

/** The interval between publications after a count that took `countMs` (see MAX_COUNT_SHARE). */
export function progressIntervalMs(countMs: number): number {
  return Math.min(
    MAX_PROGRESS_INTERVAL_MS,
    Math.max(PROGRESS_INTERVAL_MS, Math.ceil(countMs / MAX_COUNT_SHARE)),
  );
}

interface PendingPublication {
  lastAt: number;
  timer: NodeJS.Timeout | null;
  /** From the last count's duration (progressIntervalMs). */
  intervalMs: number;
}

/** Per bus, per benchmark: when progress was last published and the trailing publication, if any. */
const publications = new WeakMap<EventBus, Map<number, PendingPublication>>();

/**
 * Publish a benchmark's counts on the bus, at most every {@link PROGRESS_INTERVAL_MS} per
 * benchmark, or less often when counting takes longer (see {@link MAX_COUNT_SHARE}); a
 * 10,000-run benchmark would otherwise publish, and count, 10,000 times. A
 * call inside the interval schedules one trailing publication, so the final counts are never
 * lost; `immediate` (status changes) publishes at once. Best effort: failures are logged.
 */
export function publishBenchmarkProgress(
  deps: { db: DatabaseHandle; bus?: EventBus; logger?: Logger },
  benchmark: Pick<Benchmark, 'id' | 'scenario_id'>,
  options: { immediate?: boolean } = {},
): void {
  const bus = deps.bus;
  if (!bus) return;
  const byBenchmark = publications.get(bus) ?? new Map<number, PendingPublication>();
  publications.set(bus, byBenchmark);
  const state = byBenchmark.get(benchmark.id) ?? { lastAt: 0, timer: null, intervalMs: PROGRESS_INTERVAL_MS };
  byBenchmark.set(benchmark.id, state);
  const publish = () => {
    state.lastAt = Date.now();
    state.timer = null;
    void publishNow(
      deps,
      bus,
      benchmark,
      () => {
        if (!state.timer) byBenchmark.delete(benchmark.id);
      },
      (countMs) => {
        state.intervalMs = progressIntervalMs(countMs);
      },
    );
  };
  if (options.immediate) {
    if (state.timer) clearTimeout(state.timer);
    publish();
    return;
  }
  if (state.timer) return;
  const wait = state.lastAt + state.intervalMs - Date.now();
  if (wait <= 0) {
    publish();
    return;
  }
  state.timer = setTimeout(publish, wait);
  state.timer.unref();
}

async function publishNow(
  deps: { db: DatabaseHandle; logger?: Logger },
  bus: EventBus,
  benchmark: Pick<Benchmark, 'id' | 'scenario_id'>,
  forget: () => void,
  counted: (countMs: number) => void,
): Promise<void> {
  try {
    const started = performance.now();
    const [current, { counts, progress }] = await Promise.all([
      selectBenchmarkById(deps.db.db, benchmark.id),
      countBenchmarkRuns(deps.db.db, benchmark.id),
    ]);
    counted(performance.now() - started);
    if (!current) return forget();
    // A finished benchmark publishes no more: drop its throttle state.
    if (current.finished_at) forget();
    await bus.publish({
      kind: 'benchmark.progress',
      benchmark_id: benchmark.id,
      scenario_id: benchmark.scenario_id,
      status: current.status,
      counts,
      total: progress.total,
    });
  } catch (error) {
    deps.logger?.warn({ benchmark_id: benchmark.id, err: error }, 'could not publish benchmark progress');
  }
}
