'use client';

import type { DashboardKpis } from '@tfbench/contract';
import { ErrorState } from '@/components/shared/states';
import type { ApiError } from '@/lib/api';
import { KpiCard } from './kpi-card';
import { dashboardKpiCards } from './kpi-cards';

/** The KPI cards of the dashboard, from `GET /api/v1/runs/kpis/dashboard` (see `dashboardKpiCards`). */
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
  return (
    <div className="grid grid-cols-2 gap-2 sm:gap-3 lg:grid-cols-3 2xl:grid-cols-4" data-testid="kpi-grid">
      {dashboardKpiCards(kpis, rangePhrase).map((card) => (
        <KpiCard key={card.testId} isLoading={isLoading} {...card} />
      ))}
    </div>
  );
}
