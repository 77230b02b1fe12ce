'use client';

import type { KpiQuery } from '@tfbench/contract';
import { useMemo } from 'react';
import { RunsTable } from '@/components/runs/runs-table';
import { ScenarioFilter, TimeRangeFilter } from '@/components/shared/filters';
import { LinkButton } from '@/components/shared/link-button';
import { PageHeader } from '@/components/shared/page-header';
import { EmptyState, ErrorState, TableSkeleton } from '@/components/shared/states';
import { Card, CardContent, CardHeading } from '@/components/ui/card';
import { queries } from '@/lib/api';
import { matchEvents } from '@/lib/live';
import { bucketFor, dateOf, parseTimeRange, rangePhrase, rangeStart } from '@/lib/time-range';
import { useUrlState } from '@/lib/url-state';
import { useNow } from '@/lib/use-now';
import { useQuery } from '@/lib/use-query';
import { useScenarioNames } from '@/lib/use-scenario-names';
import { DashboardCharts } from './dashboard-charts';
import { DemoSetup } from './demo-setup';
import { KpiGrid } from './kpi-grid';

/** The dashboard: filters in the URL, KPIs, charts and the latest runs, all live. */
export function DashboardView() {
  const url = useUrlState();
  const range = parseTimeRange(url.get('range'), '24h');
  const scenarioId = url.getNumber('scenario_id');
  const now = useNow();
  // Rounded to the minute inside rangeStart, so the query path is stable between renders.
  const from = rangeStart(range, now.getTime());
  const filters: KpiQuery = useMemo(
    () => ({ scenario_id: scenarioId, from: dateOf(from) }),
    [scenarioId, from],
  );
  const phrase = rangePhrase(range);

  const kpis = useQuery(queries.kpis(filters), {
    live: true,
    matchEvent: matchEvents(['run.status'], { scenario_id: scenarioId }),
    eventThrottleMs: 2000,
  });
  const automations = useQuery(queries.automations());
  const scenarioNames = useScenarioNames();

  const isEmptySystem = automations.data !== undefined && automations.data.length === 0;

  return (
    <>
      <PageHeader
        title="Dashboard"
        description="Latency, success and throughput of your automation runs, updated live."
        actions={
          <div className="flex w-full flex-col gap-3 sm:w-auto sm:flex-row">
            <TimeRangeFilter
              value={range}
              onChange={(v) => url.set({ range: v === '24h' ? undefined : v })}
            />
            <ScenarioFilter value={scenarioId} onChange={(v) => url.set({ scenario_id: v })} />
          </div>
        }
      />
      <div className="grid grid-cols-1 gap-6">
        {isEmptySystem ? (
          <DemoSetup
            onCreated={() => {
              automations.reload();
              kpis.reload();
            }}
          />
        ) : null}
        <KpiGrid
          kpis={kpis.data}
          error={kpis.error}
          isLoading={kpis.isLoading}
          rangePhrase={phrase}
          onRetry={kpis.reload}
        />
        <DashboardCharts
          // Time series need a start; "all time" charts the last 30 days (the API's own default is 24 h).
          filters={range === 'all' ? { ...filters, from: dateOf(rangeStart('30d', now.getTime())) } : filters}
          bucket={bucketFor(range)}
          rangePhrase={range === 'all' ? 'in the last 30 days' : phrase}
          note={range === 'all' ? 'Charts show the last 30 days.' : undefined}
        />
        <Card data-testid="recent-runs">
          <CardHeading
            title="Recent runs"
            description="The ten newest runs for these filters."
            action={
              <LinkButton
                variant="outline"
                size="sm"
                href={`/runs${scenarioId ? `?scenario_id=${scenarioId}` : ''}`}
              >
                All runs
              </LinkButton>
            }
          />
          <CardContent>
            {kpis.error && !kpis.data ? (
              <ErrorState error={kpis.error} onRetry={kpis.reload} />
            ) : kpis.isLoading ? (
              <TableSkeleton rows={5} />
            ) : (kpis.data?.recent_runs ?? []).length === 0 ? (
              <EmptyState
                compact
                title={`No runs ${phrase}`}
                description="Go to Scenarios and press Trigger run, or start a benchmark. New runs appear here as they start."
                action={
                  <LinkButton size="sm" href="/scenarios">
                    Go to scenarios
                  </LinkButton>
                }
              />
            ) : (
              <RunsTable
                runs={kpis.data?.recent_runs ?? []}
                scenarioNames={scenarioNames}
                dimmed={kpis.isStale}
              />
            )}
          </CardContent>
        </Card>
      </div>
    </>
  );
}
