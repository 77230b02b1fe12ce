'use client';

import Link from 'next/link';
import { DataTable } from '@/components/shared/data-table';
import { Badge } from '@/components/ui/badge';
import { formatMs, formatPercent } from '@/lib/format';
import { type CurveRow, formatLoad, type ProbeRow, type Saturation } from '@/lib/series-chart';

const ms = (v: number | null) => (v === null ? '—' : formatMs(v));
const pct = (v: number | null) => (v === null ? '—' : formatPercent(v));
const perS = (v: number | null) => (v === null ? '—' : `${formatLoad(v)}/s`);

/** A link to one step benchmark of a series. */
export function StepLink({ id }: { id: number | null }) {
  if (id === null) return <span>—</span>;
  return (
    <Link
      href={`/benchmarks/${id}`}
      className="text-primary underline underline-offset-2"
      data-testid="series-step-link"
    >
      #{id}
    </Link>
  );
}

/** A sweep's points, lowest offered rate first, each linking to its step benchmark. */
export function SweepStepsTable({ rows }: { rows: CurveRow[] }) {
  return (
    <DataTable
      testId="sweep-steps"
      rows={rows.map((r) => ({ ...r, id: r.benchmarkId }))}
      columns={[
        { id: 'point', header: 'Point', className: 'tabular-nums', cell: (r) => r.point + 1 },
        { id: 'step', header: 'Benchmark', cell: (r) => <StepLink id={r.benchmarkId} /> },
        {
          id: 'offered',
          header: 'Offered',
          align: 'right',
          className: 'tabular-nums',
          cell: (r) => perS(r.offered),
        },
        {
          id: 'achieved',
          header: 'Achieved',
          align: 'right',
          className: 'tabular-nums',
          cell: (r) => perS(r.achieved),
        },
        {
          id: 'p50',
          header: 'p50',
          from: 'sm',
          align: 'right',
          className: 'tabular-nums',
          cell: (r) => ms(r.p50),
        },
        { id: 'p95', header: 'p95', align: 'right', className: 'tabular-nums', cell: (r) => ms(r.p95) },
        {
          id: 'p99',
          header: 'p99',
          from: 'md',
          align: 'right',
          className: 'tabular-nums',
          cell: (r) => ms(r.p99),
        },
        {
          id: 'errors',
          header: 'Errors',
          from: 'sm',
          align: 'right',
          className: 'tabular-nums',
          cell: (r) => pct(r.errorRate),
        },
        {
          id: 'attainment',
          header: 'Attainment',
          from: 'md',
          align: 'right',
          className: 'tabular-nums',
          cell: (r) => pct(r.attainment),
        },
      ]}
    />
  );
}

const VERDICT_BADGE = { pass: 'success', fail: 'destructive', undecided: 'secondary' } as const;

/** A search's probes by load, each with its verdict and its step benchmarks. */
export function SearchProbesTable({ saturation, rows }: { saturation: Saturation; rows: ProbeRow[] }) {
  const unit = saturation.over === 'rate' ? 'runs/s' : 'in flight';
  const steps = new Map(saturation.probes.map((p) => [p.value, p.benchmark_ids]));
  return (
    <DataTable
      testId="search-probes"
      rows={rows.map((r) => ({ ...r, id: r.value }))}
      columns={[
        {
          id: 'load',
          header: `Load (${unit})`,
          className: 'tabular-nums',
          cell: (r) => formatLoad(r.value),
        },
        {
          id: 'verdict',
          header: 'Verdict',
          cell: (r) => <Badge variant={VERDICT_BADGE[r.verdict]}>{r.verdict}</Badge>,
        },
        {
          id: 'attainment',
          header: 'Attainment',
          align: 'right',
          className: 'tabular-nums',
          cell: (r) =>
            `${formatPercent(r.attainment)} (${formatPercent(r.lower)} – ${formatPercent(r.upper)})`,
        },
        {
          id: 'runs',
          header: 'Good / runs',
          from: 'sm',
          align: 'right',
          className: 'tabular-nums',
          cell: (r) => `${r.good} / ${r.runs}`,
        },
        {
          id: 'steps',
          header: 'Benchmarks',
          cell: (r) => (
            <span className="flex flex-wrap gap-2">
              {(steps.get(r.value) ?? []).map((id) => (
                <StepLink key={id} id={id} />
              ))}
            </span>
          ),
        },
      ]}
    />
  );
}
