'use client';

import type { Comparison, MetricComparison, RateComparison } from '@tfbench/contract';
import type { ReactNode } from 'react';
import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { formatMs, formatPercent, formatUsd } from '@/lib/format';
import { labelFor } from '@/lib/summary';

const VERDICT: Record<string, { label: string; variant: 'success' | 'destructive' | 'muted' }> = {
  improved: { label: 'improved', variant: 'success' },
  regressed: { label: 'regressed', variant: 'destructive' },
  no_significant_change: { label: 'no significant change', variant: 'muted' },
};

/** The compare API's verdict on one metric (or overall), coloured by direction. */
export function VerdictBadge({ verdict }: { verdict: string }) {
  const v = VERDICT[verdict] ?? { label: verdict.replace(/_/g, ' '), variant: 'muted' as const };
  return (
    <Badge variant={v.variant} data-testid="verdict" data-verdict={verdict}>
      {v.label}
    </Badge>
  );
}

function pct(v: number | null | undefined): string {
  if (v === null || v === undefined) return '';
  return `${v > 0 ? '+' : ''}${v.toFixed(1)}%`;
}

/** Formats a figure of `metric`: cost in dollars, everything else in milliseconds. */
function figure(metric: string) {
  const format = metric.startsWith('cost') ? formatUsd : formatMs;
  return (v: number | null | undefined) =>
    v === null || v === undefined ? (
      <span className="text-xs text-muted-foreground">no data</span>
    ) : (
      format(v)
    );
}

/** `metrics` as [name, comparison] pairs, whether the API sent an object or an array. */
export function metricEntries(response: Comparison): Array<[string, MetricComparison]> {
  const m = response.metrics;
  if (!m) return [];
  if (Array.isArray(m)) return m.map((c) => [c.metric, c]);
  return Object.entries(m);
}

/** The compare view's names for its metrics (cost is compared per run, not in total). */
const METRIC_LABELS: Record<string, string> = { cost_usd: 'Cost per run' };

/**
 * The metrics as cards on a phone: the verdict, the point of the page, sits next to the
 * metric's name instead of in a column beyond the screen's edge.
 */
export function MetricCards({ entries }: { entries: Array<[string, MetricComparison]> }) {
  return (
    <div className="grid grid-cols-1 gap-3" data-testid="compare-metrics">
      {entries.map(([name, c]) => {
        const ms = figure(name);
        const plain = name.startsWith('cost') ? formatUsd : formatMs;
        const median = c.median_difference;
        return (
          <div
            key={name}
            className="rounded-lg border p-3 text-sm"
            data-testid="compare-row"
            data-metric={name}
          >
            <div className="flex flex-wrap items-center justify-between gap-2">
              <p className="font-medium">{METRIC_LABELS[name] ?? labelFor(name)}</p>
              <VerdictBadge verdict={c.verdict} />
            </div>
            <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 tabular-nums">
              <dt className="text-muted-foreground">p50 A → B</dt>
              <dd>
                {ms(c.a.p50)} → {ms(c.b.p50)}{' '}
                <span className="text-xs text-muted-foreground">{pct(c.difference_pct.p50)}</span>
              </dd>
              <dt className="text-muted-foreground">p95 A → B</dt>
              <dd>
                {ms(c.a.p95)} → {ms(c.b.p95)}{' '}
                <span className="text-xs text-muted-foreground">{pct(c.difference_pct.p95)}</span>
              </dd>
              {median && median.ci_lower !== null && median.ci_upper !== null ? (
                <>
                  <dt className="text-muted-foreground">Δ median, 95% CI</dt>
                  <dd>
                    {plain(median.ci_lower)} … {plain(median.ci_upper)}
                  </dd>
                </>
              ) : null}
              {c.mann_whitney ? (
                <>
                  <dt className="text-muted-foreground">p-value</dt>
                  <dd>{c.mann_whitney.p_value.toPrecision(2)}</dd>
                </>
              ) : null}
              <dt className="text-muted-foreground">n</dt>
              <dd>
                {c.a.n} / {c.b.n}
              </dd>
            </dl>
          </div>
        );
      })}
    </div>
  );
}

export function MetricsTable({ entries }: { entries: Array<[string, MetricComparison]> }) {
  return (
    <Table data-testid="compare-metrics">
      <TableHeader>
        <TableRow>
          <TableHead>Metric</TableHead>
          <TableHead className="text-right">p50 A → B</TableHead>
          <TableHead className="text-right">p95 A → B</TableHead>
          <TableHead className="hidden text-right lg:table-cell">Δ median, 95% CI</TableHead>
          <TableHead className="hidden text-right md:table-cell">p-value</TableHead>
          <TableHead>Verdict</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {entries.map(([name, c]) => {
          const ms = figure(name);
          const plain = name.startsWith('cost') ? formatUsd : formatMs;
          const median = c.median_difference;
          return (
            <TableRow key={name} data-testid="compare-row" data-metric={name}>
              <TableCell className="min-w-28 whitespace-normal">
                <p className="font-medium">{METRIC_LABELS[name] ?? labelFor(name)}</p>
                <p className="text-xs text-muted-foreground tabular-nums">
                  n = {c.a.n} / {c.b.n}
                </p>
              </TableCell>
              <ShiftCell a={ms(c.a.p50)} b={ms(c.b.p50)} change={pct(c.difference_pct.p50)} />
              <ShiftCell a={ms(c.a.p95)} b={ms(c.b.p95)} change={pct(c.difference_pct.p95)} />
              <TableCell className="hidden text-right tabular-nums lg:table-cell">
                {median && median.ci_lower !== null && median.ci_upper !== null
                  ? `${plain(median.ci_lower)} … ${plain(median.ci_upper)}`
                  : ''}
              </TableCell>
              <TableCell className="hidden text-right tabular-nums md:table-cell">
                {c.mann_whitney ? c.mann_whitney.p_value.toPrecision(2) : ''}
              </TableCell>
              <TableCell>
                <VerdictBadge verdict={c.verdict} />
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

/** A success rate of A against B, with the difference and the verdict on it. */
export function RateRow({ label, c }: { label: string; c: RateComparison }) {
  const side = (s: RateComparison['a']) =>
    s.rate === null
      ? 'no finished runs'
      : `${formatPercent(s.rate)} (${formatPercent(s.ci_lower)}–${formatPercent(s.ci_upper)})`;
  return (
    <div className="grid grid-cols-1 gap-1 rounded-lg border p-3 text-sm sm:grid-cols-[10rem_1fr_1fr_auto] sm:items-center sm:gap-4">
      <p className="font-medium">{label}</p>
      <p className="tabular-nums">
        <span className="text-muted-foreground">A </span>
        {side(c.a)}
      </p>
      <p className="tabular-nums">
        <span className="text-muted-foreground">B </span>
        {side(c.b)}
      </p>
      <VerdictBadge verdict={c.verdict} />
    </div>
  );
}

/** A percentile from A to B, with the relative change under it. */
function ShiftCell({ a, b, change }: { a: ReactNode; b: ReactNode; change: string }) {
  return (
    <TableCell className="text-right tabular-nums">
      <p>
        {a} → {b}
      </p>
      <p className="text-xs text-muted-foreground">{change}</p>
    </TableCell>
  );
}
