import type { Benchmark } from '@tfbench/contract';
import { OctagonPauseIcon } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { formatDateTime, formatMs } from '@/lib/format';

/** Why and when a benchmark stopped before its runs were all sent, as the API stored it. */
export interface EarlyStop {
  /** The short label: the condition that fired, or what stopped it. */
  label: string;
  /** The API's sentence: what held, what it saw, after how many runs. */
  reason: string;
  /** When it fired, and how long into the measured phase; null when not stored. */
  at: string | null;
  intoMeasurementMs: number | null;
  /** Measured runs ended when it fired. */
  afterRuns: number | null;
}

/** The benchmark's early stop, or null when it ran its course. */
export function earlyStopOf(b: Benchmark): EarlyStop | null {
  if (!b.stop_reason) return null;
  const stored = b.settings.stop_condition;
  const condition = stored && typeof stored === 'object' ? (stored as Record<string, unknown>) : null;
  const at = typeof condition?.at === 'string' ? condition.at : null;
  const started = b.measurement_started_at;
  const label =
    typeof condition?.condition === 'string'
      ? condition.condition
      : /max_cost_usd|cost cap/i.test(b.stop_reason)
        ? 'cost cap reached'
        : 'stopped';
  return {
    label,
    reason: b.stop_reason.replace(/^stopped: /, ''),
    at,
    intoMeasurementMs: at && started ? Math.max(0, Date.parse(at) - Date.parse(started)) : null,
    afterRuns: typeof condition?.after_runs === 'number' ? condition.after_runs : null,
  };
}

/**
 * A badge beside the status when the benchmark stopped early, naming the condition that fired;
 * its title (and the line under the header) give the whole reason and when.
 */
export function StoppedEarlyBadge({ benchmark }: { benchmark: Benchmark }) {
  const stop = earlyStopOf(benchmark);
  if (!stop) return null;
  return (
    <Badge
      variant="warning"
      title={stop.reason}
      data-testid="stopped-early-badge"
      className="gap-1 font-mono"
    >
      <OctagonPauseIcon className="size-3" aria-hidden="true" />
      <span className="font-sans">Stopped early:</span> {stop.label}
    </Badge>
  );
}

/** The sentence under the header: the reason, then when (clock time and time into the measured phase). */
export function EarlyStopLine({ benchmark }: { benchmark: Benchmark }) {
  const stop = earlyStopOf(benchmark);
  if (!stop) return null;
  // The API's reason already says after how many runs; this adds when.
  const when = [
    stop.intoMeasurementMs !== null ? `${formatMs(stop.intoMeasurementMs)} into the measured phase` : null,
    stop.at ? `at ${formatDateTime(stop.at)}` : null,
  ].filter((part) => part !== null);
  return (
    <span className="font-medium text-destructive" data-testid="benchmark-stop-reason">
      Stopped: {stop.reason}
      {when.length > 0 ? ` — ${when.join(', ')}` : ''}
    </span>
  );
}
