import type { RunDetail } from '@tfbench/contract';
import { EmptyState } from '@/components/shared/states';
import { Card, CardContent, CardHeader, CardHeading, CardTitle } from '@/components/ui/card';
import { liveFigures } from '@/lib/live-figures';
import { AssertionList } from './assertion-list';
import { EventTimeline } from './event-timeline';
import { InterTokenTable } from './inter-token-table';
import { LiveView } from './live-view';

/**
 * What happened in a run: its event timeline beside the live browser view, the inter-token
 * latency and the assertions (under each other on narrower screens).
 */
export function RunPanels({ run, inFlight }: { run: RunDetail; inFlight: boolean }) {
  const streamingUrl = liveFigures(run).streaming_url;
  return (
    <div className="grid grid-cols-1 gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <Card>
        <CardHeading
          title="Timeline"
          description="Events as received, with their offset from the start of the request."
        />
        <CardContent>
          {run.events.length === 0 ? (
            <EmptyState
              compact
              title={inFlight ? 'Waiting for the first event' : 'No events were recorded'}
              description={
                inFlight
                  ? run.status === 'pending'
                    ? 'The run is queued; events appear here as soon as a worker starts it.'
                    : 'Events appear here as the agent reports them.'
                  : 'Sync and async runs have no event stream; their timings come from the final response.'
              }
            />
          ) : (
            <EventTimeline events={run.events} totalMs={run.total_duration_ms} live={inFlight} />
          )}
        </CardContent>
      </Card>

      <div className="grid grid-cols-1 content-start gap-6">
        {streamingUrl ? (
          <Card>
            <CardHeader>
              <CardTitle>Live browser view</CardTitle>
            </CardHeader>
            <CardContent>
              <LiveView url={streamingUrl} inFlight={inFlight} />
            </CardContent>
          </Card>
        ) : null}
        <Card>
          <CardHeading
            title="Inter-token latency"
            description={
              run.token_metrics
                ? 'Gaps between consecutive token-bearing chunks.'
                : 'Gaps between consecutive PROGRESS events, and to COMPLETE.'
            }
          />
          <CardContent>
            {run.inter_token_stats ? (
              <InterTokenTable stats={run.inter_token_stats} />
            ) : (
              <p className="text-sm text-muted-foreground">
                {inFlight
                  ? 'Computed when the run finishes.'
                  : run.token_metrics
                    ? 'Not measured: the run was not streamed or had fewer than two token-bearing chunks.'
                    : 'Not measured: the run had no event stream or fewer than two progress events.'}
              </p>
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeading
            title="Assertions"
            description={
              run.assertions_passed === null
                ? null
                : run.assertions_passed
                  ? 'All assertions passed.'
                  : 'At least one assertion failed.'
            }
          />
          <CardContent>
            <AssertionList run={run} />
          </CardContent>
        </Card>
      </div>
    </div>
  );
}
