/**
 * The rows a run executes with: its scenario, the scenario's automation and, for a benchmark
 * run, the benchmark. A benchmark's runs share one configuration and start by the thousand,
 * so this process keeps their parents for `ttlMs` (one second by default) instead of reading
 * the same three rows for every run; an edit made during a benchmark reaches its runs within
 * that time. Runs outside benchmarks (a single trigger, a schedule's tick) always read fresh.
 *
 * The benchmark's status in the cache is only trusted when it says `running` (see
 * admit-run.ts): a cancel within the TTL still stops the runs, because cancelling ends the
 * pending runs in the table and the claim (`status = 'pending'`) then fails.
 */
import type { Executor } from '../db/database.js';
import type { Automation, Benchmark, Run, Scenario } from '../db/schema.js';
import { selectBenchmarkById } from '../repositories/benchmarks.js';
import { selectScenarioWithAutomation } from '../repositories/scenarios.js';

export interface RunParents {
  scenario: Scenario;
  automation: Automation;
  benchmark: Benchmark | undefined;
}

/** Cached benchmarks beyond which expired entries are swept. */
const SWEEP_ABOVE = 64;

export class RunParentsCache {
  private readonly byBenchmark = new Map<
    number,
    { readAt: number; parents: Promise<RunParents | undefined> }
  >();

  constructor(
    private readonly db: Executor,
    private readonly ttlMs = 1_000,
  ) {}

  /**
   * Undefined when the scenario (or its automation) no longer exists.
   *
   * @example
   * const parents = await ctx.parents.of(run);
   */
  of(run: Pick<Run, 'scenario_id' | 'benchmark_id'>): Promise<RunParents | undefined> {
    if (run.benchmark_id === null) return readParents(this.db, run.scenario_id);
    return this.ofBenchmark(run.benchmark_id);
  }

  /** The parents of every run of a benchmark (undefined when it, or its scenario, is gone). */
  ofBenchmark(benchmarkId: number): Promise<RunParents | undefined> {
    const now = Date.now();
    const hit = this.byBenchmark.get(benchmarkId);
    if (hit && now - hit.readAt < this.ttlMs) return hit.parents;
    const parents = readBenchmarkParents(this.db, benchmarkId);
    // A failed read is not kept: the next run reads again.
    parents.catch(() => {
      if (this.byBenchmark.get(benchmarkId)?.parents === parents) this.byBenchmark.delete(benchmarkId);
    });
    this.byBenchmark.set(benchmarkId, { readAt: now, parents });
    if (this.byBenchmark.size > SWEEP_ABOVE) this.sweep(now);
    return parents;
  }

  private sweep(now: number): void {
    for (const [id, entry] of this.byBenchmark) {
      if (now - entry.readAt >= this.ttlMs) this.byBenchmark.delete(id);
    }
  }
}

async function readParents(db: Executor, scenarioId: number): Promise<RunParents | undefined> {
  const found = await selectScenarioWithAutomation(db, scenarioId);
  return found ? { ...found, benchmark: undefined } : undefined;
}

/** A benchmark's runs are all of its scenario. */
async function readBenchmarkParents(db: Executor, benchmarkId: number): Promise<RunParents | undefined> {
  const benchmark = await selectBenchmarkById(db, benchmarkId);
  if (!benchmark) return undefined;
  const found = await selectScenarioWithAutomation(db, benchmark.scenario_id);
  return found ? { ...found, benchmark } : undefined;
}
