'use client';

import type { DashboardKpis, PercentileStats } from '@tfbench/contract';
import { ErrorState } from '@/components/shared/states';
import { asRatio, statOf } from '@/lib/analytics';
import type { ApiError } from '@/lib/api';
import { formatCount, formatMs, formatPercent, formatRate, formatUsd } from '@/lib/format';
import { KpiCard, type KpiDetail } from './kpi-card';

function msDetails(stats: PercentileStats | null, keys: Array<keyof PercentileStats>): KpiDetail[] {
  const out: KpiDetail[] = [];
  for (const key of keys) {
    const v = statOf(stats, key);
    if (v !== null) out.push({ label: key, value: formatMs(v) });
  }
  return out;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * Runs per minute, or per hour when per minute would read as 0.00-something; the card's label
 * says which, so the label and the figure never disagree.
 */
function throughput(perMinute: number | null): { label: string; value: string | null } {
  if (perMinute !== null && perMinute < 0.1)
    return { label: 'Runs per hour', value: formatRate(perMinute * 60) };
  return { label: 'Runs per minute', value: perMinute === null ? null : formatRate(perMinute) };
}

/**
 * The KPI cards of the dashboard, from `GET /api/v1/runs/kpis/dashboard`. Every figure the API
 * can leave null has a sentence saying why (nothing finished in the range, no assertions,
 * no streamed runs) instead of a placeholder.
 */
export function KpiGrid({
  kpis,
  error,
  isLoading,
  rangePhrase,
  onRetry,
}: {
  kpis: DashboardKpis | undefined;
  error: ApiError | undefined;
  isLoading: boolean;
  /** "in the last 24 hours" / "yet", for the empty texts. */
  rangePhrase: string;
  onRetry: () => void;
}) {
  if (error && !kpis) return <ErrorState error={error} onRetry={onRetry} title="Could not load the KPIs" />;

  const total = kpis?.total_runs ?? null;
  const inFlight = kpis?.in_flight_runs ?? null;
  const success = asRatio(kpis?.success_rate);
  const ci = kpis?.success_rate_ci ?? null;
  const goal = asRatio(kpis?.goal_success_rate);
  const goalEvaluated = kpis?.goal_evaluated_runs ?? null;
  const p50 = statOf(kpis?.total_time_stats, 'p50');
  const ttft50 = statOf(kpis?.ttft_stats, 'p50');
  const itl = num(kpis?.avg_inter_token_latency);
  const rpm = num(kpis?.runs_per_minute);
  const costPerSuccess = num(kpis?.cost_per_successful_run_usd);
  const totalCost = num(kpis?.cost_usd);
  const failures = (kpis?.failed_runs ?? 0) + (kpis?.timeout_runs ?? 0);
  const errors = kpis?.errors ?? [];
  const approximate = kpis?.source === 'rollups' && num(kpis.percentile_relative_error);
  const percentileNote = approximate
    ? ` Computed from rollup sketches, within ${formatPercent(approximate, 1)} of the exact value.`
    : '';

  return (
    <div className="grid grid-cols-2 gap-2 sm:gap-3 lg:grid-cols-3 2xl:grid-cols-4" data-testid="kpi-grid">
      <KpiCard
        testId="kpi-total-runs"
        label="Total runs"
        isLoading={isLoading}
        value={total === null ? null : formatCount(total)}
        details={inFlight ? [{ label: 'in flight', value: formatCount(inFlight) }] : []}
        emptyText="No runs yet."
        hint="Every run created in the range, whatever its outcome (warm-up runs excluded)."
      />
      <KpiCard
        testId="kpi-success-rate"
        label="Success rate"
        isLoading={isLoading}
        value={success === null ? null : formatPercent(success)}
        details={
          ci ? [{ label: '95% CI', value: `${formatPercent(ci.lower)}–${formatPercent(ci.upper)}` }] : []
        }
        emptyText={`No finished runs ${rangePhrase}.`}
        hint="Completed runs ÷ runs that finished (completed, failed or timed out). Cancelled runs are left out."
      />
      <KpiCard
        testId="kpi-goal-success-rate"
        label="Goal success"
        isLoading={isLoading}
        value={goal === null ? null : formatPercent(goal)}
        details={
          goalEvaluated ? [{ label: 'over', value: `${formatCount(goalEvaluated)} checked runs` }] : []
        }
        emptyText={
          goalEvaluated === 0
            ? 'No finished run had assertions to check. Add assertions to a scenario to measure goal success.'
            : `No finished runs ${rangePhrase}.`
        }
        hint="Runs that completed and passed every assertion ÷ finished runs that had assertions. Completion alone only says the infrastructure worked."
      />
      <KpiCard
        testId="kpi-total-latency"
        label="Total time p50"
        isLoading={isLoading}
        value={p50 === null ? null : formatMs(p50)}
        details={msDetails(kpis?.total_time_stats ?? null, ['p95', 'p99'])}
        emptyText={`No completed runs ${rangePhrase}.`}
        hint={`From just before the request is sent to the final event, over completed runs.${percentileNote}`}
      />
      <KpiCard
        testId="kpi-ttft"
        label="TTFT p50"
        isLoading={isLoading}
        value={ttft50 === null ? null : formatMs(ttft50)}
        details={msDetails(kpis?.ttft_stats ?? null, ['p95'])}
        emptyText={`No streamed runs reached a first progress event or token ${rangePhrase}.`}
        hint={`Time to first token: from the request to the first PROGRESS event of a TinyFish stream, or the first token-bearing chunk of an LLM stream.${percentileNote}`}
      />
      <KpiCard
        testId="kpi-itl"
        label="Mean inter-token latency"
        isLoading={isLoading}
        value={itl === null ? null : formatMs(itl)}
        emptyText={`No streamed runs with two or more events ${rangePhrase}.`}
        hint="Mean gap between consecutive PROGRESS events (and the last one to COMPLETE; heartbeats excluded), or between token-bearing chunks of an LLM stream."
      />
      <KpiCard
        testId="kpi-runs-per-minute"
        label={throughput(rpm).label}
        isLoading={isLoading}
        value={throughput(rpm).value}
        emptyText={`No finished runs ${rangePhrase}.`}
        hint="Finished runs per minute from the start of the range (or the first run) to its end."
      />
      <KpiCard
        testId="kpi-cost-per-success"
        label="Cost per successful run"
        isLoading={isLoading}
        value={costPerSuccess === null ? null : formatUsd(costPerSuccess)}
        details={totalCost !== null ? [{ label: 'total', value: formatUsd(totalCost) }] : []}
        emptyText={`No completed runs with a cost ${rangePhrase}.`}
        hint="Cost of the completed runs ÷ completed runs."
      />
      {failures > 0 ? (
        <KpiCard
          testId="kpi-failures"
          label="Failed or timed out"
          isLoading={isLoading}
          value={formatCount(failures)}
          details={errors.slice(0, 3).map((e) => ({ label: e.error_code, value: formatCount(e.count) }))}
          emptyText=""
          hint="Failed and timed-out runs in the range, with their most frequent error codes."
        />
      ) : null}
    </div>
  );
}
