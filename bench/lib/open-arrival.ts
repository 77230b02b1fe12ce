/**
 * The open-arrival phase of the engine bench (Proposal 4 of docs/performance.md, "Run engine throughput").
 *
 * The closed loop keeps `concurrency` runs in flight against a zero-delay upstream, so it
 * saturates whatever is slowest, and its dispatch latency is then the queue in front of
 * that (Little's law), whatever the engine does. This phase asks the other question: at a
 * rate the engine can sustain — a fraction of the runs/s the closed loop just measured, on
 * the same runtime and database — how long does a run wait between being due and being
 * claimed by a worker? It is the product's own `constant` arrival mode, created through the
 * same `createBenchmark` call, with a concurrency cap high enough not to limit the rate.
 *
 * What the runs table says about it (columns of packages/core/src/db/schema.ts):
 * - `intended_start_at`: the schedule's send time; `actual_start_at`: when the request was
 *   written; `started_at`: the worker's claim, made up to the queue lead (1 s) before the
 *   intended time. Schedule lag = actual − intended.
 * - `dispatched_at`: when the driver handed the run to the queue, up to `DISPATCH_AHEAD_MS`
 *   (5 s) before its intended time, as a delayed job. So `started_at − dispatched_at` would
 *   mostly measure that lead. A run is *due* at `max(dispatched_at, intended_start_at)`;
 *   dispatch latency here is `started_at − due`: negative for runs handed out ahead, whose
 *   claim comes before their intended time on purpose; the schedule figure is the lag.
 * - `error_code = ARRIVAL_DROPPED`: no slot within `max_lag_s` of the intended time.
 * - latency from intended send: lag + `total_duration_ms`, the product's coordinated-
 *   omission-free latency (`latency_from_intended_ms` of the benchmark summary).
 */
import { BENCHMARK_LIMITS, BENCHMARK_RUN_ERROR_CODES } from '@tfbench/core/benchmarks';
import type { DatabaseHandle } from '@tfbench/core/db';
import { runs } from '@tfbench/core/db';
import { and, eq, sql } from 'drizzle-orm';
import {
  type Distribution,
  distributionOf,
  type EngineTimings,
  epochMs,
  type RunInstants,
  runInstantColumns,
  summarizeRunInstants,
} from './run-timings.js';

/** The open phase as the command line asks for it. */
export interface OpenSettings {
  /** Rate as a share of the closed phase's runs/s (used unless `ratePerS` is set). */
  fraction: number;
  /** A fixed rate instead, runs/s. */
  ratePerS: number | null;
  /** Runs of the phase; null: {@link OPEN_DEFAULTS} (60 s worth, at most 3,000). */
  runs: number | null;
  /** The benchmark's concurrency cap. */
  concurrency: number;
}

export const OPEN_DEFAULTS = {
  fraction: 0.5,
  /** Default runs: this many seconds' worth at the phase's rate ... */
  seconds: 60,
  /** ... but no more than this. */
  maxRuns: 3_000,
  /** The benchmark API's cap (1,000), so that the rate, not the cap, decides. */
  concurrency: 1_000,
  maxRatePerS: BENCHMARK_LIMITS.maxRatePerS,
} as const;

/** The load the phase offers. */
export interface OpenLoad {
  arrival: 'constant';
  ratePerS: number;
  runs: number;
  concurrency: number;
  /** The closed phase's runs/s and the share taken of it; null when --open-rate fixed the rate. */
  ofClosed: { fraction: number; closedRunsPerSecond: number } | null;
}

/**
 * The open load after a closed phase that completed `closedRunsPerSecond`, or why there is
 * none (the closed phase completed nothing to take a fraction of).
 *
 * @example
 * planOpenLoad({ fraction: 0.5, ratePerS: null, runs: null, concurrency: 1000 }, 90.4);
 * // { arrival: 'constant', ratePerS: 45.2, runs: 2712, concurrency: 1000, ofClosed: {...} }
 */
export function planOpenLoad(
  settings: OpenSettings,
  closedRunsPerSecond: number,
): OpenLoad | { skipped: string } {
  let ratePerS: number;
  if (settings.ratePerS !== null) ratePerS = settings.ratePerS;
  else {
    if (!Number.isFinite(closedRunsPerSecond) || closedRunsPerSecond <= 0)
      return { skipped: 'the closed phase completed no run, so it gives no capacity to take a fraction of' };
    // One decimal: the benchmark stores it, and the report prints it.
    ratePerS = Math.min(
      OPEN_DEFAULTS.maxRatePerS,
      Math.max(0.1, Math.round(settings.fraction * closedRunsPerSecond * 10) / 10),
    );
  }
  const runs =
    settings.runs ??
    Math.min(OPEN_DEFAULTS.maxRuns, Math.max(1, Math.round(ratePerS * OPEN_DEFAULTS.seconds)));
  return {
    arrival: 'constant',
    ratePerS,
    runs,
    concurrency: settings.concurrency,
    ofClosed: settings.ratePerS === null ? { fraction: settings.fraction, closedRunsPerSecond } : null,
  };
}

/** A measured run of an open benchmark: the closed-phase instants plus its schedule. */
export interface OpenRunInstants extends RunInstants {
  /** intended_start_at, epoch ms (database clock). */
  intendedMs: number | null;
  /** actual_start_at, else started_at (as the benchmark summary reads it). */
  actualStartMs: number | null;
}

/** The measured (non-warm-up) runs of an open benchmark. */
export async function readOpenRunInstants(
  db: DatabaseHandle,
  benchmarkId: number,
): Promise<OpenRunInstants[]> {
  return db.db
    .select({
      ...runInstantColumns,
      intendedMs: epochMs(runs.intended_start_at),
      actualStartMs: epochMs(sql`coalesce(${runs.actual_start_at}, ${runs.started_at})`),
    })
    .from(runs)
    .where(and(eq(runs.benchmark_id, benchmarkId), eq(runs.is_warmup, false)));
}

export interface OpenTimings {
  /** Runs with an intended send time (every measured run, once the schedule was laid out). */
  scheduled: number;
  /** Ended unstarted for want of a slot within max_lag_s (ARRIVAL_DROPPED). */
  dropped: number;
  /** Runs the driver handed to the queue after their intended send time. */
  handedOutLate: number;
  /** First to last intended send time, ms. */
  scheduleSpanMs: number;
  /** actual_start_at − intended_start_at, every started run. */
  scheduleLagMs: Distribution;
  /** Started runs sent before their intended instant, and the earliest of them (ms, negative); null when none. */
  early: { count: number; earliestMs: number | null };
  /** Schedule lag + total_duration_ms, completed runs: latency as the user would see it. */
  fromIntendedMs: Distribution;
  /** finished_at − intended_start_at, completed runs: up to the stored outcome. */
  intendedToStoredMs: Distribution;
}

/**
 * The phase's figures. `timings` is {@link summarizeRunInstants} over the runs with each
 * run's due instant (max of dispatched_at and intended_start_at) in place of dispatched_at:
 * dispatch = started − due, residence = finished − due, the window runs from the first due
 * instant to the last finish, and runs/s is the rate achieved.
 */
export function summarizeOpenRuns(rows: readonly OpenRunInstants[]): {
  timings: EngineTimings;
  open: OpenTimings;
} {
  const lag: number[] = [];
  const fromIntended: number[] = [];
  const toStored: number[] = [];
  let scheduled = 0;
  let dropped = 0;
  let handedOutLate = 0;
  let early = 0;
  let earliest: number | null = null;
  let firstIntended = Number.POSITIVE_INFINITY;
  let lastIntended = Number.NEGATIVE_INFINITY;
  const due: RunInstants[] = [];
  for (const row of rows) {
    if (row.errorCode === BENCHMARK_RUN_ERROR_CODES.dropped) dropped++;
    const { intendedMs, actualStartMs, ...instants } = row;
    if (intendedMs === null) {
      due.push(instants);
      continue;
    }
    scheduled++;
    firstIntended = Math.min(firstIntended, intendedMs);
    lastIntended = Math.max(lastIntended, intendedMs);
    if (row.dispatchedMs !== null && row.dispatchedMs > intendedMs) handedOutLate++;
    // A run that never started (dropped, cancelled) was never due to a worker in this sense:
    // left out of dispatch, residence and the window's start, still counted as not completed.
    const dueMs = row.startedMs === null ? null : Math.max(row.dispatchedMs ?? intendedMs, intendedMs);
    due.push({ ...instants, dispatchedMs: dueMs });
    if (actualStartMs !== null) {
      const lagMs = actualStartMs - intendedMs;
      lag.push(lagMs);
      if (lagMs < 0) {
        early++;
        earliest = Math.min(earliest ?? 0, lagMs);
      }
      if (row.status === 'completed' && row.clientMs !== null) fromIntended.push(lagMs + row.clientMs);
    }
    if (row.status === 'completed' && row.finishedMs !== null) toStored.push(row.finishedMs - intendedMs);
  }
  return {
    timings: summarizeRunInstants(due),
    open: {
      scheduled,
      dropped,
      handedOutLate,
      scheduleSpanMs: scheduled > 0 ? lastIntended - firstIntended : Number.NaN,
      scheduleLagMs: distributionOf(lag),
      early: { count: early, earliestMs: earliest },
      fromIntendedMs: distributionOf(fromIntended),
      intendedToStoredMs: distributionOf(toStored),
    },
  };
}
