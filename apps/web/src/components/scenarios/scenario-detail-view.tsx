'use client';

import type { Scenario } from '@tfbench/contract';
import { CopyIcon, ListIcon } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { Allowed } from '@/components/auth/allowed';
import { lazyChart } from '@/components/charts/lazy-chart';
import { ChartCard } from '@/components/dashboard/chart-card';
import { RunsTable } from '@/components/runs/runs-table';
import { DataTable } from '@/components/shared/data-table';
import { JsonBlock } from '@/components/shared/json-block';
import { LinkButton } from '@/components/shared/link-button';
import { PageHeader } from '@/components/shared/page-header';
import { RecordNotLoaded } from '@/components/shared/record-not-loaded';
import { RelativeTime } from '@/components/shared/relative-time';
import { ErrorState, TableSkeleton } from '@/components/shared/states';
import { StatusBadge } from '@/components/shared/status-badge';
import { toastFailure } from '@/components/shared/toast-failure';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardHeader, CardHeading, CardTitle } from '@/components/ui/card';
import { toast } from '@/components/ui/toast';
import { mutations, queries } from '@/lib/api';
import { type TrendPoint, trendPoints } from '@/lib/benchmark-trend';
import { formatMs, formatPercent } from '@/lib/format';
import { matchEvents } from '@/lib/live';
import { useQuery } from '@/lib/use-query';

const BenchmarkTrendChart = lazyChart(() => import('@/components/charts/benchmark-trend-chart'));

/** Benchmarks drawn in the trend: the newest this many. */
const TREND_BENCHMARKS = 100;

function scheduleText(s: Scenario): string {
  const { interval_seconds: interval, cron } = s.run_settings;
  if (typeof cron === 'string' && cron) return `cron ${cron}`;
  if (typeof interval === 'number')
    return interval % 60 === 0 ? `every ${interval / 60} min` : `every ${interval} s`;
  return 'no interval or cron set';
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-0.5">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="text-sm break-words">{children}</dd>
    </div>
  );
}

function SettingsCard({ scenario, automationName }: { scenario: Scenario; automationName: string }) {
  const settings = Object.entries(scenario.run_settings).filter(([, v]) => v !== null && v !== undefined);
  return (
    <Card data-testid="scenario-settings">
      <CardHeading title="Settings and schedule" description={scenario.description} />
      <CardContent className="grid gap-4">
        <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-4">
          <Fact label="Automation">
            <Link href="/automations" className="text-primary hover:underline">
              {automationName}
            </Link>
          </Fact>
          <Fact label="Schedule">
            <span className="inline-flex flex-wrap items-center gap-2" data-testid="scenario-schedule">
              <Badge variant={scenario.schedule_enabled ? 'success' : 'muted'}>
                {scenario.schedule_enabled ? 'on' : 'off'}
              </Badge>
              {scheduleText(scenario)}
            </span>
          </Fact>
          <Fact label="Next scheduled run">
            {scenario.schedule_enabled && scenario.next_run_at ? (
              <RelativeTime when={scenario.next_run_at} tense="future" />
            ) : (
              <span className="text-muted-foreground">none</span>
            )}
          </Fact>
          <Fact label="Thresholds">
            {scenario.thresholds.length > 0 ? (
              <ul className="grid gap-0.5">
                {scenario.thresholds.map((t) => (
                  <li key={t}>
                    <code className="font-mono text-xs">{t}</code>
                  </li>
                ))}
              </ul>
            ) : (
              <span className="text-muted-foreground">none</span>
            )}
          </Fact>
        </dl>
        {settings.length > 0 ? (
          <ul className="flex flex-wrap gap-1.5" aria-label="Run settings">
            {settings.map(([key, value]) => (
              <li key={key}>
                <Badge variant="outline" className="font-mono">
                  {key}: {typeof value === 'object' ? JSON.stringify(value) : String(value)}
                </Badge>
              </li>
            ))}
          </ul>
        ) : null}
        <div className="grid gap-2 lg:grid-cols-2">
          <JsonBlock title="Inputs template" value={scenario.inputs_template} emptyText="No inputs." />
          <JsonBlock title="Assertions" value={scenario.assertions} emptyText="No assertions." />
        </div>
      </CardContent>
    </Card>
  );
}

/** A figure of a benchmark's summary, or a dash where the benchmark has none. */
function figureOr(value: number | null, format: (v: number) => string): string {
  return value !== null ? format(value) : '–';
}

function BenchmarksTable({ points }: { points: TrendPoint[] }) {
  return (
    <DataTable
      testId="scenario-benchmarks"
      rows={[...points].reverse()}
      rowProps={() => ({ 'data-testid': 'scenario-benchmark-row' })}
      columns={[
        {
          id: 'benchmark',
          header: 'Benchmark',
          className: 'max-w-48 truncate',
          cell: (p) => (
            <>
              <Link href={`/benchmarks/${p.id}`} className="font-medium text-primary hover:underline">
                #{p.id}
              </Link>
              {p.name ? <span className="ml-2 hidden text-muted-foreground sm:inline">{p.name}</span> : null}
            </>
          ),
        },
        { id: 'status', header: 'Status', from: 'sm', cell: (p) => <StatusBadge status={p.status} /> },
        {
          id: 'p50',
          header: 'p50 total',
          align: 'right',
          className: 'tabular-nums',
          cell: (p) => figureOr(p.p50_total, formatMs),
        },
        {
          id: 'p95',
          header: 'p95 total',
          from: 'sm',
          align: 'right',
          className: 'tabular-nums',
          cell: (p) => figureOr(p.p95_total, formatMs),
        },
        {
          id: 'ttft',
          header: 'p95 TTFT',
          from: 'md',
          align: 'right',
          className: 'tabular-nums',
          cell: (p) => figureOr(p.p95_ttft, formatMs),
        },
        {
          id: 'success',
          header: 'Success',
          align: 'right',
          className: 'tabular-nums',
          cell: (p) => figureOr(p.success, formatPercent),
        },
        {
          id: 'when',
          header: 'When',
          from: 'sm',
          align: 'right',
          muted: true,
          cell: (p) => <RelativeTime when={new Date(p.t).toISOString()} />,
        },
      ]}
    />
  );
}

/**
 * One scenario: its settings and schedule, how its benchmarks trend over time (each point
 * opens that benchmark), and its latest runs.
 */
/** The two trend charts of a scenario's benchmarks, side by side on wide screens. */
const TREND_CHARTS = [
  {
    kind: 'latency',
    title: 'Benchmark latency',
    description: 'p50 and p95 of total duration and TTFT per benchmark. Click a point to open it.',
    testId: 'trend-latency',
  },
  {
    kind: 'rate',
    title: 'Benchmark success rate',
    description: 'Completed runs over runs with an outcome, per benchmark.',
    testId: 'trend-success',
  },
] as const;

export function ScenarioDetailView({ id }: { id: number }) {
  const router = useRouter();
  const [cloning, setCloning] = useState(false);
  const live = {
    live: true,
    matchEvent: matchEvents(['run.status', 'benchmark.progress'], { scenario_id: id }),
  };
  const detail = useQuery(queries.scenario(id), { live: true, pollMs: 10_000 });
  const scenario = detail.data;
  const automation = useQuery(scenario ? queries.automation(scenario.automation_id) : null);
  const benchmarks = useQuery(queries.benchmarks({ scenario_id: id, limit: TREND_BENCHMARKS }), {
    ...live,
    pollMs: 10_000,
    eventThrottleMs: 2_000,
  });
  const runs = useQuery(queries.runs({ scenario_id: id, limit: 10 }), { ...live, pollMs: 5_000 });
  const points = useMemo(() => trendPoints(benchmarks.data ?? []), [benchmarks.data]);

  if (!scenario) return <RecordNotLoaded query={detail} noun="scenario" id={id} list="/scenarios" />;

  const clone = async () => {
    setCloning(true);
    try {
      const copy = await mutations.cloneScenario(scenario.id);
      toast({ title: `Cloned ${scenario.name} as ${copy.name}`, variant: 'success' });
      router.push(`/scenarios/${copy.id}`);
    } catch (e) {
      toastFailure('Could not clone the scenario', e);
      setCloning(false);
    }
  };
  const noTrend =
    points.length === 0
      ? {
          title: 'No benchmark results yet',
          description:
            'Start a benchmark of this scenario from the scenarios page; each one adds a point here.',
        }
      : null;

  return (
    <>
      <PageHeader
        title={scenario.name}
        description={
          <span className="flex flex-wrap gap-x-3 gap-y-1">
            <span>Scenario #{scenario.id}</span>
            <span>
              created <RelativeTime when={scenario.created_at} />
            </span>
          </span>
        }
        actions={
          <>
            <LinkButton variant="outline" href={`/runs?scenario_id=${scenario.id}`}>
              <ListIcon />
              All runs
            </LinkButton>
            <Allowed to="edit">
              <Button variant="outline" onClick={clone} disabled={cloning} data-testid="clone-scenario">
                <CopyIcon />
                Clone
              </Button>
            </Allowed>
          </>
        }
      />
      <div className="grid grid-cols-1 gap-6">
        <SettingsCard
          scenario={scenario}
          automationName={automation.data?.name ?? `Automation #${scenario.automation_id}`}
        />
        <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
          {TREND_CHARTS.map((chart) => (
            <ChartCard
              key={chart.kind}
              title={chart.title}
              description={chart.description}
              isLoading={benchmarks.isLoading}
              error={benchmarks.error}
              empty={noTrend}
              testId={chart.testId}
            >
              <BenchmarkTrendChart points={points} kind={chart.kind} />
            </ChartCard>
          ))}
        </div>
        {points.length > 0 ? (
          <Card>
            <CardHeader>
              <CardTitle>Benchmarks</CardTitle>
            </CardHeader>
            <CardContent>
              <BenchmarksTable points={points} />
            </CardContent>
          </Card>
        ) : null}
        <Card>
          <CardHeader>
            <CardTitle>Recent runs</CardTitle>
          </CardHeader>
          <CardContent>
            {runs.error && !runs.data ? (
              <ErrorState error={runs.error} onRetry={runs.reload} />
            ) : runs.isLoading ? (
              <TableSkeleton rows={4} columns={6} />
            ) : (runs.data ?? []).length === 0 ? (
              <p className="text-sm text-muted-foreground">No runs yet.</p>
            ) : (
              <RunsTable runs={runs.data ?? []} showScenario={false} />
            )}
          </CardContent>
        </Card>
      </div>
    </>
  );
}
