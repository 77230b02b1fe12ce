'use client';

import { CircleCheckIcon, CircleXIcon, DownloadIcon, GitCompareArrowsIcon, SquareIcon } from 'lucide-react';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { useCan } from '@/components/auth/session';
import { ChartCard } from '@/components/dashboard/chart-card';
import { RunsTable } from '@/components/runs/runs-table';
import { ConfirmDialog } from '@/components/shared/confirm-dialog';
import { PageHeader } from '@/components/shared/page-header';
import { PageSkeleton } from '@/components/shared/page-skeleton';
import { RelativeTime } from '@/components/shared/relative-time';
import { EmptyState, ErrorState, TableSkeleton } from '@/components/shared/states';
import { StatusBadge } from '@/components/shared/status-badge';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { dismissToast, toast } from '@/components/ui/toast';
import { toHistogramRows } from '@/lib/analytics';
import { type Benchmark, downloads, mutations, queries } from '@/lib/api';
import { formatCount, formatMs, formatPercent } from '@/lib/format';
import { matchEvents } from '@/lib/live';
import { distributionRows, errorBreakdown, facts, formatObserved } from '@/lib/summary';
import { useMediaQuery } from '@/lib/use-media-query';
import { useQuery } from '@/lib/use-query';
import { useScenarioNames } from '@/lib/use-scenario-names';
import { userMessage } from '@/lib/user-messages';
import { progressOf } from './progress';
import { ProgressBar } from './progress-bar';
import { RerunButton } from './rerun-button';
import { headlineOf, VerdictBadge, verdictOf } from './verdict';

const HistogramChart = dynamic(() => import('@/components/charts/histogram-chart'), {
  ssr: false,
  loading: () => <Skeleton className="h-full w-full" />,
});

const IN_FLIGHT = new Set(['pending', 'running']);

/** A benchmark setting as words: `rate_per_s: 2` reads "rate 2/s", `timeout_s: 30` "timeout 30 s". */
function settingText(key: string, value: unknown): { label: string; value: string } {
  const v = String(value);
  if (key.endsWith('_per_s'))
    return { label: key.slice(0, -'_per_s'.length).replace(/_/g, ' '), value: `${v}/s` };
  if (key.endsWith('_s')) return { label: key.slice(0, -2).replace(/_/g, ' '), value: `${v} s` };
  return { label: key.replace('warmup', 'warm-up').replace(/_/g, ' '), value: v };
}

function SettingsList({ benchmark }: { benchmark: Benchmark }) {
  const entries = Object.entries(benchmark.settings).filter(
    ([, v]) => v !== null && v !== undefined && typeof v !== 'object',
  );
  if (entries.length === 0) return null;
  return (
    <dl className="flex flex-wrap gap-x-5 gap-y-1 text-sm" data-testid="benchmark-settings">
      {entries.map(([k, v]) => {
        const { label, value } = settingText(k, v);
        return (
          <div key={k} className="flex gap-1.5">
            <dt className="text-muted-foreground">{label}</dt>
            <dd className="font-medium tabular-nums">{value}</dd>
          </div>
        );
      })}
    </dl>
  );
}

/**
 * The figures to read before any percentile: the verdict, what the success rate is over, and
 * for open arrivals the drops and the schedule lag that a clean rate would otherwise hide.
 */
function Headline({ benchmark, inFlight }: { benchmark: Benchmark; inFlight: boolean }) {
  const h = headlineOf(benchmark);
  const verdict = verdictOf(benchmark);
  const open = benchmark.settings.arrival === 'constant' || benchmark.settings.arrival === 'poisson';
  const tile = 'rounded-lg border px-3 py-2.5';
  return (
    <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4" data-testid="benchmark-headline">
      <div className={tile}>
        <dt className="text-xs text-muted-foreground">Verdict</dt>
        <dd className="mt-1">
          {verdict ? (
            <VerdictBadge benchmark={benchmark} />
          ) : (
            <span className="text-sm text-muted-foreground">
              {inFlight ? 'when it ends' : 'not evaluated'}
            </span>
          )}
        </dd>
      </div>
      <div className={tile}>
        <dt className="text-xs text-muted-foreground">Success rate</dt>
        <dd className="text-lg font-semibold tabular-nums">
          {h.successRate === null ? (
            <span className="text-sm font-normal text-muted-foreground">no outcomes yet</span>
          ) : (
            formatPercent(h.successRate)
          )}
        </dd>
        {h.runsSent !== null ? (
          <dd
            className="text-xs text-muted-foreground tabular-nums"
            data-testid="benchmark-success-denominator"
          >
            of {formatCount(h.runsSent)} {h.runsSent === 1 ? 'run' : 'runs'} sent
            {h.runsPlanned !== null ? ` · ${formatCount(h.runsPlanned)} planned` : ''}
          </dd>
        ) : null}
      </div>
      <div className={tile}>
        <dt className="text-xs text-muted-foreground">Dropped runs</dt>
        <dd
          className={`text-lg font-semibold tabular-nums ${h.droppedRuns ? 'text-destructive' : ''}`}
          data-testid="benchmark-dropped-runs"
        >
          {open && h.droppedRuns !== null ? (
            formatCount(h.droppedRuns)
          ) : (
            <span className="text-sm font-normal text-muted-foreground">none (closed arrival)</span>
          )}
        </dd>
        {open && h.droppedRuns ? (
          <dd className="text-xs text-muted-foreground">never sent: no concurrency slot within max lag</dd>
        ) : null}
      </div>
      <div className={tile}>
        <dt className="text-xs text-muted-foreground">Schedule lag p99</dt>
        <dd className="text-lg font-semibold tabular-nums" data-testid="benchmark-lag-p99">
          {open && h.lagP99Ms !== null ? (
            formatMs(h.lagP99Ms)
          ) : (
            <span className="text-sm font-normal text-muted-foreground">
              {open ? 'no runs started yet' : 'none (closed arrival)'}
            </span>
          )}
        </dd>
        {open ? <dd className="text-xs text-muted-foreground">actual minus intended start</dd> : null}
      </div>
    </dl>
  );
}

function SummaryCard({ benchmark, inFlight }: { benchmark: Benchmark; inFlight: boolean }) {
  const rows = distributionRows(benchmark.summary);
  const scalars = facts(benchmark.summary);
  const errors = errorBreakdown(benchmark.summary);
  const stat = (v: number | null) =>
    v === null ? <span className="text-xs text-muted-foreground">no data</span> : formatMs(v);
  const isWide = useMediaQuery('(min-width: 640px)');
  return (
    <Card data-testid="benchmark-summary">
      <CardHeader>
        <div>
          <CardTitle>Summary</CardTitle>
          <CardDescription className="mt-1">
            Over completed, non-warm-up runs; failures are counted in the rates, never averaged into latency.
          </CardDescription>
        </div>
      </CardHeader>
      <CardContent className="grid grid-cols-1 gap-5">
        {!benchmark.summary || (rows.length === 0 && scalars.length === 0) ? (
          <EmptyState
            compact
            title={inFlight ? 'The summary appears as runs complete' : 'No summary was recorded'}
            description={
              inFlight
                ? 'Percentiles, success rate and cost fill in while the benchmark runs.'
                : 'None of its runs completed, so there is nothing to summarise. Check the runs below for their errors.'
            }
          />
        ) : (
          <>
            {scalars.length > 0 ? (
              <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-6">
                {scalars.map((f) => (
                  <div key={f.key} className="rounded-lg border px-3 py-2.5">
                    <dt className="text-xs text-muted-foreground">{f.label}</dt>
                    <dd className="text-lg font-semibold tabular-nums">{f.value}</dd>
                    {f.detail ? (
                      <dd className="text-xs text-muted-foreground tabular-nums">{f.detail}</dd>
                    ) : null}
                  </div>
                ))}
              </dl>
            ) : null}
            {rows.length > 0 && !isWide ? (
              // On a phone seven columns do not fit: one card per metric, every figure labelled.
              <div className="grid grid-cols-1 gap-3" data-testid="percentile-cards">
                {rows.map((r) => (
                  <div key={r.key} className="rounded-lg border p-3">
                    <p className="text-sm font-medium">{r.label}</p>
                    <dl className="mt-2 grid grid-cols-3 gap-x-3 gap-y-2 text-sm tabular-nums">
                      {(
                        [
                          ['n', r.count === null ? '' : formatCount(r.count)],
                          ['p50', stat(r.p50)],
                          ['p90', stat(r.p90)],
                          ['p95', stat(r.p95)],
                          ['p99', stat(r.p99)],
                          ['mean', stat(r.mean)],
                        ] as const
                      ).map(([label, value]) => (
                        <div key={label}>
                          <dt className="text-xs text-muted-foreground">{label}</dt>
                          <dd>{value}</dd>
                        </div>
                      ))}
                    </dl>
                  </div>
                ))}
              </div>
            ) : rows.length > 0 ? (
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHead>Metric</TableHead>
                    <TableHead className="text-right">n</TableHead>
                    <TableHead className="text-right">p50</TableHead>
                    <TableHead className="text-right">p90</TableHead>
                    <TableHead className="text-right">p95</TableHead>
                    <TableHead className="text-right">p99</TableHead>
                    <TableHead className="text-right">mean</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {rows.map((r) => (
                    <TableRow key={r.key}>
                      <TableCell className="font-medium">{r.label}</TableCell>
                      <TableCell className="text-right tabular-nums">
                        {r.count === null ? '' : formatCount(r.count)}
                      </TableCell>
                      <TableCell className="text-right tabular-nums">{stat(r.p50)}</TableCell>
                      <TableCell className="text-right tabular-nums">{stat(r.p90)}</TableCell>
                      <TableCell className="text-right tabular-nums">{stat(r.p95)}</TableCell>
                      <TableCell className="text-right tabular-nums">{stat(r.p99)}</TableCell>
                      <TableCell className="text-right tabular-nums">{stat(r.mean)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            ) : null}
            {errors.length > 0 ? (
              <div className="grid grid-cols-1 gap-2">
                <h3 className="text-sm font-medium">Errors by code</h3>
                <ul className="flex flex-wrap gap-2">
                  {errors.map((e) => (
                    <li key={e.code}>
                      <Badge variant="destructive">
                        {e.code} × {formatCount(e.count)}
                      </Badge>
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
          </>
        )}
      </CardContent>
    </Card>
  );
}

function ThresholdsCard({ benchmark, inFlight }: { benchmark: Benchmark; inFlight: boolean }) {
  const results = benchmark.threshold_results ?? [];
  const declared = Array.isArray(benchmark.settings.thresholds)
    ? (benchmark.settings.thresholds as unknown[])
    : [];
  return (
    <Card data-testid="benchmark-thresholds">
      <CardHeader>
        <CardTitle>Thresholds</CardTitle>
      </CardHeader>
      <CardContent>
        {results.length > 0 ? (
          <ul className="grid grid-cols-1 gap-2">
            {results.map((t) => (
              <li key={t.expression} className="flex items-start gap-2 text-sm" data-passed={t.passed}>
                {t.passed ? (
                  <CircleCheckIcon className="mt-0.5 size-4 shrink-0 text-success" aria-label="passed" />
                ) : (
                  <CircleXIcon className="mt-0.5 size-4 shrink-0 text-destructive" aria-label="failed" />
                )}
                <div className="min-w-0">
                  <code className="break-all font-mono text-xs">{t.expression}</code>
                  {t.built_in ? (
                    <span className="ml-2 text-xs text-muted-foreground">
                      built-in (check_dropped_runs: false turns it off)
                    </span>
                  ) : null}
                  <p className="text-xs text-muted-foreground">
                    {t.observed === null
                      ? 'no values to compare'
                      : `observed ${formatObserved(t.expression, t.observed)}`}
                    {typeof t.n === 'number' ? ` over ${formatCount(t.n)} runs` : ''}
                  </p>
                </div>
              </li>
            ))}
          </ul>
        ) : declared.length > 0 ? (
          <div className="grid grid-cols-1 gap-2 text-sm">
            <p className="text-muted-foreground">
              {inFlight ? 'Checked when the benchmark ends:' : 'These were not evaluated:'}
            </p>
            <ul className="grid grid-cols-1 gap-1">
              {declared.map((d) => (
                <li key={String(d)}>
                  <code className="font-mono text-xs">{String(d)}</code>
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <p className="text-sm text-muted-foreground">
            No thresholds were set. Add some to the scenario (e.g. p95(total_duration_ms) &lt; 30000) to get a
            pass/fail verdict.
          </p>
        )}
      </CardContent>
    </Card>
  );
}

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

  if (detail.error && !benchmark) {
    return (
      <>
        <PageHeader title={`Benchmark #${id}`} />
        {detail.error.status === 404 && !detail.error.isMissingEndpoint ? (
          <EmptyState
            title={`There is no benchmark #${id}`}
            action={
              <Button asChild>
                <Link href="/benchmarks">All benchmarks</Link>
              </Button>
            }
          />
        ) : (
          <ErrorState
            error={detail.error}
            onRetry={detail.reload}
            title={detail.error.isMissingEndpoint ? 'This API does not serve benchmarks yet' : undefined}
          />
        )}
      </>
    );
  }
  if (!benchmark) return <PageSkeleton />;

  const progress = progressOf(benchmark, runs.data);
  const histogramRows = toHistogramRows(histogram.data);
  const cancel = async () => {
    setBusy(true);
    try {
      await mutations.cancelBenchmark(benchmark.id);
      toast({ title: `Cancelling benchmark #${benchmark.id}`, variant: 'success' });
      detail.reload();
    } catch (e) {
      toast({
        title: 'Could not cancel the benchmark',
        description: userMessage(e),
        variant: 'destructive',
      });
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
          </span>
        }
        actions={
          <>
            <Button variant="outline" asChild>
              <a href={downloads.benchmarkReport(benchmark.id)} download data-testid="benchmark-report">
                <DownloadIcon />
                Report
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
            <ProgressBar progress={progress} />
            <SettingsList benchmark={benchmark} />
          </CardContent>
        </Card>
        <SummaryCard benchmark={benchmark} inFlight={inFlight} />
        <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
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
          <ThresholdsCard benchmark={benchmark} inFlight={inFlight} />
        </div>
        <Card>
          <CardHeader>
            <div>
              <CardTitle>Runs</CardTitle>
              <CardDescription className="mt-1">
                {runs.total !== undefined ? `${formatCount(runs.total)} runs` : 'Every run of this benchmark'}
              </CardDescription>
            </div>
            <Button variant="outline" size="sm" asChild>
              <Link href={`/runs?benchmark_id=${benchmark.id}`}>Open in Runs</Link>
            </Button>
          </CardHeader>
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
      </div>
      <ConfirmDialog
        open={confirmingCancel}
        onOpenChange={setConfirmingCancel}
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
