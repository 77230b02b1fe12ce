import type { InterTokenStats } from '@tfbench/contract';
import { formatCount, formatMs } from '@/lib/format';

const STAT_KEYS: Array<keyof InterTokenStats> = ['min', 'mean', 'p50', 'p90', 'p95', 'p99', 'max', 'stddev'];

/** The distribution of the gaps between a run's streamed events. */
export function InterTokenTable({ stats }: { stats: InterTokenStats }) {
  return (
    <dl
      className="grid grid-cols-[repeat(auto-fill,minmax(5.5rem,1fr))] gap-2 whitespace-nowrap"
      data-testid="inter-token-stats"
    >
      <div className="rounded-md bg-muted/50 px-2.5 py-1.5">
        <dt className="text-xs text-muted-foreground">gaps</dt>
        <dd className="font-medium tabular-nums">{formatCount(stats.count)}</dd>
      </div>
      {STAT_KEYS.map((k) => {
        const v = stats[k];
        return (
          <div key={k} className="rounded-md bg-muted/50 px-2.5 py-1.5">
            <dt className="text-xs text-muted-foreground">{k}</dt>
            <dd className="font-medium tabular-nums">
              {typeof v === 'number' ? (
                formatMs(v)
              ) : (
                <span className="text-xs text-muted-foreground">too few gaps</span>
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
