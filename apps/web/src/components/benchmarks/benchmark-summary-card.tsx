'use client';

import type { Benchmark } from '@tfbench/contract';
import type { ReactNode } from 'react';
import { type Column, DataTable } from '@/components/shared/data-table';
import { FigureTile } from '@/components/shared/figure-tile';
import { EmptyState } from '@/components/shared/states';
import { Badge } from '@/components/ui/badge';
import { StackedCard } from '@/components/ui/card';
import { formatCount, formatMs } from '@/lib/format';
import { type DistributionRow, distributionRows, errorBreakdown, facts } from '@/lib/summary';
import { useMediaQuery } from '@/lib/use-media-query';

function figure(label: string, cell: (row: DistributionRow) => ReactNode): Column<DistributionRow> {
  return { id: label, header: label, align: 'right', className: 'tabular-nums', cell };
}

/** The latency percentiles, success rate, errors and cost of a benchmark's measured runs. */
export function SummaryCard({ benchmark, inFlight }: { benchmark: Benchmark; inFlight: boolean }) {
  const rows = distributionRows(benchmark.summary);
  const scalars = facts(benchmark.summary);
  const errors = errorBreakdown(benchmark.summary);
  const stat = (v: number | null) =>
    v === null ? <span className="text-xs text-muted-foreground">no data</span> : formatMs(v);
  const isWide = useMediaQuery('(min-width: 640px)');
  // The same figures label a phone's card per metric and fill the wide table's columns.
  const figures = [
    figure('n', (r) => (r.count === null ? '' : formatCount(r.count))),
    figure('p50', (r) => stat(r.p50)),
    figure('p90', (r) => stat(r.p90)),
    figure('p95', (r) => stat(r.p95)),
    figure('p99', (r) => stat(r.p99)),
    figure('mean', (r) => stat(r.mean)),
  ];
  return (
    <StackedCard
      testId="benchmark-summary"
      title="Summary"
      description="Over completed, non-warm-up runs; failures are counted in the rates, never averaged into latency."
    >
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
                <FigureTile key={f.key} label={f.label} detail={f.detail}>
                  {f.value}
                </FigureTile>
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
                    {figures.map((f) => (
                      <div key={f.id}>
                        <dt className="text-xs text-muted-foreground">{f.header}</dt>
                        <dd>{f.cell(r)}</dd>
                      </div>
                    ))}
                  </dl>
                </div>
              ))}
            </div>
          ) : rows.length > 0 ? (
            <DataTable
              columns={[
                { id: 'metric', header: 'Metric', className: 'font-medium', cell: (r) => r.label },
                ...figures,
              ]}
              rows={rows}
            />
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
    </StackedCard>
  );
}
