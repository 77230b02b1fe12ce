'use client';

import Link from 'next/link';
import { DataTable, figureColumn } from '@/components/shared/data-table';
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
        figureColumn<CurveRow>('offered', 'Offered', (r) => perS(r.offered)),
        figureColumn<CurveRow>('achieved', 'Achieved', (r) => perS(r.achieved)),
        figureColumn<CurveRow>('p50', 'p50', (r) => ms(r.p50), 'sm'),
        figureColumn<CurveRow>('p95', 'p95', (r) => ms(r.p95)),
        figureColumn<CurveRow>('p99', 'p99', (r) => ms(r.p99), 'md'),
        figureColumn<CurveRow>('errors', 'Errors', (r) => pct(r.errorRate), 'sm'),
        figureColumn<CurveRow>('attainment', 'Attainment', (r) => pct(r.attainment), 'md'),
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
        figureColumn<ProbeRow>(
          'attainment',
          'Attainment',
          (r) => `${formatPercent(r.attainment)} (${formatPercent(r.lower)} – ${formatPercent(r.upper)})`,
        ),
        figureColumn<ProbeRow>('runs', 'Good / runs', (r) => `${r.good} / ${r.runs}`, 'sm'),
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
