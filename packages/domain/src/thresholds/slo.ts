/**
 * Per-request service-level objectives (docs/metrics.md, "SLOs, attainment and goodput"): a
 * run is good when it completed and met every bound the SLO gives. Attainment is the share of
 * runs with an outcome that are good; goodput is good runs per second of the measurement
 * window. The per-run figures are the stored ones, so both can be recomputed at any time.
 */
import { OUTCOME_RUN_STATUSES } from '../model/index.js';
import { SLO_BOUNDS } from '../vocabulary/index.js';

/** The figures of a run an SLO reads: a subset of the threshold language's ThresholdRun. */
export interface SloRun {
  status: string;
  total_duration_ms?: number | null;
  ttft_ms?: number | null;
  inter_token_stats?: { mean?: number | null } | null;
  token_metrics?: { tpot_ms?: number | null } | null;
  started_at?: Date | string | null;
  finished_at?: Date | string | null;
}

export { SLO_BOUNDS };
export type SloBound = (typeof SLO_BOUNDS)[number];

/** Upper bounds a good run stays within; an absent bound is not judged. */
export type RunSlo = Partial<Record<SloBound, number>>;

/**
 * The run's figure a bound judges: time to first token (the first PROGRESS event), the
 * request's mean inter-token latency (`inter_token_stats.mean`, as GuideLLM and AIPerf define
 * per-request ITL), time per output token (`token_metrics.tpot_ms`), total duration.
 */
function figureOf(run: SloRun, bound: SloBound): number | null | undefined {
  switch (bound) {
    case 'ttft_ms':
      return run.ttft_ms;
    case 'itl_ms':
      return run.inter_token_stats?.mean;
    case 'tpot_ms':
      return run.token_metrics?.tpot_ms;
    case 'total_ms':
      return run.total_duration_ms;
  }
}

/**
 * Whether a run is good under `slo`: completed, and within every bound given. A run without
 * the figure a bound judges (no token timing, a single chunk) is not good: nothing shows it
 * met the bound.
 *
 * @example
 * meetsSlo({ status: 'completed', ttft_ms: 120 }, { ttft_ms: 500 }); // true
 * meetsSlo({ status: 'failed', ttft_ms: 120 }, { ttft_ms: 500 }); // false
 */
export function meetsSlo(run: SloRun, slo: RunSlo): boolean {
  if (run.status !== 'completed') return false;
  for (const bound of SLO_BOUNDS) {
    const limit = slo[bound];
    if (limit === undefined) continue;
    const value = figureOf(run, bound);
    if (typeof value !== 'number' || !Number.isFinite(value) || value > limit) return false;
  }
  return true;
}

const OUTCOMES: ReadonlySet<string> = new Set(OUTCOME_RUN_STATUSES);

/** Good runs and runs with an outcome (completed, failed, timeout) in `runs`. */
export function countGoodRuns(runs: readonly SloRun[], slo: RunSlo): { good: number; n: number } {
  let good = 0;
  let n = 0;
  for (const run of runs) {
    if (!OUTCOMES.has(run.status)) continue;
    n++;
    if (meetsSlo(run, slo)) good++;
  }
  return { good, n };
}

function epochMs(value: Date | string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

/**
 * Seconds from the first start to the last finish of the runs with an outcome: the
 * measurement window goodput and throughput are taken over. Null when unknown or empty.
 */
export function measurementWindowS(runs: readonly SloRun[]): number | null {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const run of runs) {
    if (!OUTCOMES.has(run.status)) continue;
    const start = epochMs(run.started_at);
    const end = epochMs(run.finished_at);
    if (start !== null) first = Math.min(first, start);
    if (end !== null) last = Math.max(last, end);
  }
  return last > first ? (last - first) / 1000 : null;
}
