/** SQL that creates the runs of a benchmark, all at once, when the benchmark is created. */
import type { JsonObject, RunTrigger } from '@tfbench/domain/model';
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { runs } from '../db/schema.js';

export interface NewBenchmarkRuns {
  benchmark_id: number;
  scenario_id: number;
  trigger: RunTrigger;
  warmup_runs: number;
  total_runs: number;
  inputs: JsonObject;
}

/** Runs inserted per statement when a benchmark is created. */
export const BENCHMARK_RUN_INSERT_CHUNK = 2_000;

/**
 * Creates all runs of a benchmark, warm-ups first: run k (1-based) is a warm-up when
 * k <= warmup_runs. Ids are assigned in that order, so "lowest id first" is the dispatch
 * order. Each statement is an INSERT ... SELECT over a slice of generate_series, so no
 * statement binds more than a handful of parameters (PostgreSQL allows 65,535).
 *
 * The runs go in slices of `chunk` rows, one statement each, in order. Call it inside a
 * transaction, so a benchmark has all its runs or none. Slicing keeps any one statement short:
 * on PGlite a statement runs on the caller's thread and freezes the event loop until it
 * ends (100,000 runs in one statement held the API for seconds), while between statements the
 * embedded client yields to the event loop (see db/pglite-yield.ts).
 */
export async function insertBenchmarkRuns(
  tx: Executor,
  values: NewBenchmarkRuns,
  chunk = BENCHMARK_RUN_INSERT_CHUNK,
): Promise<void> {
  const inputs = JSON.stringify(values.inputs);
  for (let first = 1; first <= values.total_runs; first += chunk) {
    const last = Math.min(values.total_runs, first + chunk - 1);
    await tx.execute(sql`
      insert into ${runs} (scenario_id, benchmark_id, trigger, status, is_warmup, inputs)
      select ${values.scenario_id}, ${values.benchmark_id}, ${values.trigger}, 'pending',
             k <= ${values.warmup_runs}, ${inputs}::jsonb
      from generate_series(${first}::int, ${last}::int) as k
      order by k`);
  }
}

/** Runs inserted per statement when each run has its own inputs (a dataset's rows). */
const ROW_RUN_INSERT_CHUNK = 500;

/**
 * Creates the runs of a benchmark over a dataset, warm-ups first as in insertBenchmarkRuns,
 * run k (0-based) with `runs[k]`'s inputs and row index. Call it inside a transaction.
 */
export async function insertBenchmarkRunsWithInputs(
  tx: Executor,
  values: Omit<NewBenchmarkRuns, 'inputs' | 'total_runs'>,
  perRun: ReadonlyArray<{ inputs: JsonObject; row: number }>,
): Promise<void> {
  for (let first = 0; first < perRun.length; first += ROW_RUN_INSERT_CHUNK) {
    const slice = perRun.slice(first, first + ROW_RUN_INSERT_CHUNK);
    await tx.insert(runs).values(
      slice.map((run, k) => ({
        scenario_id: values.scenario_id,
        benchmark_id: values.benchmark_id,
        trigger: values.trigger,
        status: 'pending' as const,
        is_warmup: first + k < values.warmup_runs,
        inputs: run.inputs,
        dataset_row: run.row,
      })),
    );
  }
}
