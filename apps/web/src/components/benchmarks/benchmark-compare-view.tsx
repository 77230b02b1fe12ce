'use client';

import { ArrowLeftRightIcon, GitCompareArrowsIcon } from 'lucide-react';
import Link from 'next/link';
import { PageHeader } from '@/components/shared/page-header';
import { EmptyState, ErrorState, TableSkeleton } from '@/components/shared/states';
import { StatusBadge } from '@/components/shared/status-badge';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { SelectBox } from '@/components/ui/select';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import {
  type Benchmark,
  type CompareResponse,
  type CompareSide,
  type MetricComparison,
  queries,
  type RateComparison,
} from '@/lib/api';
import { formatCount, formatMs, formatPercent, formatUsd } from '@/lib/format';
import { labelFor } from '@/lib/summary';
import { useUrlState } from '@/lib/url-state';
import { useQuery } from '@/lib/use-query';

const VERDICT: Record<string, { label: string; variant: 'success' | 'destructive' | 'muted' }> = {
  improved: { label: 'improved', variant: 'success' },
  regressed: { label: 'regressed', variant: 'destructive' },
  no_significant_change: { label: 'no significant change', variant: 'muted' },
};

function VerdictBadge({ verdict }: { verdict: string }) {
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
function metricEntries(response: CompareResponse): Array<[string, MetricComparison]> {
  const m = response.metrics;
  if (!m) return [];
  if (Array.isArray(m)) return m.map((c) => [c.metric, c]);
  return Object.entries(m);
}

/** The compare view's names for its metrics (cost is compared per run, not in total). */
const METRIC_LABELS: Record<string, string> = { cost_usd: 'Cost per run' };

function MetricsTable({ entries }: { entries: Array<[string, MetricComparison]> }) {
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
              <TableCell className="text-right tabular-nums">
                <p>
                  {ms(c.a.p50)} → {ms(c.b.p50)}
                </p>
                <p className="text-xs text-muted-foreground">{pct(c.difference_pct.p50)}</p>
              </TableCell>
              <TableCell className="text-right tabular-nums">
                <p>
                  {ms(c.a.p95)} → {ms(c.b.p95)}
                </p>
                <p className="text-xs text-muted-foreground">{pct(c.difference_pct.p95)}</p>
              </TableCell>
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

function RateRow({ label, c }: { label: string; c: RateComparison }) {
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

function SideCard({
  label,
  benchmark,
  side,
}: {
  label: string;
  benchmark: Benchmark | undefined;
  side: CompareSide | undefined;
}) {
  return (
    <Card className="flex-1">
      <CardHeader className="pb-3">
        <div>
          <CardDescription>{label}</CardDescription>
          <CardTitle className="mt-1">
            {benchmark ? (
              <Link href={`/benchmarks/${benchmark.id}`} className="hover:underline">
                #{benchmark.id} {benchmark.name ?? ''}
              </Link>
            ) : (
              'Not chosen'
            )}
          </CardTitle>
        </div>
        {benchmark ? <StatusBadge status={benchmark.status} /> : null}
      </CardHeader>
      {side ? (
        <CardContent className="pt-0 text-sm text-muted-foreground">
          {formatCount(side.runs)} runs compared{side.truncated ? ' (the newest only)' : ''}
        </CardContent>
      ) : null}
    </Card>
  );
}

/** Two benchmarks side by side with the compare API's statistics and verdicts. */
export function BenchmarkCompareView() {
  const url = useUrlState();
  const a = url.getNumber('a');
  const b = url.getNumber('b');
  const benchmarks = useQuery(queries.benchmarks({ limit: 200 }));
  const comparison = useQuery(
    a !== undefined && b !== undefined ? queries.compare(`benchmark:${a}`, `benchmark:${b}`) : null,
  );
  const list = benchmarks.data ?? [];
  const options = list.map((x) => ({
    value: String(x.id),
    label: `#${x.id}${x.name ? ` ${x.name}` : ''} (${x.status})`,
  }));
  const byId = new Map(list.map((x) => [x.id, x]));

  return (
    <>
      <PageHeader
        title="Compare benchmarks"
        description="Is B faster or slower than A, beyond noise? Bootstrap intervals and a Mann-Whitney test decide."
      />
      <div className="grid grid-cols-1 gap-6">
        {benchmarks.error && !benchmarks.data ? (
          <ErrorState
            error={benchmarks.error}
            onRetry={benchmarks.reload}
            title={benchmarks.error.isMissingEndpoint ? 'This API does not serve benchmarks yet' : undefined}
          />
        ) : null}
        <Card>
          <CardContent className="flex flex-col gap-4 sm:flex-row sm:items-end">
            <Field label="A (baseline)" className="flex-1">
              <SelectBox
                value={a !== undefined ? String(a) : ''}
                onValueChange={(v) => url.set({ a: v })}
                options={options}
                placeholder="Pick a benchmark"
                data-testid="compare-a"
              />
            </Field>
            <Button
              variant="ghost"
              size="icon"
              aria-label="Swap A and B"
              onClick={() => url.set({ a: b, b: a })}
              disabled={a === undefined && b === undefined}
            >
              <ArrowLeftRightIcon />
            </Button>
            <Field label="B (candidate)" className="flex-1">
              <SelectBox
                value={b !== undefined ? String(b) : ''}
                onValueChange={(v) => url.set({ b: v })}
                options={options}
                placeholder="Pick a benchmark"
                data-testid="compare-b"
              />
            </Field>
          </CardContent>
        </Card>

        {a === undefined || b === undefined ? (
          <EmptyState
            icon={<GitCompareArrowsIcon className="size-6" />}
            title="Pick two benchmarks"
            description={
              list.length < 2
                ? 'You need two finished benchmarks — for example the same scenario before and after a change. Start them from Scenarios.'
                : 'Choose a baseline (A) and a candidate (B) above.'
            }
          />
        ) : (
          <>
            <div className="flex flex-col gap-4 sm:flex-row">
              <SideCard label="A (baseline)" benchmark={byId.get(a)} side={comparison.data?.a} />
              <SideCard label="B (candidate)" benchmark={byId.get(b)} side={comparison.data?.b} />
            </div>
            <Card>
              <CardHeader>
                <div>
                  <CardTitle className="flex flex-wrap items-center gap-2">
                    Latency and cost
                    {comparison.data?.verdict ? (
                      <span className="text-sm font-normal text-muted-foreground">
                        overall: <VerdictBadge verdict={comparison.data.verdict} />
                      </span>
                    ) : null}
                  </CardTitle>
                  <CardDescription className="mt-1">
                    Δ is (B − A) ÷ A. A verdict needs the difference to be significant at the API's alpha
                    {comparison.data?.alpha !== undefined ? ` (${comparison.data.alpha})` : ''}.
                  </CardDescription>
                </div>
              </CardHeader>
              <CardContent className="grid grid-cols-1 gap-4">
                {comparison.error ? (
                  <ErrorState
                    error={comparison.error}
                    onRetry={comparison.reload}
                    title={
                      comparison.error.isMissingEndpoint
                        ? 'This API does not compare yet'
                        : 'The comparison could not be computed'
                    }
                  />
                ) : comparison.isLoading || !comparison.data ? (
                  <TableSkeleton rows={3} columns={7} />
                ) : metricEntries(comparison.data).length === 0 ? (
                  <EmptyState
                    compact
                    title="Nothing to compare"
                    description="Neither side has completed runs."
                  />
                ) : (
                  <MetricsTable entries={metricEntries(comparison.data)} />
                )}
                {comparison.data?.success_rate ? (
                  <RateRow label="Success rate" c={comparison.data.success_rate} />
                ) : null}
                {comparison.data?.goal_success_rate ? (
                  <RateRow label="Goal success" c={comparison.data.goal_success_rate} />
                ) : null}
              </CardContent>
            </Card>
          </>
        )}
      </div>
    </>
  );
}
