import { CircleCheckIcon, CircleMinusIcon, CircleXIcon } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import type { Benchmark, Query } from '@/lib/api';

/** The API's verdict of a finished benchmark; null until it finished. */
export type Verdict = 'passed' | 'failed' | 'no_thresholds';

const VERDICTS: readonly Verdict[] = ['passed', 'failed', 'no_thresholds'];

export function verdictOf(b: Benchmark): Verdict | null {
  return VERDICTS.includes(b.verdict as Verdict) ? (b.verdict as Verdict) : null;
}

/** What the live workers offer (GET /benchmarks/capacity). */
export interface WorkerCapacity {
  concurrency: number;
  workers: number;
  max_concurrency: number;
}

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

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function record(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

export function headlineOf(b: Benchmark): Headline {
  const summary = record(b.summary);
  const schedule = record(summary?.schedule);
  const rate = record(summary?.success_rate);
  const sent = num(rate?.n);
  const successes = num(rate?.successes);
  return {
    droppedRuns: num(schedule?.dropped_runs),
    lagP99Ms: num(record(schedule?.lag_ms)?.p99),
    successRate: sent !== null && sent > 0 && successes !== null ? successes / sent : null,
    runsSent: sent,
    runsPlanned: num(rate?.runs_planned) ?? num(summary?.measured_runs),
  };
}

/**
 * The benchmark's outcome as a badge: green only when every threshold and built-in check held.
 * `completed` says every run ended, not that the benchmark met its goals.
 */
export function VerdictBadge({ benchmark }: { benchmark: Benchmark }) {
  const verdict = verdictOf(benchmark);
  if (verdict === null) return null;
  if (verdict === 'passed')
    return (
      <Badge variant="success" data-testid="benchmark-verdict" data-verdict={verdict}>
        <CircleCheckIcon aria-hidden="true" />
        passed
      </Badge>
    );
  if (verdict === 'failed')
    return (
      <Badge variant="destructive" data-testid="benchmark-verdict" data-verdict={verdict}>
        <CircleXIcon aria-hidden="true" />
        failed
      </Badge>
    );
  return (
    <Badge
      variant="muted"
      data-testid="benchmark-verdict"
      data-verdict={verdict}
      title="Nothing was checked: add thresholds to get a pass or fail"
    >
      <CircleMinusIcon aria-hidden="true" />
      no thresholds
    </Badge>
  );
}
