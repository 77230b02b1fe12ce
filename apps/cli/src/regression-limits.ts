/**
 * `--max-regression`: how far a metric may regress before a significant regression fails the
 * gate. One value for every metric (`10%`), per metric (`ttft_ms=5%,total_duration_ms=15%,
 * success_rate=2`), or both (`10%,ttft_ms=5%`: 5 % for TTFT, 10 % for the rest). Latencies
 * and cost are in percent of the baseline's median; the success rate in percentage points.
 */
import { UsageError } from './errors.js';

/** Metrics the gate can check, as the comparison names them. */
export const GATEABLE_METRICS = [
  'total_duration_ms',
  'ttft_ms',
  'itl_mean',
  'cost_usd',
  'success_rate',
] as const;
export type GateableMetric = (typeof GATEABLE_METRICS)[number];

/** Checked whether named or not; the others only when --max-regression names them. */
export const ALWAYS_GATED: readonly GateableMetric[] = ['total_duration_ms', 'ttft_ms', 'success_rate'];

export const DEFAULT_MAX_REGRESSION = 10;

export interface RegressionLimits {
  /** The limit of every metric not named. */
  default: number;
  /** Limits given by name. */
  per_metric: Partial<Record<GateableMetric, number>>;
}

export const DEFAULT_LIMITS: RegressionLimits = { default: DEFAULT_MAX_REGRESSION, per_metric: {} };

const LARGEST = 1000;

export function parseRegressionLimits(
  value: string | undefined,
  flag = '--max-regression',
): RegressionLimits {
  if (value === undefined) return DEFAULT_LIMITS;
  const limits: RegressionLimits = { default: DEFAULT_MAX_REGRESSION, per_metric: {} };
  let sawDefault = false;
  const entries = value.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    if (entry === '') {
      throw new UsageError(`${flag} has an empty entry in "${value}": separate entries with single commas`);
    }
    const equals = entry.indexOf('=');
    if (equals < 0) {
      if (sawDefault) {
        throw new UsageError(`${flag} gives two limits for every metric in "${value}": keep one, e.g. 10%`);
      }
      sawDefault = true;
      limits.default = amount(flag, entry, undefined);
      continue;
    }
    const name = entry.slice(0, equals).trim();
    if (!(GATEABLE_METRICS as readonly string[]).includes(name)) {
      throw new UsageError(
        `${flag}: unknown metric "${name}" in "${entry}"; use one of ${GATEABLE_METRICS.join(', ')}`,
      );
    }
    const metric = name as GateableMetric;
    if (limits.per_metric[metric] !== undefined) {
      throw new UsageError(`${flag} names ${metric} twice: give it one limit`);
    }
    limits.per_metric[metric] = amount(flag, entry.slice(equals + 1).trim(), metric);
  }
  return limits;
}

/** `10%`, `10` or, for the success rate, `2pp`: a number from 0 to 1000. */
function amount(flag: string, text: string, metric: GateableMetric | undefined): number {
  const where = metric ? ` for ${metric}` : '';
  if (text === '') throw new UsageError(`${flag}: no value${where}; give a percentage such as 10%`);
  const match = /^(\d+(?:\.\d+)?)\s*(%|pp)?$/.exec(text);
  if (!match) {
    const example = metric === 'success_rate' ? '2 (percentage points)' : '10%';
    throw new UsageError(`${flag}: "${text}"${where} is not a percentage; give a number such as ${example}`);
  }
  if (match[2] === 'pp' && metric !== 'success_rate') {
    throw new UsageError(
      `${flag}: "${text}"${where}: percentage points (pp) are for success_rate; give a percentage such as 10%`,
    );
  }
  const number = Number(match[1]);
  if (number > LARGEST) throw new UsageError(`${flag}: "${text}"${where} is above ${LARGEST}%`);
  return number;
}

export function limitOf(limits: RegressionLimits, metric: GateableMetric): number {
  return limits.per_metric[metric] ?? limits.default;
}

/** The metrics a gate with these limits checks, in a stable order. */
export function gatedMetrics(limits: RegressionLimits): GateableMetric[] {
  return GATEABLE_METRICS.filter(
    (metric) => ALWAYS_GATED.includes(metric) || limits.per_metric[metric] !== undefined,
  );
}

/** `10%` or `10%, ttft_ms 5%`, for headers. */
export function describeLimits(limits: RegressionLimits): string {
  const named = Object.entries(limits.per_metric).map(
    ([metric, limit]) => `${metric} ${limit}${metric === 'success_rate' ? ' pp' : ' %'}`,
  );
  return [`${limits.default} %`, ...named].join(', ');
}
