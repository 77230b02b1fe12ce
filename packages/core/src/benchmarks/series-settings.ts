/**
 * The `sweep` and `search` of a benchmark request (arrival `sweep` or `search`): a benchmark
 * that runs as a series of steps, each an ordinary closed or constant-rate benchmark of its own
 * (series.ts). Checked here and stored in the first benchmark's settings.
 */
import type { RunSlo } from '@tfbench/domain/thresholds';
import { SERIES_LIMITS } from '@tfbench/domain/vocabulary';
import { type IssueList, isPlainObject } from '../services/checks.js';
import { toSlo } from './slo-settings.js';

export { SERIES_LIMITS };

export const SEARCH_DEFAULTS = { start: 1, tolerance: 0.1, maxProbes: 20, runsPerProbeFactor: 4 } as const;

/** GuideLLM's sweep: a synchronous and a throughput probe, then `points` constant rates between. */
export interface SweepSettings {
  points: number;
  duration_s_per_point: number;
}

/** A saturation search: the highest load whose SLO attainment still reaches the target. */
export interface SearchSettings {
  target_attainment: number;
  over: 'rate' | 'concurrency';
  /** The first load probed. */
  start: number;
  /** The most load probed: concurrency is capped by the benchmark's concurrency. */
  max: number;
  /** Bisection ends once (high - low) <= tolerance * high (rate); for concurrency at high - low <= 1. */
  tolerance: number;
  max_probes: number;
  /** An undecided probe gets more batches of `iterations` runs up to this many runs. */
  max_runs_per_probe: number;
}

export interface SeriesRequest {
  arrival: string;
  sweep?: unknown;
  search?: unknown;
  slo?: unknown;
  iterations?: unknown;
  concurrency?: unknown;
  rate_per_s?: unknown;
  stages?: unknown;
  duration_s?: unknown;
  repeats?: unknown;
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function absent(value: unknown): boolean {
  return value === undefined || value === null;
}

function checkFields(
  field: string,
  value: Record<string, unknown>,
  known: readonly string[],
  issues: IssueList,
) {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) issues.add(`${field}.${key}`, `is not a field of ${field}`);
  }
}

function collectSweepIssues(sweep: unknown, issues: IssueList): void {
  if (!isPlainObject(sweep)) {
    issues.add('sweep', 'is required for sweep arrival: {"points", "duration_s_per_point"}');
    return;
  }
  checkFields('sweep', sweep, ['points', 'duration_s_per_point'], issues);
  const { points, duration_s_per_point: duration } = sweep;
  if (!Number.isInteger(points) || (points as number) < 2 || (points as number) > SERIES_LIMITS.maxPoints)
    issues.add(
      'sweep.points',
      `must be a whole number from 2 to ${SERIES_LIMITS.maxPoints} (the first point is at the synchronous rate, the last at the throughput rate)`,
    );
  const { minDurationSPerPoint: min, maxDurationSPerPoint: max } = SERIES_LIMITS;
  if (!isNumber(duration) || duration < min || duration > max)
    issues.add('sweep.duration_s_per_point', `must be a number of seconds from ${min} to ${max}`);
}

function collectSearchIssues(search: unknown, concurrency: unknown, issues: IssueList): void {
  if (!isPlainObject(search)) {
    issues.add('search', 'is required for search arrival: {"target_attainment", "over"}');
    return;
  }
  const known = [
    'target_attainment',
    'over',
    'start',
    'max',
    'tolerance',
    'max_probes',
    'max_runs_per_probe',
  ];
  checkFields('search', search, known, issues);
  const target = search.target_attainment;
  if (!isNumber(target) || target <= 0 || target >= 1)
    issues.add('search.target_attainment', 'must be a fraction above 0 and below 1, e.g. 0.95');
  const over = search.over;
  if (over !== 'rate' && over !== 'concurrency') {
    issues.add('search.over', 'must be one of rate, concurrency');
    return;
  }
  const cap = over === 'concurrency' && isNumber(concurrency) ? concurrency : SERIES_LIMITS.maxRatePerS;
  for (const key of ['start', 'max'] as const) {
    const value = search[key];
    if (absent(value)) continue;
    if (over === 'concurrency') {
      if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > cap)
        issues.add(
          `search.${key}`,
          `must be a whole number of runs in flight from 1 to concurrency (${cap})`,
        );
    } else if (!isNumber(value) || value < 0.001 || value > cap) {
      issues.add(`search.${key}`, `must be a number of arrivals per second from 0.001 to ${cap}`);
    }
  }
  const start = search.start ?? SEARCH_DEFAULTS.start;
  if (isNumber(search.max) && isNumber(start) && search.max < start)
    issues.add('search.max', 'must be at least search.start');
  const tolerance = search.tolerance;
  if (!absent(tolerance) && (!isNumber(tolerance) || tolerance <= 0 || tolerance >= 1))
    issues.add('search.tolerance', 'must be a fraction above 0 and below 1');
  const probes = search.max_probes;
  if (
    !absent(probes) &&
    (!Number.isInteger(probes) || (probes as number) < 1 || (probes as number) > SERIES_LIMITS.maxProbes)
  )
    issues.add('search.max_probes', `must be a whole number from 1 to ${SERIES_LIMITS.maxProbes}`);
  const runs = search.max_runs_per_probe;
  if (
    !absent(runs) &&
    (!Number.isInteger(runs) || (runs as number) < 1 || (runs as number) > SERIES_LIMITS.maxRunsPerProbe)
  )
    issues.add(
      'search.max_runs_per_probe',
      `must be a whole number from 1 to ${SERIES_LIMITS.maxRunsPerProbe}`,
    );
}

/** Issues of sweep and search and of the fields they rule out, each naming its field. */
export function collectSeriesIssues(input: SeriesRequest, issues: IssueList): void {
  const series = input.arrival === 'sweep' || input.arrival === 'search';
  if (!series) {
    if (!absent(input.sweep)) issues.add('sweep', 'applies only with "arrival": "sweep"');
    if (!absent(input.search)) issues.add('search', 'applies only with "arrival": "search"');
    return;
  }
  if (input.arrival === 'sweep') {
    collectSweepIssues(input.sweep, issues);
    if (!absent(input.search)) issues.add('search', 'applies only with "arrival": "search"');
  } else {
    collectSearchIssues(input.search, input.concurrency, issues);
    if (!absent(input.sweep)) issues.add('sweep', 'applies only with "arrival": "sweep"');
    if (absent(input.slo))
      issues.add('slo', 'is required for search arrival: the search judges SLO attainment');
  }
  const why = `does not apply to ${input.arrival} arrival, which sets the load of each step itself`;
  for (const field of ['rate_per_s', 'stages', 'duration_s'] as const) {
    if (!absent(input[field])) issues.add(field, why);
  }
  if (!absent(input.repeats) && input.repeats !== 1)
    issues.add('repeats', `does not apply to ${input.arrival} arrival`);
}

/** The stored sweep of a checked request. */
export function toSweepSettings(sweep: unknown): SweepSettings | null {
  if (!isPlainObject(sweep)) return null;
  return { points: sweep.points as number, duration_s_per_point: sweep.duration_s_per_point as number };
}

/** The stored search of a checked request, with defaults; `iterations` runs make one batch. */
export function toSearchSettings(
  search: unknown,
  concurrency: number,
  iterations: number,
): SearchSettings | null {
  if (!isPlainObject(search)) return null;
  const over = search.over as 'rate' | 'concurrency';
  const start = (search.start as number | null | undefined) ?? SEARCH_DEFAULTS.start;
  const max =
    (search.max as number | null | undefined) ??
    (over === 'concurrency' ? concurrency : SERIES_LIMITS.maxRatePerS);
  return {
    target_attainment: search.target_attainment as number,
    over,
    start: Math.min(start, max),
    max,
    tolerance: (search.tolerance as number | null | undefined) ?? SEARCH_DEFAULTS.tolerance,
    max_probes: (search.max_probes as number | null | undefined) ?? SEARCH_DEFAULTS.maxProbes,
    max_runs_per_probe:
      (search.max_runs_per_probe as number | null | undefined) ??
      Math.min(SERIES_LIMITS.maxRunsPerProbe, iterations * SEARCH_DEFAULTS.runsPerProbeFactor),
  };
}

/** A step of a series: which benchmark it belongs to and what load it ran. */
export interface SeriesStep {
  kind: 'synchronous' | 'throughput' | 'point' | 'probe';
  /** The step's place in the series, from 0. */
  index: number;
  /** Sweep points: the point's number, from 0. */
  point?: number;
  /** Offered load: arrivals per second (constant steps) or runs in flight (closed steps). */
  rate_per_s?: number;
  concurrency?: number;
}

/** The stored settings of sweeps, searches and their steps. */
export interface SeriesFields {
  /** Per-request SLO each run is judged by (attainment, goodput); null: none. */
  slo: RunSlo | null;
  sweep: SweepSettings | null;
  search: SearchSettings | null;
  /** A step of a sweep or a search: the id of the benchmark the user created. */
  series_of: number | null;
  series_step: SeriesStep | null;
}

/** The stored series fields of a checked request. */
export function toSeriesFields(
  input: SeriesRequest,
  concurrency: number,
  iterations: number,
): Omit<SeriesFields, 'series_of' | 'series_step'> {
  return {
    slo: toSlo(input.slo),
    sweep: input.arrival === 'sweep' ? toSweepSettings(input.sweep) : null,
    search: input.arrival === 'search' ? toSearchSettings(input.search, concurrency, iterations) : null,
  };
}

/** The series fields stored with a benchmark; null for benchmarks stored before them. */
export function readSeriesFields(settings: Partial<SeriesFields>): SeriesFields {
  return {
    slo: settings.slo ?? null,
    sweep: settings.sweep ?? null,
    search: settings.search ?? null,
    series_of: settings.series_of ?? null,
    series_step: settings.series_step ?? null,
  };
}
