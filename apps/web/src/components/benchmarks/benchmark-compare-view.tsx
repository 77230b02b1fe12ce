'use client';

import type { Benchmark, Comparison } from '@tfbench/contract';
import { ArrowLeftRightIcon, GitCompareArrowsIcon, TriangleAlertIcon } from 'lucide-react';
import Link from 'next/link';
import type { ComponentProps } from 'react';
import { PageHeader } from '@/components/shared/page-header';
import { EmptyState, ErrorState, TableSkeleton } from '@/components/shared/states';
import { StatusBadge } from '@/components/shared/status-badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { SelectBox } from '@/components/ui/select';
import { queries } from '@/lib/api';
import { formatCount } from '@/lib/format';
import { useUrlState } from '@/lib/url-state';
import { useMediaQuery } from '@/lib/use-media-query';
import { useQuery } from '@/lib/use-query';
import { useScenarioNames } from '@/lib/use-scenario-names';
import { MetricCards, MetricsTable, metricEntries, RateRow, VerdictBadge } from './compare-metrics';

function SideCard({
  label,
  benchmark,
  side,
}: {
  label: string;
  benchmark: Benchmark | undefined;
  side: Comparison['a'] | undefined;
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

/**
 * Why the chosen pair may not answer "is B better than A": the same benchmark twice, or two
 * scenarios (different inputs or settings, so a difference may not come from the change
 * being tested). Null when the pair is a fair one.
 */
function pairWarning(
  a: Benchmark | undefined,
  b: Benchmark | undefined,
  names: Map<number, string>,
): { kind: 'same-benchmark' | 'other-scenario'; text: string } | null {
  if (!a || !b) return null;
  if (a.id === b.id)
    return {
      kind: 'same-benchmark',
      text: `A and B are both benchmark #${a.id}: every difference is zero and nothing can be learned. Pick another benchmark for B.`,
    };
  if (a.scenario_id !== b.scenario_id) {
    const name = (id: number) => `“${names.get(id) ?? `scenario #${id}`}”`;
    return {
      kind: 'other-scenario',
      text: `A ran ${name(a.scenario_id)} and B ran ${name(b.scenario_id)}. Their inputs or settings differ, so a difference may come from the scenarios rather than from the change you are testing.`,
    };
  }
  return null;
}

function PairWarning({ warning }: { warning: NonNullable<ReturnType<typeof pairWarning>> }) {
  return (
    <div
      role="status"
      data-testid="compare-warning"
      data-kind={warning.kind}
      className="flex gap-3 rounded-lg border border-warning/50 bg-warning/10 p-3 text-sm"
    >
      <TriangleAlertIcon className="mt-0.5 size-4 shrink-0 text-warning" aria-hidden="true" />
      <p>{warning.text}</p>
    </div>
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
  const scenarioNames = useScenarioNames();
  const isWide = useMediaQuery('(min-width: 640px)');
  const warning =
    a !== undefined && b !== undefined ? pairWarning(byId.get(a), byId.get(b), scenarioNames) : null;

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
            <BenchmarkPick side="a" value={a} options={options} onPick={(v) => url.set({ a: v })} />
            <Button
              variant="ghost"
              size="icon"
              aria-label="Swap A and B"
              onClick={() => url.set({ a: b, b: a })}
              disabled={a === undefined && b === undefined}
            >
              <ArrowLeftRightIcon />
            </Button>
            <BenchmarkPick side="b" value={b} options={options} onPick={(v) => url.set({ b: v })} />
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
            {warning ? <PairWarning warning={warning} /> : null}
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
                ) : isWide ? (
                  <MetricsTable entries={metricEntries(comparison.data)} />
                ) : (
                  <MetricCards entries={metricEntries(comparison.data)} />
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

/** One side of the comparison: a benchmark chosen from the list, kept in the URL. */
function BenchmarkPick({
  side,
  value,
  options,
  onPick,
}: {
  side: 'a' | 'b';
  value: number | undefined;
  options: ComponentProps<typeof SelectBox>['options'];
  onPick: (value: string) => void;
}) {
  return (
    <Field label={side === 'a' ? 'A (baseline)' : 'B (candidate)'} className="flex-1">
      <SelectBox
        value={value !== undefined ? String(value) : ''}
        onValueChange={onPick}
        options={options}
        placeholder="Pick a benchmark"
        data-testid={`compare-${side}`}
      />
    </Field>
  );
}
