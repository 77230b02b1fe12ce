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
import { createRandom, type SeededRandom } from '../analytics/index.js';
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
  /** Mark the runs rolled up (when the caller builds the rollups itself). */
  rolledUp?: boolean;
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

function createdAt(random: SeededRandom, start: number, end: number): number {
  for (;;) {
    const t = start + random.next() * (end - start);
    if (random.next() < loadAt(t)) return Math.floor(t);
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function oneRun(
  random: SeededRandom,
  model: ScenarioModel,
  at: number,
  options: SyntheticRunsOptions,
): BulkRun {
  const slow = model.slowdown !== null && at >= model.slowdown[0] && at < model.slowdown[1] ? 1.4 : 1;
  const total = round3(model.medianMs * slow * Math.exp(random.normal(0, model.logSd)));
  const queueWait = round3(5 + 40 * random.next() ** 3);
  const createdDate = new Date(at);
  const startedAt = new Date(at + Math.round(queueWait));
  const roll = random.next();
  const status: BulkRun['status'] =
    roll < model.failureRate
      ? 'failed'
      : roll < model.failureRate + 0.005
        ? 'timeout'
        : roll < model.failureRate + 0.007
          ? 'cancelled'
          : 'completed';
  const steps = 3 + Math.floor(random.next() * 17);
  const ttft = round3(total * (0.05 + 0.1 * random.next()));
  const gaps = (total - ttft) / steps;
  const common = {
    scenario_id: model.id,
    benchmark_id: null,
    trigger: random.next() < 0.8 ? ('schedule' as const) : ('manual' as const),
    is_warmup: false,
    created_at: createdDate,
    started_at: startedAt,
    queue_wait_ms: queueWait,
    inputs: { url: 'https://example.com/products', goal: 'extract the product list' },
    metric_definitions_version: 'tfbench-metrics/1',
    rolled_up_at: options.rolledUp ? createdDate : null,
  };
  if (status === 'completed') {
    return {
      ...common,
      status,
      finished_at: new Date(startedAt.getTime() + Math.round(total)),
      total_duration_ms: total,
      time_to_started_ms: round3(ttft * 0.3),
      ttft_ms: ttft,
      inter_token_stats: {
        count: steps,
        min: round3(gaps * 0.4),
        mean: round3(gaps),
        p50: round3(gaps * 0.9),
        p90: round3(gaps * 1.6),
        p95: round3(gaps * 1.9),
        p99: round3(gaps * 2.6),
        max: round3(gaps * 3),
        stddev: round3(gaps * 0.5),
      },
      steps,
      server_duration_ms: round3(total * 0.93),
      error: null,
      error_code: null,
      assertions_passed: model.hasAssertions ? random.next() < model.goalPassRate : null,
      cost_usd: Math.round(steps * (options.costPerStepUsd ?? 0.016) * 1e6) / 1e6,
    };
  }
  const code =
    status === 'timeout' ? 'TOTAL_TIMEOUT' : status === 'cancelled' ? 'CANCELLED' : pick(random, ERROR_CODES);
  const failedAfter = status === 'timeout' ? 1_500_000 : round3(total * random.next());
  return {
    ...common,
    status,
    finished_at: new Date(startedAt.getTime() + Math.round(failedAfter)),
    total_duration_ms: failedAfter,
    time_to_started_ms: null,
    ttft_ms: null,
    inter_token_stats: null,
    steps: 0,
    server_duration_ms: null,
    error: `synthetic ${code.toLowerCase()}`,
    error_code: code,
    assertions_passed: model.hasAssertions && status === 'failed' ? false : null,
    cost_usd: status === 'failed' ? 0 : null,
  };
}

/**
 * Yields the runs in batches of `batchSize` (created_at in random order within the range).
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
  let made = 0;
  while (made < options.runs) {
    const size = Math.min(batchSize, options.runs - made);
    const batch: BulkRun[] = [];
    for (let i = 0; i < size; i++) {
      const model = pick(random, weights);
      batch.push(oneRun(random, model, createdAt(random, options.start, options.end), options));
    }
    made += size;
    yield batch;
  }
}
