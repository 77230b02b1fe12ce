'use client';

import type { WorkerCapacity } from '@tfbench/contract';
import { Callout } from '@/components/shared/callout';
import { formatCount } from '@/lib/format';

/**
 * Said before the benchmark starts: a concurrency the live workers cannot hold would be capped
 * silently (open arrivals dropped or late, closed ones below the asked concurrency).
 */
export function CapacityNotice({
  concurrency,
  capacity,
}: {
  concurrency: number | null;
  capacity: WorkerCapacity | undefined;
}) {
  if (!capacity || concurrency === null || concurrency <= capacity.concurrency) return null;
  const offer =
    capacity.workers === 0
      ? 'No worker is running: runs wait until one starts.'
      : `The ${capacity.workers === 1 ? 'live worker runs' : `${formatCount(capacity.workers)} live workers run`} at most ${formatCount(capacity.concurrency)} at once.`;
  return (
    <Callout tone="warning" testId="benchmark-capacity-warning" className="sm:col-span-2">
      <p className="font-medium">
        Concurrency {formatCount(concurrency)} is more than the workers can hold (
        {formatCount(capacity.concurrency)}).
      </p>
      <p className="text-muted-foreground">
        {offer} Add workers or raise WORKER_CONCURRENCY, or lower the concurrency; otherwise runs queue on our
        side and open arrivals are dropped.
      </p>
    </Callout>
  );
}
