'use client';

import { ErrorState } from '@/components/shared/states';
import { asRatio, statOf } from '@/lib/analytics';
import type { ApiError, DashboardKpis } from '@/lib/api';
import { formatCount, formatMs, formatPercent, formatRate, formatUsd } from '@/lib/format';
import { KpiCard, type KpiDetail } from './kpi-card';

function msDetails(stats: DashboardKpis['total_time_stats'], keys: string[]): KpiDetail[] {
  const out: KpiDetail[] = [];
  for (const key of keys) {
    const v = statOf(stats, key);
    if (v !== null) out.push({ label: key, value: formatMs(v) });
  }
  return out;
}

const has = (kpis: DashboardKpis | undefined, key: string) => kpis !== undefined && key in kpis;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * The KPI cards of the dashboard. Cards for figures added by newer API versions (goal
 * success, cost per successful run) appear when the API sends them; runs per minute comes
 * from the API when it reports it, else from the run count over the selected range.
 */
export function KpiGrid({
  kpis,
  error,
  isLoading,
  rangeMinutes,
  rangePhrase,
  onRetry,
}: {
  kpis: DashboardKpis | undefined;
  error: ApiError | undefined;
  isLoading: boolean;
  /** Length of the selected range in minutes; null for "all time". */
  rangeMinutes: number | null;
  /** "in the last 24 hours" / "yet", for the empty texts. */
  rangePhrase: string;
  onRetry: () => void;
}) {
  if (error && !kpis) return <ErrorState error={error} onRetry={onRetry} title="Could not load the KPIs" />;

  const noCompleted = `No completed runs ${rangePhrase}.`;
  const total = kpis?.total_runs ?? null;
  const success = asRatio(kpis?.success_rate);
  const goal = asRatio(num(kpis?.goal_success_rate));
  const p50 = statOf(kpis?.total_time_stats, 'p50');
  const ttft50 = statOf(kpis?.ttft_stats, 'p50');
  const itl = num(kpis?.avg_inter_token_latency);
  const apiRpm = num(kpis?.runs_per_minute);
  const rpm = apiRpm ?? (total !== null && rangeMinutes ? total / rangeMinutes : null);
  const costPerSuccess = num(kpis?.cost_per_successful_run_usd) ?? num(kpis?.cost_per_success_usd);
  const totalCost = num(kpis?.total_cost_usd) ?? num(kpis?.cost_usd);
  const showGoal = has(kpis, 'goal_success_rate');
  const showCost = has(kpis, 'cost_per_successful_run_usd') || has(kpis, 'cost_per_success_usd');

  return (
    <div
      className="grid grid-cols-1 gap-3 min-[420px]:grid-cols-2 lg:grid-cols-3 2xl:grid-cols-4"
      data-testid="kpi-grid"
    >
      <KpiCard
        testId="kpi-total-runs"
        label="Total runs"
        isLoading={isLoading}
        value={total === null ? null : formatCount(total)}
        emptyText="No runs yet."
        hint="Every run created in the range, whatever its outcome (warm-up runs excluded)."
      />
      <KpiCard
        testId="kpi-success-rate"
        label="Success rate"
        isLoading={isLoading}
        value={success === null ? null : formatPercent(success)}
        emptyText={`No finished runs ${rangePhrase}.`}
        hint="Completed runs ÷ runs that finished (completed, failed or timed out). Cancelled runs are left out."
      />
      {showGoal ? (
        <KpiCard
          testId="kpi-goal-success-rate"
          label="Goal success"
          isLoading={isLoading}
          value={goal === null ? null : formatPercent(goal)}
          emptyText={`No finished runs with assertions ${rangePhrase}.`}
          hint="Runs that completed and passed their assertions ÷ finished runs."
        />
      ) : null}
      <KpiCard
        testId="kpi-total-latency"
        label="Total time p50"
        isLoading={isLoading}
        value={p50 === null ? null : formatMs(p50)}
        details={msDetails(kpis?.total_time_stats ?? null, ['p95', 'p99'])}
        emptyText={noCompleted}
        hint="From just before the request is sent to the final event, over completed runs."
      />
      <KpiCard
        testId="kpi-ttft"
        label="TTFT p50"
        isLoading={isLoading}
        value={ttft50 === null ? null : formatMs(ttft50)}
        details={msDetails(kpis?.ttft_stats ?? null, ['p95'])}
        emptyText={`No streamed runs reached a first progress event ${rangePhrase}.`}
        hint="Time to first token: from the request to the first PROGRESS event (SSE runs)."
      />
      <KpiCard
        testId="kpi-itl"
        label="Mean inter-token latency"
        isLoading={isLoading}
        value={itl === null ? null : formatMs(itl)}
        emptyText={`No streamed runs with two or more events ${rangePhrase}.`}
        hint="Mean gap between consecutive PROGRESS events (and the last one to COMPLETE); heartbeats excluded."
      />
      <KpiCard
        testId="kpi-runs-per-minute"
        label="Runs per minute"
        isLoading={isLoading}
        value={rpm === null ? null : rpm < 0.1 ? `${formatRate(rpm * 60)} / hour` : formatRate(rpm)}
        emptyText="Pick a bounded time range to see the rate."
        hint={
          apiRpm !== null
            ? 'Runs per minute as the API computes it for the range.'
            : 'Runs in the range ÷ minutes in the range.'
        }
      />
      {showCost ? (
        <KpiCard
          testId="kpi-cost-per-success"
          label="Cost per successful run"
          isLoading={isLoading}
          value={costPerSuccess === null ? null : formatUsd(costPerSuccess)}
          details={totalCost !== null ? [{ label: 'total', value: formatUsd(totalCost) }] : []}
          emptyText={`No successful runs with a cost ${rangePhrase}.`}
          hint="Total cost of the runs in the range ÷ successful runs."
        />
      ) : null}
    </div>
  );
}
