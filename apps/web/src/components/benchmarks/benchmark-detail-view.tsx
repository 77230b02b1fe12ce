'use client';

import { DownloadIcon, GitCompareArrowsIcon, SquareIcon } from 'lucide-react';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { useCan } from '@/components/auth/session';
import { lazyChart } from '@/components/charts/lazy-chart';
import { ChartCard } from '@/components/dashboard/chart-card';
import { RunsTable } from '@/components/runs/runs-table';
import { ConfirmDialog } from '@/components/shared/confirm-dialog';
import { LinkButton } from '@/components/shared/link-button';
import { PageHeader } from '@/components/shared/page-header';
import { RecordNotLoaded } from '@/components/shared/record-not-loaded';
import { RelativeTime } from '@/components/shared/relative-time';
import { EmptyState, ErrorState, TableSkeleton } from '@/components/shared/states';
import { StatusBadge } from '@/components/shared/status-badge';
import { toastFailure } from '@/components/shared/toast-failure';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardHeading } from '@/components/ui/card';
import { dismissToast, toast } from '@/components/ui/toast';
import { toHistogramRows } from '@/lib/analytics';
import { downloads, mutations, queries } from '@/lib/api';
import { formatCount, formatMs } from '@/lib/format';
import { matchEvents } from '@/lib/live';
import { useQuery } from '@/lib/use-query';
import { useScenarioNames } from '@/lib/use-scenario-names';
import { BenchmarkRowsCard } from './benchmark-rows-card';
import { BenchmarkSeriesCard, SeriesParentLine } from './benchmark-series-card';
import { Headline, SettingsList } from './benchmark-settings';
import { SummaryCard } from './benchmark-summary-card';
import { ThresholdsCard } from './benchmark-thresholds-card';
import { BenchmarkTokensCard } from './benchmark-tokens-card';
import { progressOf } from './progress';
import { ProgressBar } from './progress-bar';
import { RerunButton } from './rerun-button';
import { SeriesTotalsCard } from './series-totals-card';
import { EarlyStopLine, StoppedEarlyBadge } from './stopped-early';
import { VerdictBadge } from './verdict';

const HistogramChart = lazyChart(() => import('@/components/charts/histogram-chart'));

const IN_FLIGHT = new Set(['pending', 'running']);

/** One benchmark: live progress, summary, histogram, thresholds and its runs. */
export function BenchmarkDetailView({ id }: { id: number }) {
  const scenarioNames = useScenarioNames();
  const [finished, setFinished] = useState(false);
  const canTrigger = useCan('trigger');
  const [busy, setBusy] = useState(false);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const live = {
    live: !finished,
    matchEvent: matchEvents(['benchmark.progress', 'run.status'], { benchmark_id: id }),
  };
  const detail = useQuery(queries.benchmark(id), { ...live, pollMs: 2000 });
  const runs = useQuery(queries.runs({ benchmark_id: id, limit: 200 }), { ...live, pollMs: 3000 });
  const histogram = useQuery(queries.histogram('total', { benchmark_id: id }), { ...live, pollMs: 10_000 });
  const benchmark = detail.data;
  const inFlight = benchmark ? IN_FLIGHT.has(benchmark.status) : true;
  useEffect(() => {
    setFinished(!inFlight);
    if (!inFlight) dismissToast(`benchmark-${id}`);
  }, [inFlight, id]);

  if (!benchmark) return <RecordNotLoaded query={detail} noun="benchmark" id={id} list="/benchmarks" />;

  const progress = progressOf(benchmark);
  // A sweep or search runs nothing itself: its runs, and their histogram, belong to its steps.
  const seriesParent = benchmark.settings.arrival === 'sweep' || benchmark.settings.arrival === 'search';
  const histogramRows = toHistogramRows(histogram.data);
  const cancel = async () => {
    setBusy(true);
    try {
      await mutations.cancelBenchmark(benchmark.id);
      toast({ title: `Cancelling benchmark #${benchmark.id}`, variant: 'success' });
      detail.reload();
    } catch (e) {
      toastFailure('Could not cancel the benchmark', e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            Benchmark #{benchmark.id}
            {benchmark.name ? (
              <span className="font-normal text-muted-foreground">{benchmark.name}</span>
            ) : null}
            <StatusBadge status={benchmark.status} />
            <VerdictBadge benchmark={benchmark} />
            <StoppedEarlyBadge benchmark={benchmark} />
          </span>
        }
        description={
          <span className="flex flex-wrap gap-x-3 gap-y-1">
            <Link
              href={`/runs?scenario_id=${benchmark.scenario_id}`}
              className="text-primary hover:underline"
            >
              {scenarioNames.get(benchmark.scenario_id) ?? `Scenario #${benchmark.scenario_id}`}
            </Link>
            <span>
              created <RelativeTime when={benchmark.created_at} />
            </span>
            {benchmark.started_at && benchmark.finished_at ? (
              <span>
                took {formatMs(Date.parse(benchmark.finished_at) - Date.parse(benchmark.started_at))}
              </span>
            ) : null}
            <SeriesParentLine benchmark={benchmark} />
            <EarlyStopLine benchmark={benchmark} />
          </span>
        }
        actions={
          <>
            <Button variant="outline" asChild>
              <a
                href={downloads.benchmarkReport(benchmark.id, 'html')}
                download
                data-testid="benchmark-report-html"
              >
                <DownloadIcon />
                Download report
              </a>
            </Button>
            <Button variant="outline" asChild>
              <a href={downloads.benchmarkReport(benchmark.id)} download data-testid="benchmark-report">
                <DownloadIcon />
                JSON
              </a>
            </Button>
            <Button variant="outline" asChild>
              <Link href={`/benchmarks/compare?a=${benchmark.id}`}>
                <GitCompareArrowsIcon />
                Compare
              </Link>
            </Button>
            <RerunButton benchmarkId={benchmark.id} />
            {inFlight && canTrigger ? (
              <Button
                variant="outline"
                onClick={() => setConfirmingCancel(true)}
                disabled={busy}
                data-testid="cancel-benchmark"
              >
                <SquareIcon />
                Cancel
              </Button>
            ) : null}
          </>
        }
      />
      <div className="grid grid-cols-1 gap-6">
        {detail.error ? (
          <ErrorState error={detail.error} onRetry={detail.reload} title="Refreshing failed" />
        ) : null}
        <Card>
          <CardContent className="grid grid-cols-1 gap-4">
            <Headline benchmark={benchmark} inFlight={inFlight} />
            {/* A series' progress is its points or probes, shown on its sweep or search card. */}
            {seriesParent ? null : <ProgressBar progress={progress} />}
            <SettingsList benchmark={benchmark} />
          </CardContent>
        </Card>
        <BenchmarkSeriesCard benchmark={benchmark} inFlight={inFlight} />
        {seriesParent ? (
          <SeriesTotalsCard benchmark={benchmark} inFlight={inFlight} />
        ) : (
          <SummaryCard benchmark={benchmark} inFlight={inFlight} />
        )}
        <BenchmarkTokensCard benchmark={benchmark} />
        <BenchmarkRowsCard benchmark={benchmark} live={live} />
        <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
          {seriesParent ? null : (
            <ChartCard
              testId="benchmark-histogram"
              title="Latency distribution"
              description="Total time of the completed runs"
              isLoading={histogram.isLoading}
              error={histogram.error}
              empty={
                histogramRows.some((r) => r.count > 0)
                  ? null
                  : {
                      title: 'No completed runs yet',
                      description: inFlight
                        ? 'Bars appear as runs complete.'
                        : 'No run of this benchmark completed.',
                    }
              }
            >
              <HistogramChart rows={histogramRows} />
            </ChartCard>
          )}
          <ThresholdsCard benchmark={benchmark} inFlight={inFlight} />
        </div>
        {seriesParent ? null : (
          <Card>
            <CardHeading
              title="Runs"
              description={
                runs.total !== undefined ? `${formatCount(runs.total)} runs` : 'Every run of this benchmark'
              }
              action={
                <LinkButton variant="outline" size="sm" href={`/runs?benchmark_id=${benchmark.id}`}>
                  Open in Runs
                </LinkButton>
              }
            />
            <CardContent>
              {runs.error && !runs.data ? (
                <ErrorState error={runs.error} onRetry={runs.reload} />
              ) : runs.isLoading ? (
                <TableSkeleton />
              ) : (runs.data ?? []).length === 0 ? (
                <EmptyState
                  compact
                  title="No runs yet"
                  description="Runs appear here as the benchmark creates them."
                />
              ) : (
                <RunsTable runs={runs.data ?? []} showScenario={false} />
              )}
            </CardContent>
          </Card>
        )}
      </div>
      <ConfirmDialog
        open={confirmingCancel}
        onClose={() => setConfirmingCancel(false)}
        title={`Cancel benchmark #${benchmark.id}?`}
        description="Runs not yet started will not start, and runs in flight are stopped. Finished runs and their figures are kept, but the benchmark cannot be resumed."
        keepLabel="Keep running"
        confirmLabel="Cancel benchmark"
        onConfirm={cancel}
        testId="confirm-cancel-benchmark"
      />
    </>
  );
}
