'use client';

import type { WorkerCapacity } from '@tfbench/contract';
import { TriangleAlertIcon } from 'lucide-react';
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
    <div
      role="status"
      data-testid="benchmark-capacity-warning"
      className="flex gap-3 rounded-lg border border-warning/50 bg-warning/10 p-3 text-sm sm:col-span-2"
    >
      <TriangleAlertIcon className="mt-0.5 size-4 shrink-0 text-warning" aria-hidden="true" />
      <div className="grid grid-cols-1 gap-1">
        <p className="font-medium">
          Concurrency {formatCount(concurrency)} is more than the workers can hold (
          {formatCount(capacity.concurrency)}).
        </p>
        <p className="text-muted-foreground">
          {offer} Add workers or raise WORKER_CONCURRENCY, or lower the concurrency; otherwise runs queue on
          our side and open arrivals are dropped.
        </p>
      </div>
    </div>
  );
}
