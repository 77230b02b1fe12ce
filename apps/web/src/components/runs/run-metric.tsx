import { type RunStatus, TERMINAL_RUN_STATUSES } from '@tfbench/contract';

/**
 * Why a run has no figure for a metric, in a few words: a run still in flight has not
 * reached it yet; a finished one never did (e.g. it failed before the first progress event,
 * or it ran in a mode without a stream).
 */
export function missingMetricReason(status: RunStatus): string {
  if (status === 'pending') return 'not started yet';
  if (status === 'running') return 'measuring…';
  return TERMINAL_RUN_STATUSES.includes(status) ? 'not reached' : 'not measured';
}

/**
 * A metric in a table cell: its formatted value, or a muted dash whose tooltip and accessible
 * name say why there is none (so a row of an in-flight run is not a wall of words).
 *
 * @example
 * <RunMetric value={run.ttft_ms} status={run.status} format={formatMs} />
 */
export function RunMetric({
  value,
  status,
  format,
}: {
  value: number | null | undefined;
  status: RunStatus;
  format: (v: number) => string;
}) {
  if (value === null || value === undefined) {
    const reason = missingMetricReason(status);
    return (
      <span className="text-muted-foreground" title={reason}>
        <span aria-hidden="true">–</span>
        <span className="sr-only">{reason}</span>
      </span>
    );
  }
  return <span className="tabular-nums">{format(value)}</span>;
}
