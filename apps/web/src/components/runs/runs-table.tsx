'use client';

import type { Run } from '@tfbench/contract';
import Link from 'next/link';
import { type Column, type ColumnFrom, DataTable } from '@/components/shared/data-table';
import { RelativeTime } from '@/components/shared/relative-time';
import { StatusBadge } from '@/components/shared/status-badge';
import { Badge } from '@/components/ui/badge';
import { formatMs, formatUsd } from '@/lib/format';
import { formatTokenRate } from '@/lib/token-figures';
import { cn } from '@/lib/utils';
import { RunMetric } from './run-metric';

/**
 * Runs as a table: one row per run, newest first as given. Narrow screens keep the id,
 * status, total and age; the other columns appear from `md` up. A list with OpenAI-compatible
 * runs gains their output speed on wide screens.
 */
export function RunsTable({
  runs,
  scenarioNames,
  showScenario = true,
  dimmed = false,
}: {
  runs: Run[];
  scenarioNames?: Map<number, string>;
  showScenario?: boolean;
  /** Shown while fresher data for new filters is loading. */
  dimmed?: boolean;
}) {
  const scenario = (run: Run) => (
    <Link href={`/runs?scenario_id=${run.scenario_id}`} className="hover:underline">
      {scenarioNames?.get(run.scenario_id) ?? `Scenario #${run.scenario_id}`}
    </Link>
  );
  return (
    <DataTable
      columns={[
        { id: 'run', header: 'Run', cell: (run) => <RunLink run={run} /> },
        showScenario && {
          id: 'scenario',
          header: 'Scenario',
          from: 'md',
          className: 'max-w-56 truncate',
          cell: scenario,
        },
        { id: 'status', header: 'Status', cell: (run) => <StatusBadge status={run.status} /> },
        {
          id: 'error',
          header: 'Error',
          from: 'lg',
          className: 'max-w-48',
          testId: 'run-error-code',
          cell: errorCode,
        },
        metricColumn('total', 'Total', undefined, (run) => run.total_duration_ms, formatMs),
        metricColumn('ttft', 'TTFT', 'sm', (run) => run.ttft_ms, formatMs),
        runs.some((run) => run.token_metrics) && outputSpeedColumn(),
        metricColumn('steps', 'Steps', 'lg', (run) => run.steps, String),
        metricColumn('cost', 'Cost', 'lg', (run) => run.cost_usd, formatUsd),
        { id: 'trigger', header: 'Trigger', from: 'md', muted: true, cell: (run) => <Trigger run={run} /> },
        {
          id: 'created',
          header: 'Created',
          align: 'right',
          muted: true,
          cell: (run) => <RelativeTime when={run.created_at} />,
        },
      ]}
      className={cn(dimmed && 'opacity-60 transition-opacity')}
      testId="runs-table"
      rows={runs}
      rowProps={(run) => ({ 'data-testid': 'run-row', 'data-run-id': run.id, 'data-status': run.status })}
    />
  );
}

function RunLink({ run }: { run: Run }) {
  return (
    <>
      <Link href={`/runs/${run.id}`} className="font-medium text-primary hover:underline">
        #{run.id}
      </Link>
      {run.is_warmup ? (
        <Badge variant="muted" className="ml-2">
          warmup
        </Badge>
      ) : null}
    </>
  );
}

function errorCode(run: Run) {
  if (!run.error_code) return null;
  return (
    <code className="block truncate font-mono text-xs" title={run.error ?? run.error_code}>
      {run.error_code}
    </code>
  );
}

/** What started the run, and the benchmark it belongs to. */
function Trigger({ run }: { run: Run }) {
  return (
    <>
      {run.trigger}
      {/* The number is the benchmark's, so say so: "schedule #4" read as the 4th schedule. */}
      {run.benchmark_id ? (
        <Link
          href={`/benchmarks/${run.benchmark_id}`}
          className="ml-1 text-primary underline underline-offset-2"
        >
          {run.trigger === 'benchmark' ? '' : 'benchmark '}#{run.benchmark_id}
        </Link>
      ) : null}
    </>
  );
}

/** A measured figure of the run, right-aligned; pending, failed and missing values say so. */
function metricColumn(
  id: string,
  header: string,
  from: ColumnFrom | undefined,
  value: (run: Run) => number | null | undefined,
  format: (value: number) => string,
): Column<Run> {
  return {
    id,
    header,
    from,
    align: 'right',
    cell: (run) => <RunMetric value={value(run)} status={run.status} format={format} />,
  };
}

/** Output tokens per second of a token-streaming run; runs of other providers have none to show. */
function outputSpeedColumn(): Column<Run> {
  return {
    id: 'output-speed',
    header: 'Tok/s',
    from: 'xl',
    align: 'right',
    testId: 'run-output-speed',
    cell: (run) =>
      run.token_metrics ? (
        <RunMetric
          value={run.token_metrics.output_tokens_per_s}
          status={run.status}
          format={formatTokenRate}
        />
      ) : (
        <span className="text-muted-foreground" title="no token figures for this provider">
          <span aria-hidden="true">·</span>
          <span className="sr-only">no token figures</span>
        </span>
      ),
  };
}
