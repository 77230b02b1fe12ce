/**
 * The benchmark form's values as typed, and the request body they make: what the form starts
 * with, what it checks before sending, and where the API's messages about the body land.
 */
import type { BenchmarkArrival, BenchmarkCreate, Scenario } from '@tfbench/contract';
import { type Checked, type FieldPaths, FormChecks } from '@/lib/form-checks';
import { lines } from '@/lib/json-input';
import { checkLoad, initialLoadState, type LoadFormState } from './benchmark-load-values';
import {
  checkSeries,
  initialSeriesState,
  isSeriesArrival,
  type SeriesFormState,
  SLO_KEYS,
} from './benchmark-series-values';

export interface BenchmarkFormState extends LoadFormState, SeriesFormState {
  name: string;
  iterations: string;
  concurrency: string;
  /** closed, constant, poisson: one load; sweep, search: a series of step benchmarks. */
  arrival: BenchmarkArrival;
  rate: string;
  warmup: string;
  durationS: string;
  timeoutS: string;
  thresholds: string;
  inputs: string;
  maxLagS: string;
  seed: string;
  /** Refuse to start when the live workers cannot hold `concurrency` runs at once. */
  strictCapacity: boolean;
  /** Open arrivals: dropped runs fail the verdict. */
  checkDroppedRuns: boolean;
}

export const CONCURRENCY = { min: 1, max: 1000 };

export function initialBenchmarkState(s: Scenario): BenchmarkFormState {
  const rs = s.run_settings;
  return {
    name: '',
    iterations: String(rs.iterations ?? 10),
    concurrency: String(rs.concurrency ?? 1),
    arrival: 'closed',
    rate: '1',
    warmup: '0',
    durationS: '',
    // Empty follows the scenario (also when it is edited later); its value shows as the placeholder.
    timeoutS: '',
    thresholds: s.thresholds.join('\n'),
    inputs: '',
    maxLagS: '',
    seed: '',
    strictCapacity: false,
    checkDroppedRuns: true,
    ...initialLoadState(),
    ...initialSeriesState(),
  };
}

/** The scenario's own per-run timeout, as text; undefined when it sets none. */
export function scenarioTimeout(s: Scenario): string | undefined {
  const t = s.run_settings.timeout_s;
  return typeof t === 'number' && t > 0 ? String(t) : undefined;
}

export function timeoutHint(s: Scenario): string {
  const own = scenarioTimeout(s);
  return own
    ? `Empty: the scenario's ${own} s.`
    : "Empty: the scenario's setting (it sets none: the automation's, else 1,500 s).";
}

/** Whether the scenario's run_settings carry an SLO, which benchmarks without their own use. */
export function scenarioHasSlo(s: Scenario): boolean {
  const slo = s.run_settings.slo;
  return typeof slo === 'object' && slo !== null && Object.keys(slo).length > 0;
}

export function validateBenchmark(
  s: BenchmarkFormState,
  scenario: Scenario,
): Checked<BenchmarkFormState, BenchmarkCreate> {
  const check = new FormChecks(s);
  // A series sets each step's load itself: the API refuses rate, stages, duration and repeats beside it.
  const series = isSeriesArrival(s.arrival);
  const open = s.arrival === 'constant' || s.arrival === 'poisson';
  // A ramp sets the rate itself (the API refuses rate_per_s beside stages).
  const steadyRate = open && s.shape === 'steady';
  const iterations = check.number(
    'iterations',
    'Iterations',
    { min: 1, max: 1_000_000 },
    'How many runs? At least 1.',
  );
  const concurrency = check.number('concurrency', 'Concurrency', CONCURRENCY, 'At least 1 run in flight.');
  const rate = steadyRate
    ? check.number(
        'rate',
        'Rate',
        { min: 0.001, max: 10_000, integer: false },
        'Open arrivals need a rate (runs per second).',
      )
    : undefined;
  const warmup = check.number('warmup', 'Warm-up runs', { min: 0, max: 10_000 });
  const duration = series ? undefined : check.number('durationS', 'Duration', { min: 1, max: 7 * 86_400 });
  const timeout = check.number('timeoutS', 'Timeout', { min: 0.001, max: 86_400, integer: false });
  const inputs = check.jsonObject('inputs', 'Inputs override');
  const maxLag = check.number('maxLagS', 'Max lag', { min: 0, max: 3600, integer: false });
  const seed = check.number('seed', 'Seed', { min: 0, max: 4_294_967_295 });
  const load = checkLoad(series ? { ...s, shape: 'steady', repeats: '' } : s, s.arrival, concurrency);
  for (const [key, message] of Object.entries(load.errors)) check.fail(key as keyof LoadFormState, message);
  const seriesChecked = checkSeries(s, s.arrival, concurrency, scenarioHasSlo(scenario));
  for (const [key, message] of Object.entries(seriesChecked.errors))
    check.fail(key as keyof SeriesFormState, message);
  if (check.failed) return { errors: check.errors };

  const body: BenchmarkCreate = {
    scenario_id: scenario.id,
    iterations: iterations ?? 1,
    concurrency: concurrency ?? 1,
    arrival: s.arrival,
  };
  if (s.name.trim()) body.name = s.name.trim();
  if (steadyRate && rate !== undefined) body.rate_per_s = rate;
  Object.assign(body, load.fields, seriesChecked.fields);
  if (open && maxLag !== undefined) body.max_lag_s = maxLag;
  if (open && seed !== undefined) body.seed = seed;
  if (open && !s.checkDroppedRuns) body.check_dropped_runs = false;
  if (s.strictCapacity) body.strict_capacity = true;
  if (warmup !== undefined) body.warmup_runs = warmup;
  if (duration !== undefined) body.duration_s = duration;
  if (timeout !== undefined) body.timeout_s = timeout;
  const thresholds = lines(s.thresholds);
  if (thresholds.length > 0) body.thresholds = thresholds;
  if (Object.keys(inputs).length > 0) body.inputs_override = inputs;
  return { errors: {}, body };
}

/** The API's field paths (of `BenchmarkCreate`), each with the form field that shows its message. */
export const BENCHMARK_FIELD_PATHS: FieldPaths<BenchmarkFormState> = [
  ['name', 'name'],
  ['iterations', 'iterations'],
  ['concurrency', 'concurrency'],
  ['arrival', 'arrival'],
  ['rate_per_s', 'rate'],
  ['warmup_runs', 'warmup'],
  ['duration_s', 'durationS'],
  ['timeout_s', 'timeoutS'],
  ['thresholds', 'thresholds'],
  ['inputs_override', 'inputs'],
  ['max_lag_s', 'maxLagS'],
  ['seed', 'seed'],
  ['stages', 'stages'],
  ['start_target', 'startTarget'],
  ['dataset.seed', 'datasetSeed'],
  ['dataset', 'datasetId'],
  ['stop_on', 'stopOn'],
  ['min_runs', 'minRuns'],
  ['stop_check_every', 'stopCheckEvery'],
  ['until_ci_halfwidth', 'untilHalfwidth'],
  ['until_ci_halfwidth.metric', 'untilMetric'],
  ['repeats', 'repeats'],
  ['sweep', 'sweepPoints'],
  ['sweep.points', 'sweepPoints'],
  ['sweep.duration_s_per_point', 'sweepDurationS'],
  ['search', 'searchTarget'],
  ['search.target_attainment', 'searchTarget'],
  ['search.over', 'searchOver'],
  ['search.start', 'searchStart'],
  ['search.max', 'searchMax'],
  ['slo', SLO_KEYS.ttft_ms],
  ['slo.ttft_ms', SLO_KEYS.ttft_ms],
  ['slo.itl_ms', SLO_KEYS.itl_ms],
  ['slo.tpot_ms', SLO_KEYS.tpot_ms],
  ['slo.total_ms', SLO_KEYS.total_ms],
];
