'use client';

import { TERMINAL_RUN_STATUSES } from '@tfbench/contract';
import { useEffect, useState } from 'react';
import { JsonBlock } from '@/components/shared/json-block';
import { RecordNotLoaded } from '@/components/shared/record-not-loaded';
import { ErrorState } from '@/components/shared/states';
import { dismissToast } from '@/components/ui/toast';
import { queries } from '@/lib/api';
import { matchEvents } from '@/lib/live';
import { useQuery } from '@/lib/use-query';
import { InFlightBanner } from './in-flight-banner';
import { RunErrorPanel } from './run-error-panel';
import { FigureGrid } from './run-figures';
import { RunHeader } from './run-header';
import { RunPanels } from './run-panels';
import { TokenCard } from './token-card';

/** Everything about one run, live while it is in flight. */
export function RunDetailView({ id }: { id: number }) {
  // Stop refreshing once the run has finished: nothing about it changes any more.
  const [finished, setFinished] = useState(false);
  const detail = useQuery(queries.run(id), {
    live: !finished,
    pollMs: 1000,
    matchEvent: matchEvents(['run.status', 'run.event'], { run_id: id }),
  });
  const run = detail.data;
  const inFlight = run ? !TERMINAL_RUN_STATUSES.includes(run.status) : true;
  useEffect(() => {
    setFinished(!inFlight);
    // The toast that announced this run as queued would now cover the outcome with old news.
    if (!inFlight) dismissToast(`run-${id}`);
  }, [inFlight, id]);

  if (!run)
    return (
      <RecordNotLoaded
        query={detail}
        noun="run"
        id={id}
        list="/runs"
        whyMissing="It may have been deleted with its scenario. The runs list shows the ones that exist."
      />
    );

  const failed = run.status === 'failed' || run.status === 'timeout' || run.error !== null;
  return (
    <>
      <RunHeader run={run} inFlight={inFlight} onChanged={detail.reload} />
      <div className="grid grid-cols-1 gap-6">
        {detail.error ? (
          <ErrorState error={detail.error} onRetry={detail.reload} title="Refreshing failed" />
        ) : null}
        {failed ? <RunErrorPanel run={run} /> : null}
        {inFlight ? <InFlightBanner run={run} /> : null}
        <FigureGrid run={run} />
        <TokenCard run={run} />

        <RunPanels run={run} inFlight={inFlight} />

        <div className="grid grid-cols-1 gap-3">
          <JsonBlock
            title="Result"
            value={run.result_json}
            defaultOpen={run.result_json !== null}
            emptyText="no result"
          />
          <JsonBlock title="Inputs" value={run.inputs} />
          <JsonBlock title="Full response" value={run.response_json} emptyText="no response recorded" />
          {run.attempts && run.attempts.length > 0 ? (
            <JsonBlock title="Attempts" value={run.attempts} />
          ) : null}
        </div>
      </div>
    </>
  );
}
