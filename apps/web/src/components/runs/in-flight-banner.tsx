'use client';

import type { RunDetail } from '@tfbench/contract';
import { Callout } from '@/components/shared/callout';
import { useTickingNow } from '@/components/shared/relative-time';
import { formatMs } from '@/lib/format';

/** Where an in-flight run is: queued (and for how long) or running. */
export function InFlightBanner({ run }: { run: RunDetail }) {
  const now = useTickingNow();
  const since = run.status === 'pending' ? run.created_at : (run.started_at ?? run.created_at);
  const seconds = Math.max(0, (now.getTime() - Date.parse(since)) / 1000);
  return (
    <Callout tone="info" testId="in-flight-banner">
      {run.status === 'pending' ? (
        <p>
          Queued for {formatMs(seconds * 1000)}: waiting for a worker to start it. The figures below fill in
          as the run progresses.
        </p>
      ) : (
        <p>Running for {formatMs(seconds * 1000)}. Events and figures appear as the agent reports them.</p>
      )}
    </Callout>
  );
}
