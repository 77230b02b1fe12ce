'use client';

import type { Run } from '@tfbench/contract';
import Link from 'next/link';
import { RelativeTime } from '@/components/shared/relative-time';
import { StatusBadge } from '@/components/shared/status-badge';
import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { formatMs, formatUsd } from '@/lib/format';
import { cn } from '@/lib/utils';
import { RunMetric } from './run-metric';

/**
 * Runs as a table: one row per run, newest first as given. Narrow screens keep the id,
 * status, total and age; the other columns appear from `md` up.
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
  return (
    <Table className={cn(dimmed && 'opacity-60 transition-opacity')} data-testid="runs-table">
      <TableHeader>
        <TableRow>
          <TableHead>Run</TableHead>
          {showScenario ? <TableHead className="hidden md:table-cell">Scenario</TableHead> : null}
          <TableHead>Status</TableHead>
          <TableHead className="hidden lg:table-cell">Error</TableHead>
          <TableHead className="text-right">Total</TableHead>
          <TableHead className="hidden text-right sm:table-cell">TTFT</TableHead>
          <TableHead className="hidden text-right lg:table-cell">Steps</TableHead>
          <TableHead className="hidden text-right lg:table-cell">Cost</TableHead>
          <TableHead className="hidden md:table-cell">Trigger</TableHead>
          <TableHead className="text-right">Created</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {runs.map((run) => (
          <TableRow key={run.id} data-testid="run-row" data-run-id={run.id} data-status={run.status}>
            <TableCell>
              <Link href={`/runs/${run.id}`} className="font-medium text-primary hover:underline">
                #{run.id}
              </Link>
              {run.is_warmup ? (
                <Badge variant="muted" className="ml-2">
                  warmup
                </Badge>
              ) : null}
            </TableCell>
            {showScenario ? (
              <TableCell className="hidden max-w-56 truncate md:table-cell">
                <Link href={`/runs?scenario_id=${run.scenario_id}`} className="hover:underline">
                  {scenarioNames?.get(run.scenario_id) ?? `Scenario #${run.scenario_id}`}
                </Link>
              </TableCell>
            ) : null}
            <TableCell>
              <StatusBadge status={run.status} />
            </TableCell>
            <TableCell className="hidden max-w-48 lg:table-cell" data-testid="run-error-code">
              {run.error_code ? (
                <code className="block truncate font-mono text-xs" title={run.error ?? run.error_code}>
                  {run.error_code}
                </code>
              ) : null}
            </TableCell>
            <TableCell className="text-right">
              <RunMetric value={run.total_duration_ms} status={run.status} format={formatMs} />
            </TableCell>
            <TableCell className="hidden text-right sm:table-cell">
              <RunMetric value={run.ttft_ms} status={run.status} format={formatMs} />
            </TableCell>
            <TableCell className="hidden text-right lg:table-cell">
              <RunMetric value={run.steps} status={run.status} format={String} />
            </TableCell>
            <TableCell className="hidden text-right lg:table-cell">
              <RunMetric value={run.cost_usd} status={run.status} format={formatUsd} />
            </TableCell>
            <TableCell className="hidden text-muted-foreground md:table-cell">
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
            </TableCell>
            <TableCell className="text-right text-muted-foreground">
              <RelativeTime when={run.created_at} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
