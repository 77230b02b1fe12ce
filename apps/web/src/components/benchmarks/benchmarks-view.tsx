'use client';

import type { Benchmark } from '@tfbench/contract';
import { GaugeIcon, GitCompareArrowsIcon } from 'lucide-react';
import Link from 'next/link';
import { DataTable } from '@/components/shared/data-table';
import { LinkButton } from '@/components/shared/link-button';
import { ListView } from '@/components/shared/list-view';
import { PageHeader } from '@/components/shared/page-header';
import { RelativeTime } from '@/components/shared/relative-time';
import { EmptyState } from '@/components/shared/states';
import { StatusBadge } from '@/components/shared/status-badge';
import { queries } from '@/lib/api';
import { formatMs } from '@/lib/format';
import { matchEvents } from '@/lib/live';
import { distributionRows } from '@/lib/summary';
import { useQuery } from '@/lib/use-query';
import { useScenarioNames } from '@/lib/use-scenario-names';
import { progressOf } from './progress';
import { ProgressBar } from './progress-bar';
import { SavedBenchmarks } from './saved-benchmarks';
import { DroppedAndLag, VerdictBadge } from './verdict';

/** The p95 of total duration, or why there is none yet. */
function TotalP95({ benchmark }: { benchmark: Benchmark }) {
  const total = distributionRows(benchmark.summary).find(
    (r) => r.key === 'total_duration_ms' || r.key === 'total',
  );
  if (total?.p95 != null) return formatMs(total.p95);
  return (
    <span className="text-xs text-muted-foreground">
      {benchmark.status === 'running' || benchmark.status === 'pending' ? 'in progress' : 'no completed runs'}
    </span>
  );
}

/** The benchmark's id and name, and how it ran; on a phone also its age, whose column is hidden there. */
function BenchmarkName({ benchmark: b, scenarioName }: { benchmark: Benchmark; scenarioName: string }) {
  return (
    <>
      <Link href={`/benchmarks/${b.id}`} className="font-medium text-primary hover:underline">
        #{b.id}
        {b.name ? ` ${b.name}` : ''}
      </Link>
      <p className="whitespace-normal text-xs text-muted-foreground">
        <span className="2xl:hidden">{scenarioName} · </span>
        {String(b.settings.arrival ?? 'closed')} · concurrency {String(b.settings.concurrency ?? '1')}
        {typeof b.settings.rate_per_s === 'number' ? ` · ${b.settings.rate_per_s}/s` : ''}
        {/* Narrow screens have no Created column: the age sits here. */}
        <span className="sm:hidden">
          {' · '}
          <RelativeTime when={b.created_at} />
        </span>
      </p>
    </>
  );
}

function StatusAndVerdict({ benchmark }: { benchmark: Benchmark }) {
  return (
    <div className="flex flex-col gap-1">
      <StatusBadge status={benchmark.status} />
      {/* Narrow screens have no verdict column: it sits under the status. */}
      <span className="sm:hidden">
        <VerdictBadge benchmark={benchmark} />
      </span>
    </div>
  );
}

function BenchmarksTable({
  benchmarks,
  scenarioNames,
}: {
  benchmarks: Benchmark[];
  scenarioNames: Map<number, string>;
}) {
  const scenario = (b: Benchmark) => scenarioNames.get(b.scenario_id) ?? `Scenario #${b.scenario_id}`;
  return (
    <DataTable
      columns={[
        // Wraps rather than pushing Status and Created beyond a phone's edge.
        {
          id: 'benchmark',
          header: 'Benchmark',
          className: 'max-w-64 whitespace-normal',
          cell: (b) => <BenchmarkName benchmark={b} scenarioName={scenario(b)} />,
        },
        { id: 'scenario', header: 'Scenario', from: '2xl', className: 'max-w-48 truncate', cell: scenario },
        { id: 'status', header: 'Status', cell: (b) => <StatusAndVerdict benchmark={b} /> },
        { id: 'verdict', header: 'Verdict', from: 'sm', cell: (b) => <VerdictBadge benchmark={b} /> },
        {
          id: 'progress',
          header: 'Progress',
          from: 'sm',
          cell: (b) => <ProgressBar progress={progressOf(b)} compact />,
        },
        {
          id: 'dropped',
          header: 'Dropped · lag p99',
          from: 'lg',
          align: 'right',
          className: 'tabular-nums',
          testId: 'benchmark-dropped',
          cell: (b) => <DroppedAndLag benchmark={b} />,
        },
        {
          id: 'p95',
          header: 'p95 total',
          from: 'xl',
          align: 'right',
          className: 'tabular-nums',
          cell: (b) => <TotalP95 benchmark={b} />,
        },
        {
          id: 'created',
          header: 'Created',
          from: 'sm',
          align: 'right',
          muted: true,
          cell: (b) => <RelativeTime when={b.created_at} />,
        },
      ]}
      testId="benchmarks-table"
      rows={benchmarks}
      rowProps={(b) => ({ 'data-testid': 'benchmark-row', 'data-benchmark-id': b.id })}
    />
  );
}

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
          <LinkButton variant="outline" href="/benchmarks/compare">
            <GitCompareArrowsIcon />
            Compare two
          </LinkButton>
        }
      />
      <SavedBenchmarks scenarioNames={scenarioNames} />
      <ListView
        query={benchmarks}
        resource="benchmarks"
        empty={
          <EmptyState
            icon={<GaugeIcon className="size-6" />}
            title="No benchmarks yet"
            description="Open Scenarios and press Benchmark on a scenario to run it many times and get its percentiles."
            action={<LinkButton href="/scenarios">Go to scenarios</LinkButton>}
          />
        }
      >
        {(list) => <BenchmarksTable benchmarks={list} scenarioNames={scenarioNames} />}
      </ListView>
    </>
  );
}
