/**
 * The sweep, search and SLO part of the benchmark form: what is typed, its checks (in the API's
 * words, so a message reads the same whether the browser or the server caught it) and the
 * request fields it makes.
 */
import { type BenchmarkCreate, MAX_SLO_MS, SERIES_LIMITS, SLO_BOUNDS } from '@tfbench/contract';
import { parseOptionalNumber } from '@/lib/json-input';

export type SloBound = (typeof SLO_BOUNDS)[number];
export type SearchOver = 'rate' | 'concurrency';

/** The form keys of the SLO bounds, one per bound of the request's `slo`. */
export const SLO_KEYS = {
  ttft_ms: 'sloTtftMs',
  itl_ms: 'sloItlMs',
  tpot_ms: 'sloTpotMs',
  total_ms: 'sloTotalMs',
} as const satisfies Record<SloBound, string>;

export interface SeriesFormState {
  sweepPoints: string;
  sweepDurationS: string;
  searchTarget: string;
  searchOver: SearchOver;
  searchStart: string;
  searchMax: string;
  sloTtftMs: string;
  sloItlMs: string;
  sloTpotMs: string;
  sloTotalMs: string;
}

export const initialSeriesState = (): SeriesFormState => ({
  sweepPoints: '5',
  sweepDurationS: '30',
  searchTarget: '0.95',
  searchOver: 'rate',
  searchStart: '',
  searchMax: '',
  sloTtftMs: '',
  sloItlMs: '',
  sloTpotMs: '',
  sloTotalMs: '',
});

/** Whether an arrival runs as a series of step benchmarks rather than one load. */
export function isSeriesArrival(arrival: string): arrival is 'sweep' | 'search' {
  return arrival === 'sweep' || arrival === 'search';
}

type Fields = Pick<BenchmarkCreate, 'sweep' | 'search' | 'slo'>;

export interface SeriesChecked {
  errors: Partial<Record<keyof SeriesFormState, string>>;
  fields: Fields;
}

/** Words the dialog shows beside a search's SLO fields when neither it nor the scenario gives one. */
export const SEARCH_NEEDS_SLO =
  'A search judges SLO attainment: give at least one bound here (the scenario sets none).';

/**
 * Checks the sweep or search fields (by `arrival`) and the SLO, and builds their request fields.
 * `scenarioSlo` says whether the scenario's run_settings carry an SLO, which a search may use.
 */
export function checkSeries(
  s: SeriesFormState,
  arrival: string,
  concurrency: number | undefined,
  scenarioSlo: boolean,
): SeriesChecked {
  const errors: SeriesChecked['errors'] = {};
  const fields: Fields = {};
  // The API's own words for each field, so a message reads the same from either side.
  const num = (
    key: keyof SeriesFormState,
    range: { min: number; max: number; integer?: boolean },
    message: string,
  ) => {
    const parsed = parseOptionalNumber(String(s[key]), range);
    if (parsed.ok) return parsed.value;
    errors[key] = message;
    return undefined;
  };
  const slo: NonNullable<Fields['slo']> = {};
  for (const bound of SLO_BOUNDS) {
    const key = SLO_KEYS[bound];
    const parsed = parseOptionalNumber(s[key], { min: 0, max: MAX_SLO_MS, integer: false });
    if (!parsed.ok || parsed.value === 0)
      errors[key] = `Must be a number of milliseconds above 0 and at most ${MAX_SLO_MS}.`;
    else if (parsed.value !== undefined) slo[bound] = parsed.value;
  }
  const hasSlo = Object.keys(slo).length > 0;
  if (hasSlo) fields.slo = slo;

  if (arrival === 'sweep') {
    const { maxPoints, minDurationSPerPoint: minS, maxDurationSPerPoint: maxS } = SERIES_LIMITS;
    const pointsMessage = `Must be a whole number from 2 to ${maxPoints} (the first point is at the synchronous rate, the last at the throughput rate).`;
    const durationMessage = `Must be a number of seconds from ${minS} to ${maxS}.`;
    const points = num('sweepPoints', { min: 2, max: maxPoints }, pointsMessage);
    const duration = num('sweepDurationS', { min: minS, max: maxS, integer: false }, durationMessage);
    if (points === undefined) errors.sweepPoints = pointsMessage;
    if (duration === undefined) errors.sweepDurationS = durationMessage;
    if (points !== undefined && duration !== undefined)
      fields.sweep = { points, duration_s_per_point: duration };
  }
  if (arrival === 'search') {
    const target = parseOptionalNumber(s.searchTarget, { min: 0, max: 1, integer: false });
    const targetValue = target.ok ? target.value : undefined;
    if (targetValue === undefined || targetValue <= 0 || targetValue >= 1)
      errors.searchTarget = 'Must be a fraction above 0 and below 1, e.g. 0.95.';
    const byConcurrency = s.searchOver === 'concurrency';
    const cap = byConcurrency ? (concurrency ?? SERIES_LIMITS.maxConcurrency) : SERIES_LIMITS.maxRatePerS;
    const range = byConcurrency
      ? { min: 1, max: cap, integer: true }
      : { min: 0.001, max: cap, integer: false };
    const loadMessage = byConcurrency
      ? `Must be a whole number of runs in flight from 1 to concurrency (${cap}).`
      : `Must be a number of arrivals per second from 0.001 to ${cap}.`;
    const start = num('searchStart', range, loadMessage);
    const max = num('searchMax', range, loadMessage);
    if (start !== undefined && max !== undefined && max < start)
      errors.searchMax = 'Must be at least the start.';
    if (!hasSlo && !scenarioSlo) errors.sloTtftMs = SEARCH_NEEDS_SLO;
    if (targetValue !== undefined && !errors.searchTarget)
      fields.search = {
        target_attainment: targetValue,
        over: s.searchOver,
        ...(start === undefined ? {} : { start }),
        ...(max === undefined ? {} : { max }),
      };
  }
  return { errors, fields };
}
