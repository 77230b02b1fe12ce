import type { DashboardKpis, PercentileStats } from '@tfbench/contract';
import { asRatio, statOf } from '@/lib/analytics';
import { formatCount, formatMs, formatPercent, formatRate, formatUsd } from '@/lib/format';
import type { KpiDetail } from './kpi-card';

/** What one KPI card shows: its figure (null: say `emptyText` instead), details and definition. */
export interface KpiCardSpec {
  testId: string;
  label: string;
  value: string | null;
  details?: KpiDetail[];
  emptyText: string;
  hint: string;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** A figure formatted, or null when the API had none (so the card explains why). */
function shown(v: number | null, format: (v: number) => string): string | null {
  return v === null ? null : format(v);
}

function msDetails(
  stats: PercentileStats | null | undefined,
  keys: Array<keyof PercentileStats>,
): KpiDetail[] {
  const out: KpiDetail[] = [];
  for (const key of keys) {
    const v = statOf(stats, key);
    if (v !== null) out.push({ label: key, value: formatMs(v) });
  }
  return out;
}

/**
 * Runs per minute, or per hour when per minute would read as 0.00-something; the card's label
 * says which, so the label and the figure never disagree.
 */
function throughput(perMinute: number | null): { label: string; value: string | null } {
  if (perMinute !== null && perMinute < 0.1)
    return { label: 'Runs per hour', value: formatRate(perMinute * 60) };
  return { label: 'Runs per minute', value: shown(perMinute, formatRate) };
}

/**
 * The dashboard's KPI cards in order. Every figure the API can leave null has a sentence saying
 * why (nothing finished in the range, no assertions, no streamed runs) instead of a placeholder;
 * `rangePhrase` ("in the last 24 hours" / "yet") ends those sentences.
 */
export function dashboardKpiCards(kpis: DashboardKpis | undefined, rangePhrase: string): KpiCardSpec[] {
  const inFlight = kpis?.in_flight_runs ?? null;
  const ci = kpis?.success_rate_ci ?? null;
  const goalEvaluated = kpis?.goal_evaluated_runs ?? null;
  const totalCost = num(kpis?.cost_usd);
  const failures = (kpis?.failed_runs ?? 0) + (kpis?.timeout_runs ?? 0);
  const approximate = kpis?.source === 'rollups' && num(kpis.percentile_relative_error);
  const percentileNote = approximate
    ? ` Computed from rollup sketches, within ${formatPercent(approximate, 1)} of the exact value.`
    : '';
  const noFinished = `No finished runs ${rangePhrase}.`;

  const cards: KpiCardSpec[] = [
    {
      testId: 'kpi-total-runs',
      label: 'Total runs',
      value: shown(kpis?.total_runs ?? null, formatCount),
      details: inFlight ? [{ label: 'in flight', value: formatCount(inFlight) }] : [],
      emptyText: 'No runs yet.',
      hint: 'Every run created in the range, whatever its outcome (warm-up runs excluded).',
    },
    {
      testId: 'kpi-success-rate',
      label: 'Success rate',
      value: shown(asRatio(kpis?.success_rate), formatPercent),
      details: ci
        ? [{ label: '95% CI', value: `${formatPercent(ci.lower)}–${formatPercent(ci.upper)}` }]
        : [],
      emptyText: noFinished,
      hint: 'Completed runs ÷ runs that finished (completed, failed or timed out). Cancelled runs are left out.',
    },
    {
      testId: 'kpi-goal-success-rate',
      label: 'Goal success',
      value: shown(asRatio(kpis?.goal_success_rate), formatPercent),
      details: goalEvaluated ? [{ label: 'over', value: `${formatCount(goalEvaluated)} checked runs` }] : [],
      emptyText:
        goalEvaluated === 0
          ? 'No finished run had assertions to check. Add assertions to a scenario to measure goal success.'
          : noFinished,
      hint: 'Runs that completed and passed every assertion ÷ finished runs that had assertions. Completion alone only says the infrastructure worked.',
    },
    {
      testId: 'kpi-total-latency',
      label: 'Total time p50',
      value: shown(statOf(kpis?.total_time_stats, 'p50'), formatMs),
      details: msDetails(kpis?.total_time_stats, ['p95', 'p99']),
      emptyText: `No completed runs ${rangePhrase}.`,
      hint: `From just before the request is sent to the final event, over completed runs.${percentileNote}`,
    },
    {
      testId: 'kpi-ttft',
      label: 'TTFT p50',
      value: shown(statOf(kpis?.ttft_stats, 'p50'), formatMs),
      details: msDetails(kpis?.ttft_stats, ['p95']),
      emptyText: `No streamed runs reached a first progress event or token ${rangePhrase}.`,
      hint: `Time to first token: from the request to the first PROGRESS event of a TinyFish stream, or the first token-bearing chunk of an LLM stream.${percentileNote}`,
    },
    {
      testId: 'kpi-itl',
      label: 'Mean inter-token latency',
      value: shown(num(kpis?.avg_inter_token_latency), formatMs),
      emptyText: `No streamed runs with two or more events ${rangePhrase}.`,
      hint: 'Mean gap between consecutive PROGRESS events (and the last one to COMPLETE; heartbeats excluded), or between token-bearing chunks of an LLM stream.',
    },
    {
      testId: 'kpi-runs-per-minute',
      ...throughput(num(kpis?.runs_per_minute)),
      emptyText: noFinished,
      hint: 'Finished runs per minute from the start of the range (or the first run) to its end.',
    },
    {
      testId: 'kpi-cost-per-success',
      label: 'Cost per successful run',
      value: shown(num(kpis?.cost_per_successful_run_usd), formatUsd),
      details: totalCost !== null ? [{ label: 'total', value: formatUsd(totalCost) }] : [],
      emptyText: `No completed runs with a cost ${rangePhrase}.`,
      hint: 'Cost of the completed runs ÷ completed runs.',
    },
  ];
  // Shown only when something failed: a zero here would be noise on a healthy dashboard.
  if (failures > 0)
    cards.push({
      testId: 'kpi-failures',
      label: 'Failed or timed out',
      value: formatCount(failures),
      details: (kpis?.errors ?? [])
        .slice(0, 3)
        .map((e) => ({ label: e.error_code, value: formatCount(e.count) })),
      emptyText: '',
      hint: 'Failed and timed-out runs in the range, with their most frequent error codes.',
    });
  return cards;
}
