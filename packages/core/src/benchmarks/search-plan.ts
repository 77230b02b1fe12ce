/**
 * The saturation search (arrival `search`), as pure decisions over the batches run so far:
 * double the load from `start` until a probe fails, then bisect between the highest load that
 * passed and the lowest that failed. Each probe is judged by the 95 % Wilson interval of its
 * SLO attainment: it fails when the interval's upper bound is below the target, passes when its
 * lower bound reaches the target, and is otherwise run again (another batch of runs at the same
 * load, pooled) until `max_runs_per_probe`, where the point estimate decides.
 */
import { wilsonInterval } from '@tfbench/domain/statistics';
import type { SearchSettings } from './series-settings.js';

/** One batch of runs at one load: a step benchmark of the search. */
export interface SearchBatch {
  value: number;
  benchmark_id: number;
  /** Runs meeting the SLO, and runs with an outcome. */
  good: number;
  n: number;
}

export type ProbeVerdict = 'pass' | 'fail' | 'undecided';

/** One load probed, its batches pooled. */
export interface SearchProbe {
  value: number;
  runs: number;
  good: number;
  attainment: number | null;
  /** The 95 % Wilson interval of the attainment. */
  ci: [number, number];
  verdict: ProbeVerdict;
  /** Decided by the interval, or by the point estimate once max_runs_per_probe was reached. */
  decided_by: 'interval' | 'estimate' | null;
  benchmark_ids: number[];
}

export interface Saturation {
  over: SearchSettings['over'];
  target_attainment: number;
  /** The highest load that passed; null when even the lowest probed failed. */
  value: number | null;
  /** The highest passing and the lowest failing load: the knee lies between (null: not found). */
  ci: [number | null, number | null];
  probes: SearchProbe[];
  /** Why the search ended. */
  ended: 'converged' | 'max_reached' | 'min_failed' | 'max_probes' | null;
}

export type SearchDecision = { next: number } | { done: Saturation['ended'] };

function judge(probe: Omit<SearchProbe, 'verdict' | 'decided_by'>, settings: SearchSettings): SearchProbe {
  const target = settings.target_attainment;
  if (probe.runs > 0 && probe.ci[1] < target) return { ...probe, verdict: 'fail', decided_by: 'interval' };
  if (probe.runs > 0 && probe.ci[0] >= target) return { ...probe, verdict: 'pass', decided_by: 'interval' };
  if (probe.runs < settings.max_runs_per_probe) return { ...probe, verdict: 'undecided', decided_by: null };
  const passed = probe.attainment !== null && probe.attainment >= target;
  return { ...probe, verdict: passed ? 'pass' : 'fail', decided_by: 'estimate' };
}

/** Consecutive batches at one load pooled into probes, each judged. */
export function searchProbes(batches: readonly SearchBatch[], settings: SearchSettings): SearchProbe[] {
  const pooled: Array<Omit<SearchProbe, 'verdict' | 'decided_by' | 'ci' | 'attainment'>> = [];
  for (const batch of batches) {
    const last = pooled.at(-1);
    if (last && last.value === batch.value) {
      last.runs += batch.n;
      last.good += batch.good;
      last.benchmark_ids.push(batch.benchmark_id);
    } else {
      pooled.push({
        value: batch.value,
        runs: batch.n,
        good: batch.good,
        benchmark_ids: [batch.benchmark_id],
      });
    }
  }
  return pooled.map((probe) => {
    const interval = wilsonInterval(probe.good, probe.runs);
    return judge({ ...probe, attainment: interval.estimate, ci: [interval.lower, interval.upper] }, settings);
  });
}

/** The lowest load a search may probe. */
function floorOf(settings: SearchSettings): number {
  return settings.over === 'concurrency' ? 1 : 0.001;
}

function roundLoad(value: number, settings: SearchSettings): number {
  if (settings.over === 'concurrency') return Math.max(1, Math.floor(value));
  return Math.max(floorOf(settings), Number(value.toPrecision(6)));
}

/** The highest pass below the lowest fail, and that fail. */
function bracket(probes: readonly SearchProbe[]): { low: number | null; high: number | null } {
  const fails = probes.filter((probe) => probe.verdict === 'fail').map((probe) => probe.value);
  const high = fails.length > 0 ? Math.min(...fails) : null;
  const passes = probes
    .filter((probe) => probe.verdict === 'pass' && (high === null || probe.value < high))
    .map((probe) => probe.value);
  return { low: passes.length > 0 ? Math.max(...passes) : null, high };
}

function converged(low: number, high: number, settings: SearchSettings): boolean {
  if (settings.over === 'concurrency') return high - low <= 1;
  return high - low <= settings.tolerance * high;
}

/**
 * What the search does next, given its probes so far: the load of the next batch, or why it
 * is over.
 *
 * @example
 * // Nothing run yet: probe `start`.
 * nextSearchStep([], settings); // { next: 1 }
 */
export function nextSearchStep(probes: readonly SearchProbe[], settings: SearchSettings): SearchDecision {
  const last = probes.at(-1);
  if (!last) return { next: settings.start };
  if (last.verdict === 'undecided') return { next: last.value };
  if (probes.length >= settings.max_probes) return { done: 'max_probes' };
  const { low, high } = bracket(probes);
  if (high === null) {
    if (low === null) return { next: settings.start };
    if (low >= settings.max) return { done: 'max_reached' };
    return { next: Math.min(settings.max, roundLoad(low * 2, settings)) };
  }
  if (low === null) {
    if (high <= floorOf(settings)) return { done: 'min_failed' };
    const next = roundLoad(high / 2, settings);
    return next >= high ? { done: 'min_failed' } : { next };
  }
  if (converged(low, high, settings)) return { done: 'converged' };
  const next = roundLoad((low + high) / 2, settings);
  return next <= low || next >= high ? { done: 'converged' } : { next };
}

/** The search's result as it stands. */
export function saturationOf(
  probes: SearchProbe[],
  settings: SearchSettings,
  ended: Saturation['ended'],
): Saturation {
  const { low, high } = bracket(probes);
  return {
    over: settings.over,
    target_attainment: settings.target_attainment,
    value: low,
    ci: [low, high],
    probes,
    ended,
  };
}
