import type { Benchmark, BenchmarkVerdict, WorkerCapacity } from '@tfbench/contract';
import { CircleCheckIcon, CircleMinusIcon, CircleXIcon } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import type { Query } from '@/lib/api';
import { formatCount, formatMs } from '@/lib/format';
import { runsWithOutcome, type SeriesTotals } from '@/lib/series-totals';

/** The API's verdict of a finished benchmark; null until it finished. */
export function verdictOf(b: Benchmark): BenchmarkVerdict | null {
  return b.verdict;
}

/** What the live workers offer. */
export const capacityQuery: Query<WorkerCapacity> = { path: '/benchmarks/capacity' };

/** The figures that qualify a benchmark's success rate: drops, lag, and what the rate is over. */
export interface Headline {
  /** Open arrivals only; null for closed arrival or before any figure exists. */
  droppedRuns: number | null;
  lagP99Ms: number | null;
  successRate: number | null;
  runsSent: number | null;
  runsPlanned: number | null;
}

export function headlineOf(b: Benchmark): Headline {
  const { summary } = b;
  if (summary?.series) return seriesHeadline(summary.series);
  const schedule = summary?.schedule ?? null;
  const rate = summary?.success_rate ?? null;
  const sent = rate?.n ?? null;
  return {
    droppedRuns: schedule?.dropped_runs ?? null,
    lagP99Ms: schedule?.lag_ms.p99 ?? null,
    successRate: rate !== null && rate.n > 0 ? rate.successes / rate.n : null,
    runsSent: sent,
    runsPlanned: rate?.runs_planned ?? null,
  };
}

/** A sweep or search sends nothing itself: its success rate is over its steps' runs. */
function seriesHeadline(totals: SeriesTotals): Headline {
  const ended = runsWithOutcome(totals);
  return {
    droppedRuns: null,
    lagP99Ms: null,
    successRate: ended > 0 ? totals.completed / ended : null,
    // Over the runs with an outcome, as the rate is: a step's cancelled runs are mostly the
    // ones its duration cut off before they started.
    runsSent: ended,
    runsPlanned: null,
  };
}

/**
 * The benchmark's outcome as a badge: green only when every threshold and built-in check held.
 * `completed` says every run ended, not that the benchmark met its goals.
 */
export function VerdictBadge({ benchmark }: { benchmark: Benchmark }) {
  const verdict = verdictOf(benchmark);
  if (verdict === null) return null;
  const { variant, icon: Icon, label, title } = VERDICT_LOOKS[verdict];
  return (
    <Badge variant={variant} data-testid="benchmark-verdict" data-verdict={verdict} title={title}>
      <Icon aria-hidden="true" />
      {label}
    </Badge>
  );
}

/** How each verdict reads; only a benchmark with nothing to check says why it has no verdict. */
const VERDICT_LOOKS = {
  passed: { variant: 'success', icon: CircleCheckIcon, label: 'passed', title: undefined },
  failed: { variant: 'destructive', icon: CircleXIcon, label: 'failed', title: undefined },
  no_thresholds: {
    variant: 'muted',
    icon: CircleMinusIcon,
    label: 'no thresholds',
    title: 'Nothing was checked: add thresholds to get a pass or fail',
  },
} as const;

/**
 * A list row's drops and schedule lag p99, "16 · 172 ms": the figures a clean success rate
 * would hide. Closed arrival has no schedule to drop from.
 */
export function DroppedAndLag({ benchmark }: { benchmark: Benchmark }) {
  const { droppedRuns, lagP99Ms } = headlineOf(benchmark);
  if (droppedRuns === null) return <span className="text-xs text-muted-foreground">closed arrival</span>;
  return (
    <>
      <span className={droppedRuns > 0 ? 'font-medium text-destructive' : ''}>
        {formatCount(droppedRuns)}
      </span>
      <span className="text-muted-foreground">
        {' · '}
        {lagP99Ms === null ? 'no lag yet' : formatMs(lagP99Ms)}
      </span>
    </>
  );
}
