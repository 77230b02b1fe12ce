/**
 * Sweeps and searches run as a series of steps. The benchmark the user created (arrival
 * `sweep` or `search`) runs nothing itself; each step is an ordinary closed or constant-rate
 * benchmark whose settings name the series (`series_of`) and what the step runs
 * (`series_step`), so every run belongs to exactly one step. The series' benchmark is driven by
 * the same step function as any benchmark (advance.ts), under its row lock: when no step is
 * open it plans the next one from the finished steps' stored summaries (sweep-plan.ts,
 * search-plan.ts) and creates it, or finishes with `summary.curve` / `summary.saturation`. The
 * end of a step drives its series again (advance.ts).
 */
import type { Executor } from '../db/database.js';
import type { Benchmark } from '../db/schema.js';
import { countRunsOfBenchmarksByStatus } from '../repositories/benchmark-run-counts.js';
import { finishBenchmark, selectSeriesSteps, updateBenchmarkSummary } from '../repositories/benchmarks.js';
import { selectScenarioWithAutomation } from '../repositories/scenarios.js';
import { insertBenchmarkWithRuns } from './create-benchmark.js';
import { nextSearchStep, searchProbes } from './search-plan.js';
import type { SeriesStep } from './series-settings.js';
import {
  achievedRatePerS,
  type FinishedStep,
  searchBatches,
  searchReport,
  sweepReport,
} from './series-summary.js';
import { type SeriesTotals, seriesTotals } from './series-totals.js';
import type { BenchmarkSettings, CreateBenchmarkInput } from './settings.js';
import { computeBenchmarkSummary } from './summary.js';
import { nextSweepStep, sweepPointRuns } from './sweep-plan.js';
import type { BenchmarkThresholdResult } from './thresholds.js';
import { benchmarkVerdict } from './verdict.js';

/** What one decision of a series did: the step benchmark to drive, or the series finished. */
export interface SeriesOutcome {
  benchmark: Benchmark;
  drive: number[];
  finished: boolean;
}

/** The load of the next step. */
type StepLoad = Omit<SeriesStep, 'index'> & { iterations: number; duration_s: number | null };

/** The request of a step: the series' settings with the step's load. */
function stepInput(
  root: Benchmark,
  settings: BenchmarkSettings,
  load: StepLoad,
  index: number,
): CreateBenchmarkInput {
  const open = load.rate_per_s !== undefined;
  return {
    scenario_id: root.scenario_id,
    name: `${root.name ?? `benchmark ${root.id}`} · step ${index + 1} (${load.kind})`,
    iterations: load.iterations,
    concurrency: load.concurrency ?? settings.concurrency,
    arrival: open ? 'constant' : 'closed',
    rate_per_s: open ? (load.rate_per_s ?? null) : null,
    warmup_runs: settings.warmup_runs,
    duration_s: load.duration_s,
    timeout_s: settings.timeout_s,
    inputs_override: settings.inputs_override,
    thresholds: settings.thresholds,
    seed: settings.seed,
    max_cost_usd: settings.max_cost_usd,
    stop_on: settings.stop_on,
    min_runs: settings.min_runs,
    stop_check_every: settings.stop_check_every,
    until_ci_halfwidth: settings.until_ci_halfwidth,
    dataset: settings.dataset,
    slo: settings.slo,
  };
}

function finishedStepOf(benchmark: Benchmark): FinishedStep {
  return {
    benchmark_id: benchmark.id,
    status: benchmark.status,
    step: benchmark.settings.series_step as unknown as SeriesStep,
    summary: (benchmark.summary ?? {}) as FinishedStep['summary'],
  };
}

type Plan = { load: StepLoad } | { done: true; report: object; status: 'completed' | 'failed' };

function planSweep(settings: BenchmarkSettings, steps: FinishedStep[]): Plan {
  const sweep = settings.sweep;
  if (!sweep) return { done: true, report: {}, status: 'failed' };
  const rateOf = (kind: SeriesStep['kind']) => {
    const step = steps.find((candidate) => candidate.step.kind === kind);
    return step ? achievedRatePerS(step.summary) : undefined;
  };
  const points = steps.filter((step) => step.step.kind === 'point').length;
  const decision = nextSweepStep(
    sweep,
    { synchronous: rateOf('synchronous'), throughput: rateOf('throughput') },
    points,
  );
  const duration = sweep.duration_s_per_point;
  switch (decision.kind) {
    case 'synchronous':
      return {
        load: { kind: 'synchronous', concurrency: 1, iterations: settings.iterations, duration_s: duration },
      };
    case 'throughput':
      return {
        load: {
          kind: 'throughput',
          concurrency: settings.concurrency,
          iterations: settings.iterations,
          duration_s: duration,
        },
      };
    case 'point': {
      const rate = Number(decision.rate_per_s.toPrecision(6));
      const iterations = sweepPointRuns(rate, duration, settings.iterations);
      return {
        load: { kind: 'point', point: decision.index, rate_per_s: rate, iterations, duration_s: null },
      };
    }
    case 'done':
      return { done: true, report: sweepReport(sweep, steps), status: 'completed' };
    case 'failed':
      return { done: true, report: sweepReport(sweep, steps, decision.reason), status: 'failed' };
  }
}

function planSearch(settings: BenchmarkSettings, steps: FinishedStep[]): Plan {
  const search = settings.search;
  if (!search) return { done: true, report: {}, status: 'failed' };
  const decision = nextSearchStep(searchProbes(searchBatches(search, steps), search), search);
  if ('done' in decision)
    return { done: true, report: searchReport(search, steps, decision.done), status: 'completed' };
  const load: StepLoad =
    search.over === 'rate'
      ? { kind: 'probe', rate_per_s: decision.next, iterations: settings.iterations, duration_s: null }
      : { kind: 'probe', concurrency: decision.next, iterations: settings.iterations, duration_s: null };
  return { load };
}

/** The totals of the finished steps: their measured runs by status, cost, span and verdicts. */
async function totalsOf(tx: Executor, rows: readonly Benchmark[]): Promise<{ series: SeriesTotals }> {
  const counts = await countRunsOfBenchmarksByStatus(
    tx,
    rows.map((row) => row.id),
  );
  const steps = rows.map((row) => {
    const measured: Partial<Record<string, number>> = {};
    for (const c of counts)
      if (c.benchmark_id === row.id && !c.is_warmup) measured[c.status] = (measured[c.status] ?? 0) + c.count;
    return {
      summary: (row.summary ?? {}) as FinishedStep['summary'],
      measured,
      verdict: benchmarkVerdict(row.threshold_results as BenchmarkThresholdResult[] | null),
    };
  });
  return { series: seriesTotals(steps) };
}

/** The series' report over the steps so far (progress while it runs). */
function reportSoFar(settings: BenchmarkSettings, steps: FinishedStep[]): object {
  if (settings.sweep) return sweepReport(settings.sweep, steps);
  if (settings.search) return searchReport(settings.search, steps, null);
  return {};
}

/**
 * One decision of a (locked, started) sweep or search: wait for its open step, start the
 * next, or finish. A step cancelled by a user, or the series itself cancelled, ends the series
 * (`cancelled`); a step stopped by its stop_on conditions counts as run.
 */
export async function decideSeriesStep(
  tx: Executor,
  root: Benchmark,
  settings: BenchmarkSettings,
): Promise<SeriesOutcome> {
  const outcome: SeriesOutcome = { benchmark: root, drive: [], finished: false };
  if (root.status === 'pending' || root.finished_at) return outcome;
  const rows = await selectSeriesSteps(tx, root.id);
  if (rows.some((row) => row.finished_at === null)) return outcome;
  const steps = rows.map(finishedStepOf);
  const userCancelled = rows.some(
    (row) => row.status === 'cancelled' && typeof row.settings.stop_reason !== 'string',
  );
  const plan: Plan =
    root.status !== 'running' || userCancelled
      ? { done: true, report: reportSoFar(settings, steps), status: 'completed' }
      : settings.arrival === 'sweep'
        ? planSweep(settings, steps)
        : planSearch(settings, steps);
  const base = { ...(await computeBenchmarkSummary(tx, root.id, settings)), ...(await totalsOf(tx, rows)) };
  if ('load' in plan) {
    const found = await selectScenarioWithAutomation(tx, root.scenario_id);
    if (found) {
      const { load } = plan;
      const { iterations: _iterations, duration_s: _duration, ...step } = load;
      const { benchmark } = await insertBenchmarkWithRuns(
        tx,
        found,
        stepInput(root, settings, load, rows.length),
        {
          source: settings.source,
          trigger: 'benchmark',
          series: { of: root.id, step: { ...step, index: rows.length } },
        },
      );
      outcome.drive.push(benchmark.id);
      await updateBenchmarkSummary(tx, root.id, { ...base, ...reportSoFar(settings, steps) });
      return outcome;
    }
  }
  const status =
    root.status !== 'running' || userCancelled ? 'cancelled' : 'done' in plan ? plan.status : 'failed';
  const finished = await finishBenchmark(tx, root.id, {
    status,
    summary: { ...base, ...('done' in plan ? plan.report : reportSoFar(settings, steps)) },
    threshold_results: [],
  });
  if (finished) {
    outcome.benchmark = finished;
    outcome.finished = true;
  }
  return outcome;
}
