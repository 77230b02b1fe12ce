'use client';

import type { Benchmark } from '@tfbench/contract';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { lazyChart } from '@/components/charts/lazy-chart';
import type { CurveView } from '@/components/charts/sweep-curve-chart';
import { ChartCard } from '@/components/dashboard/chart-card';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardHeading } from '@/components/ui/card';
import {
  CURVE_METRICS,
  type CurveMetric,
  type CurveRow,
  curveRows,
  describeSaturation,
  formatLoad,
  probeRows,
  type Saturation,
  type SweepCurve,
} from '@/lib/series-chart';
import { SearchProbesTable, StepLink, SweepStepsTable } from './series-steps-table';

const SweepCurveChart = lazyChart(() => import('@/components/charts/sweep-curve-chart'));
const SaturationChart = lazyChart(() => import('@/components/charts/saturation-chart'));

type SweepSummary = NonNullable<NonNullable<Benchmark['summary']>['sweep']>;

const stillRunning = (inFlight: boolean) => ({
  title: inFlight ? 'No point has finished yet' : 'No point finished',
  description: inFlight
    ? 'The probes run first; each point appears here as its step benchmark ends.'
    : 'The sweep ended before its first point.',
});

/** The sweep's probes and progress, in one line. */
function SweepLine({ sweep }: { sweep: SweepSummary }) {
  const rate = (v: number | null) => (v === null ? 'not yet measured' : `${formatLoad(v)} runs/s`);
  return (
    <p className="text-sm text-muted-foreground" data-testid="sweep-line">
      {sweep.points_finished} of {sweep.points} points finished ({sweep.duration_s_per_point} s each).
      Synchronous probe <StepLink id={sweep.synchronous_benchmark_id} />: {rate(sweep.min_rate_per_s)}
      {'; '}
      throughput probe <StepLink id={sweep.throughput_benchmark_id} />: {rate(sweep.max_rate_per_s)}.
      {sweep.error ? <span className="text-destructive"> The sweep stopped: {sweep.error}.</span> : null}
    </p>
  );
}

/** The sweep's three charts, side by side: latency, throughput and quality against the offered rate. */
function sweepPanels(
  latencyLabel: string,
  rows: CurveRow[],
): Array<{ view: CurveView; title: string; description: string }> {
  return [
    { view: 'latency', title: `${latencyLabel} p50 / p95 / p99`, description: 'Against the offered rate' },
    {
      view: 'throughput',
      title: 'Achieved against offered rate',
      description: 'Below the diagonal, the service could not keep up',
    },
    {
      view: 'quality',
      title: 'Error rate and SLO attainment',
      description: rows.some((r) => r.attainment !== null)
        ? 'Attainment with its 95 % interval'
        : 'No SLO was given: error rate only',
    },
  ];
}

/** A sweep: latency, achieved rate and error rate / attainment against the offered rate. */
export function SweepCurveCard({
  sweep,
  curve,
  inFlight,
}: {
  sweep: SweepSummary | undefined;
  curve: SweepCurve;
  inFlight: boolean;
}) {
  const router = useRouter();
  const [metric, setMetric] = useState<CurveMetric>('ttft');
  const rows = curveRows(curve, metric);
  const open = (id: number) => router.push(`/benchmarks/${id}`);
  const empty = rows.length === 0 ? stillRunning(inFlight) : null;
  const label = CURVE_METRICS.find((m) => m.value === metric)?.label ?? metric;
  return (
    <Card data-testid="sweep-card">
      <CardHeading
        title="Sweep: latency against load"
        description="Each point is a constant-rate step benchmark; click a point to open it."
        action={
          <fieldset className="flex flex-wrap gap-1" aria-label="Latency metric">
            {CURVE_METRICS.map((m) => (
              <Button
                key={m.value}
                size="sm"
                variant={m.value === metric ? 'default' : 'outline'}
                aria-pressed={m.value === metric}
                onClick={() => setMetric(m.value)}
              >
                {m.label}
              </Button>
            ))}
          </fieldset>
        }
      />
      <CardContent className="grid gap-4">
        {sweep ? <SweepLine sweep={sweep} /> : null}
        <div className="grid grid-cols-1 gap-4 xl:grid-cols-3">
          {sweepPanels(label, rows).map((panel) => (
            <ChartCard
              key={panel.view}
              testId={`sweep-${panel.view}-chart`}
              title={panel.title}
              description={panel.description}
              isLoading={false}
              empty={empty}
            >
              <SweepCurveChart rows={rows} view={panel.view} onOpenStep={open} />
            </ChartCard>
          ))}
        </div>
        {rows.length > 0 ? <SweepStepsTable rows={rows} /> : null}
      </CardContent>
    </Card>
  );
}

/** A saturation search: its probes, the target and the knee with its bracket. */
export function SaturationCard({ saturation, inFlight }: { saturation: Saturation; inFlight: boolean }) {
  const router = useRouter();
  const rows = probeRows(saturation);
  return (
    <Card data-testid="saturation-card">
      <CardHeading
        title="Search: the highest load that keeps the SLO"
        description={`Over ${saturation.over === 'rate' ? 'the arrival rate' : 'the runs in flight'}; click a probe to open its benchmark.`}
      />
      <CardContent className="grid gap-4">
        <p className="text-sm font-medium" data-testid="saturation-line">
          {describeSaturation(saturation)}
          {saturation.ended ? (
            <span className="font-normal text-muted-foreground">
              {' '}
              Ended: {saturation.ended.replace('_', ' ')}.
            </span>
          ) : null}
        </p>
        <ChartCard
          testId="saturation-chart"
          title="Attainment by load"
          description={
            saturation.ci[0] !== null && saturation.ci[1] !== null
              ? 'Each probe with its 95 % interval; the shaded band is where the knee lies'
              : 'Each probe with its 95 % interval, against the target'
          }
          isLoading={false}
          height="h-72"
          empty={
            rows.length === 0
              ? {
                  title: inFlight ? 'No probe has finished yet' : 'No probe finished',
                  description: 'Probes appear here as their step benchmarks end.',
                }
              : null
          }
        >
          <SaturationChart
            saturation={saturation}
            rows={rows}
            onOpenStep={(id) => router.push(`/benchmarks/${id}`)}
          />
        </ChartCard>
        {rows.length > 0 ? <SearchProbesTable saturation={saturation} rows={rows} /> : null}
      </CardContent>
    </Card>
  );
}

/** The series charts of a sweep or search benchmark; nothing for any other benchmark. */
export function BenchmarkSeriesCard({ benchmark, inFlight }: { benchmark: Benchmark; inFlight: boolean }) {
  const summary = benchmark.summary;
  const arrival = benchmark.settings.arrival;
  if (summary?.saturation) return <SaturationCard saturation={summary.saturation} inFlight={inFlight} />;
  if (summary?.curve || summary?.sweep || arrival === 'sweep')
    return <SweepCurveCard sweep={summary?.sweep} curve={summary?.curve ?? []} inFlight={inFlight} />;
  return null;
}

/** On a step benchmark: which series it belongs to, linking back. */
export function SeriesParentLine({ benchmark }: { benchmark: Benchmark }) {
  const parent = benchmark.settings.series_of;
  if (typeof parent !== 'number') return null;
  const step = benchmark.settings.series_step as { kind?: string; point?: number } | undefined;
  const what =
    step?.kind === 'point'
      ? `point ${(step.point ?? 0) + 1}`
      : step?.kind === 'probe'
        ? 'a probe'
        : step?.kind
          ? `the ${step.kind} probe`
          : 'a step';
  return (
    <span data-testid="series-parent">
      {what} of{' '}
      <Link href={`/benchmarks/${parent}`} className="text-primary hover:underline">
        series #{parent}
      </Link>
    </span>
  );
}
