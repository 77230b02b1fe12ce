'use client';

import type { Benchmark } from '@tfbench/contract';
import { FigureTile } from '@/components/shared/figure-tile';
import { EmptyState } from '@/components/shared/states';
import { Card, CardContent, CardHeading } from '@/components/ui/card';
import { formatCount, formatMs, formatUsd } from '@/lib/format';
import { runsWithOutcome, type SeriesTotals } from '@/lib/series-totals';

/** The tiles of a series' totals: label, figure, and the detail line under it. */
export function seriesTiles(totals: SeriesTotals) {
  const ended = runsWithOutcome(totals);
  return [
    {
      label: 'Steps',
      value: formatCount(totals.steps),
      detail: `${formatCount(totals.steps_passed)} passed · ${formatCount(totals.steps_failed)} failed`,
    },
    { label: 'Runs', value: formatCount(totals.runs), detail: 'measured, over all steps' },
    {
      label: 'Completed',
      value: formatCount(totals.completed),
      detail: ended > 0 ? `${((100 * totals.completed) / ended).toFixed(1)} % of runs with an outcome` : null,
    },
    {
      label: 'Failed or timed out',
      value: formatCount(totals.failed + totals.timed_out),
      detail: `${formatCount(totals.timed_out)} timed out · ${formatCount(totals.cancelled)} cancelled`,
    },
    { label: 'Cost', value: totals.cost_usd === null ? '—' : formatUsd(totals.cost_usd), detail: null },
    {
      label: 'Duration',
      value: totals.duration_s === null ? '—' : formatMs(totals.duration_s * 1000),
      detail: 'first start to last finish',
    },
  ];
}

/**
 * A sweep or a search runs nothing itself: its summary is the totals of its steps, and each
 * step's own page holds the percentiles. Shown in place of the summary of a plain benchmark.
 */
export function SeriesTotalsCard({ benchmark, inFlight }: { benchmark: Benchmark; inFlight: boolean }) {
  const totals = benchmark.summary?.series;
  return (
    <Card data-testid="series-totals">
      <CardHeading
        title="Series totals"
        description="The runs of every finished step added up; open a step for its percentiles."
      />
      <CardContent>
        {totals ? (
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-6">
            {seriesTiles(totals).map((t) => (
              <FigureTile key={t.label} label={t.label} detail={t.detail}>
                {t.value}
              </FigureTile>
            ))}
          </dl>
        ) : (
          <EmptyState
            compact
            title={inFlight ? 'Totals appear as steps finish' : 'No step finished'}
            description={
              inFlight
                ? 'Each finished step adds its runs, failures and cost here.'
                : 'The series ended before any of its steps finished.'
            }
          />
        )}
      </CardContent>
    </Card>
  );
}
