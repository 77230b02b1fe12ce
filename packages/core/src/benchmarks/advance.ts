/**
 * The benchmark driver's one step: look at the benchmark's runs and do whatever is due —
 * dispatch runs, start the measured phase, enforce duration_s, finish the benchmark. Every
 * trigger (the benchmark.drive job, the end of any of its runs, the supervisor) calls the same
 * step, and it is idempotent: it decides from the table, under a row lock on the benchmark, so
 * two processes finishing runs at the same moment take turns and a repeated call does nothing
 * the first did not already do.
 *
 * Closed arrival keeps `concurrency` runs in flight: a run is in flight from its dispatch
 * (`dispatched_at`) until it ends, and each step tops the in-flight count back up to
 * `concurrency`, so the end of one run starts exactly one more. In the measured phase the
 * process that executed a run stops counting it once its upstream request has ended, before
 * its outcome is stored (see ended-runs.ts). Warm-up runs go first, in the same way; the
 * measured phase starts when the last of them has been stored.
 *
 * Open arrivals (constant, poisson) get their whole send schedule when the measured phase
 * starts (`runs.intended_start_at`, from a seeded PRNG), and each step hands the runs due in
 * the next few seconds to the queue as delayed jobs, then asks to be called again. The
 * concurrency cap of open arrivals is enforced when a run starts (admit-run.ts).
 */
import type { Executor } from '../db/database.js';
import type { Benchmark, Run } from '../db/schema.js';
import { QUEUE_LEAD_MS, queueDelayFor } from '../engine/queue-lead.js';
import { countInFlightBenchmarkRuns } from '../repositories/benchmark-run-counts.js';
import {
  type ClaimAhead,
  claimBenchmarkRuns,
  selectFirstOpenBenchmarkRun,
  selectNextUndispatchedIntendedStart,
  setIntendedStartTimes,
  topUpClosedBenchmark,
} from '../repositories/benchmark-runs-dispatch.js';
import { BENCHMARK_RUN_ERROR_CODES, cancelPendingBenchmarkRuns } from '../repositories/benchmark-runs-end.js';
import {
  finishBenchmark,
  markMeasurementStarted,
  selectBenchmarkById,
  selectBenchmarkForUpdate,
} from '../repositories/benchmarks.js';
import { selectDatabaseNow } from '../repositories/database-clock.js';
import { resetUnstartedRun } from '../repositories/runs-lifecycle.js';
import { arrivalOffsetsMs } from './arrival-schedule.js';
import { closedTargetAt } from './closed-ramp.js';
import { continueRepeats } from './continue-repeats.js';
import { stopAtCostCap } from './cost-cap.js';
import type { BenchmarkDeps } from './deps.js';
import { stopOnConditions } from './early-stop.js';
import { enqueueDispatched } from './enqueue-dispatched.js';
import { rampedArrivalOffsetsMs } from './load-profile.js';
import { publishBenchmarkProgress } from './progress.js';
import { decideSeriesStep } from './series.js';
import { type BenchmarkSettings, isSeriesArrival, readBenchmarkSettings } from './settings.js';
import { computeBenchmarkSummary } from './summary.js';
import { evaluateBenchmarkThresholds } from './thresholds.js';
import { builtInChecks } from './verdict.js';

/** Open arrivals: runs are handed to the queue this long before their intended send time. */
export const DISPATCH_AHEAD_MS = 5_000;
/**
 * Open arrivals: the schedule starts this long after the decision to start it, so that the
 * first runs too reach a worker the whole queue lead before they fall due (and are claimed
 * and held there, like every later one), with time for the step to enqueue them.
 */
export const SCHEDULE_LEAD_MS = QUEUE_LEAD_MS + 250;
/** Open arrivals: most runs handed to the queue in one step (the next step takes the rest). */
const MAX_OPEN_DISPATCH = 2_000;

/**
 * What asked for the step: the driver (its job, a scheduled slice, the supervisor) or the end
 * of one of the benchmark's runs. An open schedule is handed out by the clock, on driver
 * steps only, so that the end of each of thousands of runs does not scan the schedule again.
 */
export type StepTrigger = 'drive' | 'run-finished';

/** What one step decided, carried out after its transaction committed. */
interface Step {
  benchmark: Benchmark;
  /**
   * Runs claimed for dispatch, with their delay (open arrivals: until the intended send time);
   * `claimed` when the step also claimed the run for a job of this process (see ClaimAhead).
   */
  dispatch: DispatchedRun[];
  /** Later steps to schedule: the next slice of an open schedule, the closed duration_s deadline. */
  later: Array<{ delayMs: number; jobId: string }>;
  /** The benchmark ended in this step (summary and thresholds stored). */
  finished: boolean;
  /** Other benchmarks to drive: the step a sweep or a search just created. */
  drive: number[];
}

/** What the closed top-up asks of this process as it runs (see topUpClosedBenchmark). */
interface AskedAtDispatch {
  claimAhead: () => ClaimAhead | undefined;
  endedRuns: () => number[];
}

/** A run a step dispatched (see Step.dispatch). */
export interface DispatchedRun {
  runId: number;
  delayMs: number;
  /** An open arrival's intended send time (epoch ms). */
  intendedStartMs?: number;
  claimed?: Run;
}

/**
 * Advance a benchmark by one step (see the module comment). Returns the benchmark as it stands
 * after the step, or undefined when there is none with this id.
 */
export async function advanceBenchmark(
  deps: BenchmarkDeps,
  benchmarkId: number,
  trigger: StepTrigger = 'drive',
): Promise<Benchmark | undefined> {
  // Asked when the runs are dispatched, inside the step: how many jobs wait for one now, and
  // which runs of this process have ended upstream with their outcome not yet stored.
  const asked: AskedAtDispatch = {
    claimAhead: () => deps.handOver?.claimAhead(benchmarkId),
    endedRuns: () => deps.endedRuns?.of(benchmarkId) ?? [],
  };
  const step = await deps.db.db.transaction((tx) => decideStep(tx, benchmarkId, trigger, asked));
  if (!step) return undefined;
  await carryOut(deps, step);
  return step.benchmark;
}

async function decideStep(
  tx: Executor,
  benchmarkId: number,
  trigger: StepTrigger,
  asked: AskedAtDispatch,
): Promise<Step | undefined> {
  const benchmark = await selectBenchmarkForUpdate(tx, benchmarkId);
  if (!benchmark) return undefined;
  const step: Step = { benchmark, dispatch: [], later: [], finished: false, drive: [] };
  // Not started yet (the drive job starts it), or over: nothing to do.
  if (benchmark.status === 'pending' || benchmark.finished_at) return step;
  const settings = readBenchmarkSettings(benchmark.settings);
  if (isSeriesArrival(settings.arrival)) {
    const series = await decideSeriesStep(tx, benchmark, settings);
    return { ...step, benchmark: series.benchmark, finished: series.finished, drive: series.drive };
  }
  const stopped = await stopAtCostCap(tx, benchmark, settings);
  if (stopped) step.benchmark = stopped;
  else {
    // A judgement of stop_on may only record how far it got: the benchmark carries on.
    const judged = await stopOnConditions(tx, benchmark, settings);
    if (judged) step.benchmark = judged;
    if (step.benchmark.status === 'running' && typeof step.benchmark.settings.stop_reason !== 'string') {
      await dispatchDueRuns(tx, step.benchmark, settings, step, trigger, asked);
    }
  }
  // A step that dispatched runs leaves open runs behind: the benchmark cannot be over.
  if (step.dispatch.length > 0) return step;
  const finished = await finishIfSettled(tx, step.benchmark, settings);
  if (finished) {
    step.benchmark = finished;
    step.finished = true;
  }
  return step;
}

/**
 * When every run of a (locked, started) benchmark has ended: store its summary and threshold
 * results and finish it — `completed`, or `cancelled` if it was cancelled. Undefined while runs
 * are still open or when it was finished already.
 */
async function finishIfSettled(
  tx: Executor,
  benchmark: Benchmark,
  settings: BenchmarkSettings,
): Promise<Benchmark | undefined> {
  if (benchmark.finished_at || benchmark.status === 'pending') return undefined;
  if (isSeriesArrival(settings.arrival)) {
    const series = await decideSeriesStep(tx, benchmark, settings);
    return series.finished ? series.benchmark : undefined;
  }
  if (await selectFirstOpenBenchmarkRun(tx, benchmark.id)) return undefined;
  const [summary, thresholdResults] = await Promise.all([
    computeBenchmarkSummary(tx, benchmark.id, settings),
    evaluateBenchmarkThresholds(tx, benchmark.id, settings.thresholds, settings.slo),
  ]);
  return finishBenchmark(tx, benchmark.id, {
    status: benchmark.status === 'running' ? 'completed' : benchmark.status,
    summary: { ...summary },
    threshold_results: [...thresholdResults, ...builtInChecks(settings, summary)],
  });
}

/**
 * Finish a benchmark whose runs have all ended (see finishIfSettled), without dispatching
 * anything: what a cancel needs, and all it needs is the database. Returns the benchmark.
 */
export async function settleBenchmark(
  deps: Pick<BenchmarkDeps, 'db' | 'bus' | 'logger'>,
  benchmarkId: number,
): Promise<Benchmark | undefined> {
  const result = await deps.db.db.transaction(async (tx) => {
    const benchmark = await selectBenchmarkForUpdate(tx, benchmarkId);
    if (!benchmark) return undefined;
    const finished = await finishIfSettled(tx, benchmark, readBenchmarkSettings(benchmark.settings));
    return { benchmark: finished ?? benchmark, finished: finished !== undefined };
  });
  if (result?.finished) {
    publishBenchmarkProgress(deps, result.benchmark, { immediate: true });
    // The last step of a cancelled sweep or search lets the series finish too.
    const seriesOf = readBenchmarkSettings(result.benchmark.settings).series_of;
    if (seriesOf !== null) await settleBenchmark(deps, seriesOf);
  }
  return result?.benchmark;
}

async function dispatchDueRuns(
  tx: Executor,
  benchmark: Benchmark,
  settings: BenchmarkSettings,
  step: Step,
  trigger: StepTrigger,
  asked: AskedAtDispatch,
): Promise<void> {
  const id = benchmark.id;
  const openArrival = settings.arrival !== 'closed';
  if (!openArrival && benchmark.measurement_started_at) {
    // The steady state of closed arrival (one run ended, one starts): one statement. When it
    // claims nothing — all slots busy, a deadline, the tail — the full path below decides.
    const deadline =
      settings.duration_s === null
        ? null
        : new Date(benchmark.measurement_started_at.getTime() + settings.duration_s * 1000);
    const target = await closedTargetNow(tx, benchmark.measurement_started_at, settings, step);
    const claimed = await topUpClosedBenchmark(
      tx,
      id,
      target,
      deadline,
      asked.endedRuns(),
      asked.claimAhead(),
    );
    for (const run of claimed) step.dispatch.push({ runId: run.id, delayMs: 0, claimed: run.claimed });
    if (claimed.length > 0) return;
  }
  const firstOpen = await selectFirstOpenBenchmarkRun(tx, id);
  // Everything has ended (or been handed out): nothing to dispatch.
  if (!firstOpen) return;
  // Open arrivals dispatch by the clock, so only closed arrival and warm-ups need the count.
  const inFlight = openArrival && !firstOpen.is_warmup ? 0 : await countInFlightBenchmarkRuns(tx, id);
  if (firstOpen.is_warmup) {
    const claimed = await claimBenchmarkRuns(tx, id, {
      warmup: true,
      limit: settings.concurrency - inFlight,
    });
    for (const run of claimed) step.dispatch.push({ runId: run.id, delayMs: 0 });
    return;
  }

  let start = benchmark.measurement_started_at;
  if (!start) {
    start = await beginMeasurement(tx, benchmark, settings, step);
  } else if (openArrival && trigger === 'run-finished') {
    return;
  }
  const now = await selectDatabaseNow(tx);
  const deadline = settings.duration_s === null ? null : start.getTime() + settings.duration_s * 1000;
  if (deadline !== null && now.getTime() >= deadline) {
    // Over time: what has not been handed out yet never will be. Runs in flight finish.
    await cancelPendingBenchmarkRuns(tx, id, {
      undispatchedOnly: true,
      error_code: BENCHMARK_RUN_ERROR_CODES.durationElapsed,
      error: `not started within the benchmark's duration_s of ${settings.duration_s} s`,
    });
    return;
  }

  if (!openArrival) {
    const target = await closedTargetNow(tx, start, settings, step, now);
    const claimed = await claimBenchmarkRuns(tx, id, {
      warmup: false,
      limit: Math.max(0, target - inFlight),
    });
    for (const run of claimed) step.dispatch.push({ runId: run.id, delayMs: 0 });
    return;
  }

  const claimed = await claimBenchmarkRuns(tx, id, {
    warmup: false,
    limit: MAX_OPEN_DISPATCH,
    intendedBefore: new Date(now.getTime() + DISPATCH_AHEAD_MS),
  });
  for (const run of claimed) {
    const intended = run.intended_start_at?.getTime() ?? now.getTime();
    step.dispatch.push({
      runId: run.id,
      delayMs: queueDelayFor(intended, now.getTime()),
      intendedStartMs: intended,
    });
  }
  const next = await selectNextUndispatchedIntendedStart(tx, id);
  if (next) {
    step.later.push({
      delayMs: Math.max(0, next.getTime() - now.getTime() - DISPATCH_AHEAD_MS / 2),
      jobId: `benchmark-${id}-at-${next.getTime()}`,
    });
  }
}

/**
 * Start the measured phase: record when, and for open arrivals lay out the whole schedule
 * (and cancel arrivals that fall after duration_s). For closed arrival with duration_s, ask for
 * a step at the deadline, when the runs not yet handed out are cancelled.
 */
async function beginMeasurement(
  tx: Executor,
  benchmark: Benchmark,
  settings: BenchmarkSettings,
  step: Step,
): Promise<Date> {
  const id = benchmark.id;
  const openArrival = settings.arrival !== 'closed';
  const start =
    (await markMeasurementStarted(tx, id, openArrival ? SCHEDULE_LEAD_MS : 0)) ??
    // Only reachable if the row lock was not held; read what the other writer stored.
    (await selectBenchmarkById(tx, id))?.measurement_started_at ??
    new Date();
  if (openArrival && (settings.rate_per_s !== null || settings.stages !== null)) {
    const offsets = openScheduleOf(settings);
    await setIntendedStartTimes(tx, id, start, offsets);
    if (settings.duration_s !== null) {
      await cancelPendingBenchmarkRuns(tx, id, {
        undispatchedOnly: true,
        intendedAtOrAfter: new Date(start.getTime() + settings.duration_s * 1000),
        error_code: BENCHMARK_RUN_ERROR_CODES.durationElapsed,
        error: `its arrival falls after the benchmark's duration_s of ${settings.duration_s} s`,
      });
    }
  } else if (settings.duration_s !== null) {
    // A little after the deadline, so that the step sees it passed on the database clock.
    step.later.push({ delayMs: settings.duration_s * 1000 + 50, jobId: `benchmark-${id}-deadline` });
  }
  step.benchmark = { ...benchmark, measurement_started_at: start };
  return start;
}

/** The intended send offsets of an open-arrival benchmark: steady or ramping. */
function openScheduleOf(settings: BenchmarkSettings): number[] {
  const arrival = settings.arrival as 'constant' | 'poisson';
  if (settings.stages) {
    return rampedArrivalOffsetsMs({
      arrival,
      stages: settings.stages,
      start_rate: settings.start_target ?? 0,
      max_count: settings.iterations,
      seed: settings.seed,
    });
  }
  return arrivalOffsetsMs({
    arrival,
    rate_per_s: settings.rate_per_s ?? 1,
    count: settings.iterations,
    seed: settings.seed,
  });
}

/**
 * A closed benchmark's runs-in-flight target now. With stages, also asks for a step when the
 * target next changes (one job per change: its id makes repeated asks one job).
 */
async function closedTargetNow(
  tx: Executor,
  start: Date,
  settings: BenchmarkSettings,
  step: Step,
  now?: Date,
): Promise<number> {
  if (!settings.stages) return settings.concurrency;
  const at = (now ?? (await selectDatabaseNow(tx))).getTime();
  const { target, nextChangeAt } = closedTargetAt(settings, start.getTime(), at);
  if (nextChangeAt !== null) {
    step.later.push({
      delayMs: Math.max(0, nextChangeAt - at),
      jobId: `benchmark-${step.benchmark.id}-ramp-${nextChangeAt}`,
    });
  }
  return target;
}

/**
 * Runs the step claimed for jobs of this process that no job took after all (one stopped
 * waiting meanwhile, or the process stopped being the only worker): pending again, so that
 * the queue's job claims and executes them. One that cannot be given back stays running
 * for this worker without an execution; the reconciler recovers it once its heartbeat is
 * stale, like the run of a process that died.
 */
async function giveBackClaims(deps: BenchmarkDeps, left: readonly DispatchedRun[]): Promise<void> {
  for (const { runId, claimed } of left) {
    if (!claimed?.worker_id) continue;
    await resetUnstartedRun(deps.db.db, runId, claimed.worker_id).catch((error: unknown) =>
      deps.logger?.warn({ run_id: runId, err: error }, 'could not give back a claimed benchmark run'),
    );
  }
}

/**
 * Hand what the step claimed to the jobs of this process waiting for a run of the benchmark
 * (see run-hand-over.ts), and enqueue the rest. A failed enqueue is logged, not retried here:
 * the claimed run is pending with dispatched_at set, which the engine's reconciler re-enqueues,
 * and a missed later step is made up by the supervisor (see `superviseBenchmarks`).
 */
async function carryOut(deps: BenchmarkDeps, step: Step): Promise<void> {
  const id = step.benchmark.id;
  if (deps.handOver) {
    const { now, later } = deps.handOver.handOut(id, step.dispatch);
    await giveBackClaims(deps, now);
    await enqueueDispatched(deps, id, now);
    void later.then((left) => enqueueDispatched(deps, id, left));
  } else {
    await enqueueDispatched(deps, id, step.dispatch);
  }
  for (const benchmarkId of step.drive) {
    try {
      await deps.queue.enqueue('benchmark.drive', { benchmark_id: benchmarkId });
    } catch (error) {
      deps.logger?.warn(
        { benchmark_id: benchmarkId, err: error },
        'could not start the next step of a series',
      );
    }
  }
  for (const { delayMs, jobId } of step.later) {
    try {
      await deps.queue.enqueue('benchmark.drive', { benchmark_id: id }, { jobId, delayMs });
    } catch (error) {
      deps.logger?.warn({ benchmark_id: id, err: error }, 'could not schedule the next benchmark step');
    }
  }
  publishBenchmarkProgress(deps, step.benchmark, { immediate: step.finished });
  if (step.finished) {
    try {
      await continueRepeats(deps, step.benchmark);
    } catch (error) {
      deps.logger?.warn({ benchmark_id: id, err: error }, 'could not continue the repeats of a benchmark');
    }
    await deps.onBenchmarkFinished?.(step.benchmark);
    const seriesOf = readBenchmarkSettings(step.benchmark.settings).series_of;
    if (seriesOf !== null) await advanceBenchmark(deps, seriesOf);
  }
}
