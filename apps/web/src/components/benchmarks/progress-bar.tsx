import type { RunStatus } from '@tfbench/contract';
import { formatCount } from '@/lib/format';
import { cn } from '@/lib/utils';
import type { BenchmarkProgress } from './progress';

const SEGMENTS: Array<{ status: RunStatus; className: string }> = [
  { status: 'completed', className: 'bg-success' },
  { status: 'failed', className: 'bg-destructive' },
  { status: 'timeout', className: 'bg-warning' },
  { status: 'cancelled', className: 'bg-muted-foreground/50' },
  { status: 'running', className: 'bg-info animate-pulse' },
];

/**
 * A stacked bar of all runs by status (warm-ups included), with the measured runs counted
 * beside it: "30 of 30 measured runs finished", the warm-ups apart.
 */
export function ProgressBar({
  progress,
  compact = false,
}: {
  progress: BenchmarkProgress;
  compact?: boolean;
}) {
  const allRuns = Math.max(
    1,
    Object.values(progress.counts).reduce((a, b) => a + (b ?? 0), 0),
  );
  const total = progress.total ?? allRuns;
  const percent = Math.min(100, (progress.done / Math.max(total, 1)) * 100);
  const warmup = progress.warmup;
  return (
    <div className={cn('grid gap-1.5', compact ? 'min-w-32' : '')}>
      <div
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={progress.done}
        aria-label="Measured runs finished"
        className={cn('flex w-full overflow-hidden rounded-full bg-muted', compact ? 'h-1.5' : 'h-2.5')}
      >
        {SEGMENTS.map(({ status, className }) => {
          const n = progress.counts[status] ?? 0;
          if (n === 0) return null;
          return <span key={status} className={className} style={{ width: `${(n / allRuns) * 100}%` }} />;
        })}
      </div>
      <p className="text-xs text-muted-foreground tabular-nums">
        {formatCount(progress.done)}
        {progress.total !== null ? ` of ${formatCount(progress.total)}` : ''}
        {compact ? '' : ' measured runs'} finished
        {compact ? '' : ` (${percent.toFixed(0)}%)`}
        {!compact && warmup ? (
          <span data-testid="benchmark-warmup-progress">
            {' · '}warm-up {formatCount(warmup.done)} of {formatCount(warmup.total)}
          </span>
        ) : null}
        {!compact && warmup ? <span>{' · all runs:'}</span> : null}
        {compact
          ? null
          : SEGMENTS.filter(({ status }) => (progress.counts[status] ?? 0) > 0).map(({ status }) => (
              <span key={status}>
                {' · '}
                {formatCount(progress.counts[status] ?? 0)} {status}
              </span>
            ))}
      </p>
    </div>
  );
}
