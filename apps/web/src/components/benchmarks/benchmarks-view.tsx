'use client';

import { GaugeIcon, GitCompareArrowsIcon } from 'lucide-react';
import Link from 'next/link';
import { ListView } from '@/components/shared/list-view';
import { PageHeader } from '@/components/shared/page-header';
import { RelativeTime } from '@/components/shared/relative-time';
import { EmptyState } from '@/components/shared/states';
import { StatusBadge } from '@/components/shared/status-badge';
import { Button } from '@/components/ui/button';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { queries } from '@/lib/api';
import { formatMs } from '@/lib/format';
import { matchEvents } from '@/lib/live';
import { distributionRows } from '@/lib/summary';
import { useQuery } from '@/lib/use-query';
import { useScenarioNames } from '@/lib/use-scenario-names';
import { progressOf } from './progress';
import { ProgressBar } from './progress-bar';
import { DroppedAndLag, VerdictBadge } from './verdict';

/** Benchmarks, newest first, with their verdict, progress, drops and lag, and headline latency. */
export function BenchmarksView() {
  const benchmarks = useQuery(queries.benchmarks({ limit: 100 }), {
    live: true,
    pollMs: 3000,
    matchEvent: matchEvents(['benchmark.progress']),
  });
  const scenarioNames = useScenarioNames();

  return (
    <>
      <PageHeader
        title="Benchmarks"
        description="Many runs of a scenario at a set concurrency or arrival rate, summarised."
        actions={
          <Button variant="outline" asChild>
            <Link href="/benchmarks/compare">
              <GitCompareArrowsIcon />
              Compare two
            </Link>
          </Button>
        }
      />
      <ListView
        query={benchmarks}
        resource="benchmarks"
        empty={
          <EmptyState
            icon={<GaugeIcon className="size-6" />}
            title="No benchmarks yet"
            description="Open Scenarios and press Benchmark on a scenario to run it many times and get its percentiles."
            action={
              <Button asChild>
                <Link href="/scenarios">Go to scenarios</Link>
              </Button>
            }
          />
        }
      >
        {(list) => (
          <Table data-testid="benchmarks-table">
            <TableHeader>
              <TableRow>
                <TableHead>Benchmark</TableHead>
                <TableHead className="hidden 2xl:table-cell">Scenario</TableHead>
                <TableHead>Status</TableHead>
                <TableHead className="hidden sm:table-cell">Verdict</TableHead>
                <TableHead className="hidden sm:table-cell">Progress</TableHead>
                <TableHead className="hidden text-right lg:table-cell">Dropped · lag p99</TableHead>
                <TableHead className="hidden text-right xl:table-cell">p95 total</TableHead>
                <TableHead className="hidden text-right sm:table-cell">Created</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {list.map((b) => {
                const total = distributionRows(b.summary).find(
                  (r) => r.key === 'total_duration_ms' || r.key === 'total',
                );
                return (
                  <TableRow key={b.id} data-testid="benchmark-row" data-benchmark-id={b.id}>
                    {/* Wraps rather than pushing Status and Created beyond a phone's edge. */}
                    <TableCell className="max-w-64 whitespace-normal">
                      <Link href={`/benchmarks/${b.id}`} className="font-medium text-primary hover:underline">
                        #{b.id}
                        {b.name ? ` ${b.name}` : ''}
                      </Link>
                      <p className="whitespace-normal text-xs text-muted-foreground">
                        <span className="2xl:hidden">
                          {scenarioNames.get(b.scenario_id) ?? `Scenario #${b.scenario_id}`} ·{' '}
                        </span>
                        {String(b.settings.arrival ?? 'closed')} · concurrency{' '}
                        {String(b.settings.concurrency ?? '1')}
                        {typeof b.settings.rate_per_s === 'number' ? ` · ${b.settings.rate_per_s}/s` : ''}
                        {/* Narrow screens have no Created column: the age sits here. */}
                        <span className="sm:hidden">
                          {' · '}
                          <RelativeTime when={b.created_at} />
                        </span>
                      </p>
                    </TableCell>
                    <TableCell className="hidden max-w-48 truncate 2xl:table-cell">
                      {scenarioNames.get(b.scenario_id) ?? `Scenario #${b.scenario_id}`}
                    </TableCell>
                    <TableCell>
                      <div className="flex flex-col gap-1">
                        <StatusBadge status={b.status} />
                        {/* Narrow screens have no verdict column: it sits under the status. */}
                        <span className="sm:hidden">
                          <VerdictBadge benchmark={b} />
                        </span>
                      </div>
                    </TableCell>
                    <TableCell className="hidden sm:table-cell">
                      <VerdictBadge benchmark={b} />
                    </TableCell>
                    <TableCell className="hidden sm:table-cell">
                      <ProgressBar progress={progressOf(b)} compact />
                    </TableCell>
                    <TableCell
                      className="hidden text-right tabular-nums lg:table-cell"
                      data-testid="benchmark-dropped"
                    >
                      <DroppedAndLag benchmark={b} />
                    </TableCell>
                    <TableCell className="hidden text-right tabular-nums xl:table-cell">
                      {total?.p95 != null ? (
                        formatMs(total.p95)
                      ) : (
                        <span className="text-xs text-muted-foreground">
                          {b.status === 'running' || b.status === 'pending'
                            ? 'in progress'
                            : 'no completed runs'}
                        </span>
                      )}
                    </TableCell>
                    <TableCell className="hidden text-right text-muted-foreground sm:table-cell">
                      <RelativeTime when={b.created_at} />
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
      </ListView>
    </>
  );
}
