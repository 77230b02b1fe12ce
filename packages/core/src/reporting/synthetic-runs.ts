/**
 * Realistic synthetic runs for load tests and benchmarks of the analytics (`npm run
 * seed:bulk`, bench/analytics-queries.ts, the export tests). Seeded, so a given seed always
 * produces the same runs.
 *
 * The model, per scenario: log-normal total durations (median 2-30 s, log-sd 0.3-0.6), TTFT a
 * fraction of the total, a step count around 3-20 with inter-token gaps that add up to the
 * rest, failures (1-8 %) spread over realistic error codes, rare timeouts and cancels, goal
 * assertions on half of the scenarios, and a daily load cycle (busier in the UTC afternoon).
 * One scenario in five has a one-day slowdown of 40 %, so regressions show in charts.
 */
import { createRandom, type SeededRandom } from '@tfbench/domain/statistics';
import type { BulkRun } from '../repositories/runs-bulk.js';

export interface SyntheticRunsOptions {
  /** How many runs in all. */
  runs: number;
  /** The scenarios to spread them over (ids that exist). */
  scenarioIds: readonly number[];
  /** Time range of created_at, epoch ms [start, end). */
  start: number;
  end: number;
  seed?: number;
  /** Price of one step (default 0.016 USD). */
  costPerStepUsd?: number;
  /** Set as every run's rolled_up_at, when the caller builds the rollups itself (default null). */
  rolledUpAt?: Date | null;
}

interface ScenarioModel {
  id: number;
  medianMs: number;
  logSd: number;
  failureRate: number;
  hasAssertions: boolean;
  goalPassRate: number;
  /** Share of runs of this scenario among all. */
  weight: number;
  /** A slow day [start, end) in epoch ms, or null. */
  slowdown: [number, number] | null;
}

const ERROR_CODES: ReadonlyArray<[string, number]> = [
  ['RUN_FAILED', 0.35],
  ['SITE_BLOCKED', 0.2],
  ['MAX_STEPS_EXCEEDED', 0.15],
  ['RATE_LIMIT_EXCEEDED', 0.1],
  ['NETWORK_ERROR', 0.1],
  ['INTERNAL_ERROR', 0.1],
];

function pick<T>(random: SeededRandom, weighted: ReadonlyArray<[T, number]>): T {
  let r = random.next();
  for (const [value, weight] of weighted) {
    r -= weight;
    if (r < 0) return value;
  }
  return weighted[weighted.length - 1]![0];
}

function modelScenarios(random: SeededRandom, options: SyntheticRunsOptions): ScenarioModel[] {
  const days = Math.max(1, Math.floor((options.end - options.start) / 86_400_000));
  return options.scenarioIds.map((id, index) => {
    const slowDay = Math.floor(random.next() * days);
    const slowStart = options.start + slowDay * 86_400_000;
    return {
      id,
      medianMs: 2_000 * 15 ** random.next(),
      logSd: 0.3 + 0.3 * random.next(),
      failureRate: 0.01 + 0.07 * random.next(),
      hasAssertions: index % 2 === 0,
      goalPassRate: 0.85 + 0.1 * random.next(),
      weight: 0.5 + random.next(),
      slowdown: index % 5 === 4 ? [slowStart, slowStart + 86_400_000] : null,
    };
  });
}

/** Relative load by hour of day (UTC): quiet at night, busiest mid-afternoon. */
function loadAt(ms: number): number {
  const hour = (ms % 86_400_000) / 3_600_000;
  return 0.35 + 0.65 * Math.exp(-(((hour - 15) / 5) ** 2));
}

/**
 * Arrival times with density proportional to the daily load, newest first: the descending
 * order statistics of n uniforms (u_n = v^(1/n), u_k = u_(k+1) v^(1/k)) mapped through the
 * inverse of the load's cumulative distribution, minute by minute. Chronological output lets a
 * seeder close rollup buckets as it goes instead of holding a month of them.
 */
class ArrivalTimes {
  private readonly cumulative: Float64Array;
  private readonly minutes: number;
  private u = 1;
  private remaining: number;
  private minute: number;

  constructor(
    private readonly random: SeededRandom,
    private readonly start: number,
    private readonly end: number,
    count: number,
  ) {
    this.minutes = Math.max(1, Math.ceil((end - start) / 60_000));
    this.cumulative = new Float64Array(this.minutes + 1);
    for (let m = 0; m < this.minutes; m++) {
      const from = start + m * 60_000;
      const width = Math.min(60_000, end - from);
      this.cumulative[m + 1] = (this.cumulative[m] as number) + loadAt(from + width / 2) * width;
    }
    this.remaining = count;
    this.minute = this.minutes - 1;
  }

  /** The next arrival, at or before the previous one. */
  next(): number {
    this.u *= this.random.next() ** (1 / this.remaining);
    this.remaining--;
    const total = this.cumulative[this.minutes] as number;
    const target = this.u * total;
    while (this.minute > 0 && (this.cumulative[this.minute] as number) > target) this.minute--;
    const lo = this.cumulative[this.minute] as number;
    const hi = this.cumulative[this.minute + 1] as number;
    const from = this.start + this.minute * 60_000;
    const width = Math.min(60_000, this.end - from);
    const offset = hi > lo ? ((target - lo) / (hi - lo)) * width : 0;
    return Math.min(this.end - 1, Math.floor(from + offset));
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** One inputs object for every run: they are never mutated, and one per run only feeds the GC. */
const INPUTS = Object.freeze({ url: 'https://example.com/products', goal: 'extract the product list' });

function oneRun(
  random: SeededRandom,
  model: ScenarioModel,
  at: number,
  options: SyntheticRunsOptions,
): BulkRun {
  const slow = model.slowdown !== null && at >= model.slowdown[0] && at < model.slowdown[1] ? 1.4 : 1;
  const total = round3(model.medianMs * slow * Math.exp(random.normal(0, model.logSd)));
  const queueWait = round3(5 + 40 * random.next() ** 3);
  const startedAt = at + Math.round(queueWait);
  const roll = random.next();
  const status: BulkRun['status'] =
    roll < model.failureRate
      ? 'failed'
      : roll < model.failureRate + 0.005
        ? 'timeout'
        : roll < model.failureRate + 0.007
          ? 'cancelled'
          : 'completed';
  const trigger = random.next() < 0.8 ? ('schedule' as const) : ('manual' as const);
  const completed = status === 'completed';
  const steps = 3 + Math.floor(random.next() * 17);
  const ttft = round3(total * (0.05 + 0.1 * random.next()));
  const gaps = (total - ttft) / steps;
  const code = completed
    ? null
    : status === 'timeout'
      ? 'TOTAL_TIMEOUT'
      : status === 'cancelled'
        ? 'CANCELLED'
        : pick(random, ERROR_CODES);
  const failedAfter = status === 'timeout' ? 1_500_000 : round3(total * random.next());
  const passed = completed && model.hasAssertions ? random.next() < model.goalPassRate : null;
  const createdAt = new Date(at);
  return {
    scenario_id: model.id,
    benchmark_id: null,
    trigger,
    status,
    is_warmup: false,
    created_at: createdAt,
    started_at: new Date(startedAt),
    finished_at: new Date(startedAt + Math.round(completed ? total : failedAfter)),
    total_duration_ms: completed ? total : failedAfter,
    time_to_started_ms: completed ? round3(ttft * 0.3) : null,
    ttft_ms: completed ? ttft : null,
    inter_token_stats: completed
      ? {
          count: steps,
          min: round3(gaps * 0.4),
          mean: round3(gaps),
          p50: round3(gaps * 0.9),
          p90: round3(gaps * 1.6),
          p95: round3(gaps * 1.9),
          p99: round3(gaps * 2.6),
          max: round3(gaps * 3),
          stddev: round3(gaps * 0.5),
        }
      : null,
    steps: completed ? steps : 0,
    server_duration_ms: completed ? round3(total * 0.93) : null,
    queue_wait_ms: queueWait,
    error: code === null ? null : `synthetic ${code.toLowerCase()}`,
    error_code: code,
    assertions_passed: completed ? passed : model.hasAssertions && status === 'failed' ? false : null,
    cost_usd: completed
      ? Math.round(steps * (options.costPerStepUsd ?? 0.016) * 1e6) / 1e6
      : status === 'failed'
        ? 0
        : null,
    inputs: INPUTS,
    metric_definitions_version: 'tfbench-metrics/1',
    rolled_up_at: options.rolledUpAt ?? null,
  };
}

/**
 * Yields the runs in batches of `batchSize`, newest first (created_at descending over the range).
 *
 * @example
 * for (const batch of syntheticRuns({ runs: 100_000, scenarioIds, start, end }, 5_000)) {
 *   await insertRunsInBulk(db, batch);
 * }
 */
export function* syntheticRuns(options: SyntheticRunsOptions, batchSize = 5_000): Generator<BulkRun[]> {
  if (options.scenarioIds.length === 0) throw new RangeError('syntheticRuns needs at least one scenario');
  const random = createRandom(options.seed ?? 20_240_601);
  const models = modelScenarios(random, options);
  const weights: Array<[ScenarioModel, number]> = models.map((m) => [m, m.weight]);
  const totalWeight = models.reduce((sum, m) => sum + m.weight, 0);
  for (const entry of weights) entry[1] /= totalWeight;
  const arrivals = new ArrivalTimes(random, options.start, options.end, options.runs);
  let made = 0;
  while (made < options.runs) {
    const size = Math.min(batchSize, options.runs - made);
    const batch: BulkRun[] = [];
    for (let i = 0; i < size; i++) {
      const model = pick(random, weights);
      batch.push(oneRun(random, model, arrivals.next(), options));
    }
    made += size;
    yield batch;
  }
}
