/**
 * Reads a benchmark's `summary` object for display: latency distributions become table rows,
 * scalar figures become labelled facts formatted by their unit (read from the key's suffix:
 * `_ms`, `_usd`, `rate`, `per_minute`), and the error breakdown becomes a list.
 */
import { formatCount, formatMs, formatPercent, formatRate, formatUsd } from './format';

const LABELS: Record<string, string> = {
  total_duration_ms: 'Total time',
  total: 'Total time',
  ttft_ms: 'TTFT',
  ttft: 'TTFT',
  inter_token_ms: 'Inter-token latency',
  inter_token_latency_ms: 'Inter-token latency',
  itl_ms: 'Inter-token latency (per-run mean)',
  itl: 'Inter-token latency',
  itl_mean_ms: 'Inter-token latency (mean per run)',
  itl_mean: 'Inter-token latency (mean per run)',
  measured_runs: 'Measured runs',
  outcome_runs: 'Runs with an outcome',
  completed_runs: 'Completed runs',
  dropped_runs: 'Dropped arrivals',
  queue_wait_ms: 'Queue wait',
  latency_from_intended_ms: 'Latency from intended start',
  total_from_intended_ms: 'Latency from intended start',
  schedule_lag_ms: 'Schedule lag',
  success_rate: 'Success rate',
  goal_success_rate: 'Goal success rate',
  runs_per_minute: 'Runs per minute',
  cost_usd: 'Total cost',
  total_cost_usd: 'Total cost',
  cost_per_successful_run_usd: 'Cost per successful run',
  cost_per_success_usd: 'Cost per successful run',
};

/** A person's label for a summary key. */
export function labelFor(key: string): string {
  if (LABELS[key]) return LABELS[key];
  const words = key.replace(/_(ms|usd)$/, '').replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** One latency metric's distribution. */
export interface DistributionRow {
  key: string;
  label: string;
  count: number | null;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  mean: number | null;
  max: number | null;
}

/**
 * The latency distributions of a summary: every entry that is an object with a p50.
 *
 * @example
 * distributionRows({ total_duration_ms: { count: 3, p50: 10, p95: 20 } })[0]?.label; // 'Total time'
 */
export function distributionRows(summary: unknown): DistributionRow[] {
  if (!isRecord(summary)) return [];
  const rows: DistributionRow[] = [];
  // Open arrivals nest the schedule lag under `schedule`; show it with the other latencies.
  const schedule =
    isRecord(summary.schedule) && isRecord(summary.schedule.lag_ms)
      ? { schedule_lag_ms: summary.schedule.lag_ms }
      : {};
  const source = isRecord(summary.latency)
    ? { ...summary, ...summary.latency, ...schedule }
    : { ...summary, ...schedule };
  for (const [key, value] of Object.entries(source)) {
    if (!isRecord(value) || !('p50' in value)) continue;
    rows.push({
      key,
      label: labelFor(key),
      count: num(value.count) ?? num(value.n),
      p50: num(value.p50),
      p90: num(value.p90),
      p95: num(value.p95),
      p99: num(value.p99),
      mean: num(value.mean),
      max: num(value.max),
    });
  }
  return rows;
}

/** Keys shown elsewhere (errors list) or not worth a card of their own. */
const SKIPPED_FACTS = new Set(['error_breakdown', 'errors', 'counts', 'outcome_runs', 'schedule']);

/** A formatted scalar of a summary. */
export interface Fact {
  key: string;
  label: string;
  value: string;
  /** e.g. the 95% interval of a rate. */
  detail?: string;
}

/** Formats a value by what its key says it is. */
export function formatByKey(key: string, value: number): string {
  if (key.endsWith('_usd') || key.startsWith('cost')) return formatUsd(value);
  if (key.endsWith('_ms')) return formatMs(value);
  if (key.endsWith('rate') && value >= 0 && value <= 1) return formatPercent(value);
  if (key.includes('per_minute') || key.includes('per_s')) return formatRate(value);
  if (Number.isInteger(value)) return formatCount(value);
  return value.toFixed(2);
}

function intervalOf(value: unknown): { lower: number; upper: number } | null {
  if (!isRecord(value)) return null;
  const lower = num(value.lower) ?? num(value.ci_lower) ?? num(value.low);
  const upper = num(value.upper) ?? num(value.ci_upper) ?? num(value.high);
  return lower !== null && upper !== null ? { lower, upper } : null;
}

/**
 * The scalar figures of a summary, with a rate's confidence interval (`<key>_ci` or
 * `{value, ci_lower, ci_upper}`) folded into its fact.
 */
export function facts(summary: unknown): Fact[] {
  if (!isRecord(summary)) return [];
  const out: Fact[] = [];
  const entries = Object.entries(summary);
  if (isRecord(summary.schedule) && num(summary.schedule.dropped_runs) !== null) {
    entries.push(['dropped_runs', summary.schedule.dropped_runs]);
  }
  for (const [key, value] of entries) {
    if (key.endsWith('_ci') || SKIPPED_FACTS.has(key)) continue;
    // A goal-success rate over zero evaluated runs is not 0 %: nothing was checked.
    if (isRecord(value) && value.evaluated_runs === 0) {
      out.push({
        key,
        label: labelFor(key),
        value: 'not checked',
        detail: 'no run had assertions',
      });
      continue;
    }
    const direct = num(value);
    const nested =
      isRecord(value) && !('p50' in value)
        ? (num(value.estimate) ?? num(value.value) ?? num(value.rate))
        : null;
    const figure = direct ?? nested;
    if (figure === null) continue;
    const ci = intervalOf(summary[`${key}_ci`]) ?? intervalOf(value);
    const n = isRecord(value) ? num(value.n) : null;
    const parts = [
      ci ? `95% CI ${formatByKey(key, ci.lower)} – ${formatByKey(key, ci.upper)}` : null,
      n !== null ? `n = ${formatCount(n)}` : null,
    ].filter((p): p is string => p !== null);
    out.push({
      key,
      label: labelFor(key),
      value: formatByKey(key, figure),
      detail: parts.length > 0 ? parts.join(' · ') : undefined,
    });
  }
  return out;
}

/** Errors by code, largest first, from `{code: count}` or `[{error_code, count}]`. */
export function errorBreakdown(summary: unknown): Array<{ code: string; count: number }> {
  if (!isRecord(summary)) return [];
  const raw = summary.errors ?? summary.error_breakdown ?? summary.errors_by_code;
  const rows: Array<{ code: string; count: number }> = [];
  if (Array.isArray(raw)) {
    for (const item of raw) {
      if (!isRecord(item)) continue;
      const count = num(item.count);
      if (count === null) continue;
      rows.push({ code: String(item.error_code ?? item.code ?? 'unknown'), count });
    }
  } else if (isRecord(raw)) {
    for (const [code, count] of Object.entries(raw)) {
      const n = num(count);
      if (n !== null) rows.push({ code, count: n });
    }
  }
  return rows.sort((a, b) => b.count - a.count);
}

/**
 * Formats the figure a threshold expression observed, by what the expression measures.
 *
 * @example
 * formatObserved('success_rate >= 0.95', 0.97); // '97.0%'
 * formatObserved('p95(total_duration_ms) < 30000', 1234); // '1.23 s'
 */
export function formatObserved(expression: string, value: number): string {
  if (/rate/.test(expression)) return formatPercent(value);
  if (/cost|usd/.test(expression)) return formatUsd(value);
  if (/_ms\b/.test(expression)) return formatMs(value);
  return Number.isInteger(value) ? formatCount(value) : value.toFixed(3);
}
