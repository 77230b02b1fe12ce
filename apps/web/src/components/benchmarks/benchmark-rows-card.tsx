'use client';

import type { Benchmark } from '@tfbench/contract';
import { DataTable, figureColumn } from '@/components/shared/data-table';
import { ErrorState, TableSkeleton } from '@/components/shared/states';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { type BenchmarkRowResult, queries } from '@/lib/api';
import { formatMs, formatPercent } from '@/lib/format';
import { type QueryOptions, useQuery } from '@/lib/use-query';

/** A row is slow when its p95 is at least this many times the median row's p95. */
const SLOW_FACTOR = 1.5;

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Which rows stand out: failing ones (any failure), slow ones (p95 well above the typical row's). */
export function flagRows(rows: readonly BenchmarkRowResult[]): Map<number, 'failing' | 'slow'> {
  const typical = median(rows.map((r) => r.total_duration_ms_p95).filter((v): v is number => v !== null));
  const flags = new Map<number, 'failing' | 'slow'>();
  for (const r of rows) {
    if (r.failed > 0) flags.set(r.row, 'failing');
    else if (typical && rows.length > 1 && (r.total_duration_ms_p95 ?? 0) >= typical * SLOW_FACTOR) {
      flags.set(r.row, 'slow');
    }
  }
  return flags;
}

/** Sort: failing rows first (most failures first), then slowest p95. */
function worstFirst(rows: readonly BenchmarkRowResult[]): BenchmarkRowResult[] {
  return [...rows].sort(
    (a, b) =>
      (a.success_rate ?? 1) - (b.success_rate ?? 1) ||
      (b.total_duration_ms_p95 ?? 0) - (a.total_duration_ms_p95 ?? 0) ||
      a.row - b.row,
  );
}

const ms = (v: number | null) => (v === null ? '—' : formatMs(v));

/** Results per dataset row, worst first, so the prompts that are slow or fail show. */
export function BenchmarkRowsCard({ benchmark, live }: { benchmark: Benchmark; live: QueryOptions }) {
  const usesDataset = Boolean(benchmark.settings.dataset);
  const rows = useQuery(usesDataset ? queries.benchmarkRows(benchmark.id) : null, { ...live, pollMs: 5000 });
  if (!usesDataset) return null;
  const list = rows.data ?? [];
  const flags = flagRows(list);
  const rowId = (r: BenchmarkRowResult) => ({ ...r, id: r.row });
  return (
    <Card data-testid="benchmark-rows">
      <CardHeader>
        <div>
          <CardTitle>Per dataset row</CardTitle>
          <CardDescription className="mt-1">
            Measured runs per row, worst first: failing rows, then the slowest (p95 at least {SLOW_FACTOR}×
            the typical row&apos;s).
          </CardDescription>
        </div>
      </CardHeader>
      <CardContent>
        {rows.error && !rows.data ? (
          <ErrorState error={rows.error} onRetry={rows.reload} />
        ) : !rows.data ? (
          <TableSkeleton />
        ) : list.length === 0 ? (
          <p className="text-sm text-muted-foreground">No measured run has taken a row yet.</p>
        ) : (
          <DataTable
            testId="benchmark-rows-table"
            rows={worstFirst(list).map(rowId)}
            rowProps={(r) => ({
              'data-testid': 'benchmark-row',
              'data-row': r.row,
              'data-flag': flags.get(r.row) ?? 'ok',
            })}
            columns={[
              {
                id: 'row',
                header: 'Row',
                className: 'tabular-nums',
                cell: (r) => (
                  <span className="flex items-center gap-2">
                    #{r.row}
                    {flags.get(r.row) === 'failing' ? <Badge variant="destructive">fails</Badge> : null}
                    {flags.get(r.row) === 'slow' ? <Badge variant="warning">slow</Badge> : null}
                  </span>
                ),
              },
              figureColumn<BenchmarkRowResult>('runs', 'Runs', (r) => r.runs),
              figureColumn<BenchmarkRowResult>('failed', 'Failed', (r) => r.failed),
              figureColumn<BenchmarkRowResult>('success', 'Success', (r) =>
                r.success_rate === null ? '—' : formatPercent(r.success_rate),
              ),
              figureColumn<BenchmarkRowResult>('p50', 'p50', (r) => ms(r.total_duration_ms_p50), 'sm'),
              figureColumn<BenchmarkRowResult>('p95', 'p95', (r) => ms(r.total_duration_ms_p95)),
            ]}
          />
        )}
      </CardContent>
    </Card>
  );
}
