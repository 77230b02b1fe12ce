'use client';

import {
  CircleAlertIcon,
  CircleCheckIcon,
  CircleXIcon,
  ExternalLinkIcon,
  RotateCwIcon,
  SquareIcon,
} from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { useCan } from '@/components/auth/session';
import { JsonBlock } from '@/components/shared/json-block';
import { PageHeader } from '@/components/shared/page-header';
import { PageSkeleton } from '@/components/shared/page-skeleton';
import { RelativeTime, useTickingNow } from '@/components/shared/relative-time';
import { EmptyState, ErrorState } from '@/components/shared/states';
import { StatusBadge } from '@/components/shared/status-badge';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { dismissToast, toast } from '@/components/ui/toast';
import { Hint } from '@/components/ui/tooltip';
import { type InterTokenStats, mutations, queries, type RunDetail, TERMINAL_RUN_STATUSES } from '@/lib/api';
import { formatCount, formatMs, formatUsd } from '@/lib/format';
import { matchEvents } from '@/lib/live';
import { liveFigures } from '@/lib/live-figures';
import { useQuery } from '@/lib/use-query';
import { useScenarioNames } from '@/lib/use-scenario-names';
import { userMessage } from '@/lib/user-messages';
import { EventTimeline } from './event-timeline';
import { RunMetric } from './run-metric';

interface Figure {
  label: string;
  value: number | null | undefined;
  format: (v: number) => string;
  hint: string;
}

function figures(run: RunDetail): Figure[] {
  const live = liveFigures(run);
  return [
    {
      label: 'Total time',
      value: run.total_duration_ms,
      format: formatMs,
      hint: 'From just before the request to the final event.',
    },
    { label: 'TTFT', value: live.ttft_ms, format: formatMs, hint: 'Time to the first PROGRESS event.' },
    {
      label: 'To STARTED',
      value: live.time_to_started_ms,
      format: formatMs,
      hint: 'Time to the STARTED event.',
    },
    {
      label: 'To live view',
      value: live.time_to_streaming_url_ms,
      format: formatMs,
      hint: 'Time to the STREAMING_URL event.',
    },
    {
      label: 'Queue wait',
      value: run.queue_wait_ms,
      format: formatMs,
      hint: 'From creation to the worker starting it.',
    },
    {
      label: 'Server duration',
      value: run.server_duration_ms,
      format: formatMs,
      hint: 'Duration as the upstream reports it (its finished_at − started_at).',
    },
    {
      label: 'Steps',
      value: live.steps,
      format: formatCount,
      hint: 'PROGRESS events counted from the stream.',
    },
    {
      label: 'Heartbeats',
      value: live.heartbeats,
      format: formatCount,
      hint: 'HEARTBEAT events (not in the statistics).',
    },
    { label: 'Cost', value: run.cost_usd, format: formatUsd, hint: 'Estimated cost of this run.' },
  ];
}

function FigureGrid({ run }: { run: RunDetail }) {
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-5" data-testid="run-figures">
      {figures(run).map((f) => (
        <div key={f.label} className="rounded-lg border bg-card px-3 py-2.5">
          <dt className="text-xs text-muted-foreground">
            <Hint text={f.hint}>
              <span className="cursor-help underline decoration-dotted underline-offset-4">{f.label}</span>
            </Hint>
          </dt>
          <dd className="mt-0.5 text-lg font-semibold tabular-nums" data-testid={`figure-${f.label}`}>
            {f.value === null || f.value === undefined ? (
              <RunMetric value={null} status={run.status} format={f.format} />
            ) : (
              f.format(f.value)
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}

const STAT_KEYS: Array<keyof InterTokenStats> = ['min', 'mean', 'p50', 'p90', 'p95', 'p99', 'max', 'stddev'];

function InterTokenTable({ stats }: { stats: InterTokenStats }) {
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

function AssertionList({ run }: { run: RunDetail }) {
  const results = run.assertion_results ?? [];
  if (results.length === 0) {
    return (
      <p className="text-sm text-muted-foreground">
        {TERMINAL_RUN_STATUSES.includes(run.status)
          ? 'This scenario has no assertions. Add some (Scenarios → Edit) to check results, not just completion.'
          : 'Assertions are checked when the run finishes.'}
      </p>
    );
  }
  return (
    <ul className="grid grid-cols-1 gap-2" data-testid="assertions">
      {results.map((a, i) => (
        <li
          // biome-ignore lint/suspicious/noArrayIndexKey: results are a fixed list in assertion order
          key={i}
          className="flex items-start gap-2 text-sm"
          data-passed={a.passed}
        >
          {a.passed ? (
            <CircleCheckIcon className="mt-0.5 size-4 shrink-0 text-success" aria-label="passed" />
          ) : (
            <CircleXIcon className="mt-0.5 size-4 shrink-0 text-destructive" aria-label="failed" />
          )}
          <div className="min-w-0">
            <code className="break-all font-mono text-xs">
              {typeof a.assertion === 'string' ? a.assertion : JSON.stringify(a.assertion)}
            </code>
            {a.message ? <p className="text-muted-foreground">{a.message}</p> : null}
          </div>
        </li>
      ))}
    </ul>
  );
}

/** Where an in-flight run is: queued (and for how long) or running. */
function InFlightBanner({ run }: { run: RunDetail }) {
  const now = useTickingNow();
  const since = run.status === 'pending' ? run.created_at : (run.started_at ?? run.created_at);
  const seconds = Math.max(0, (now.getTime() - Date.parse(since)) / 1000);
  return (
    <div
      role="status"
      data-testid="in-flight-banner"
      className="flex items-center gap-3 rounded-lg border border-info/40 bg-info/5 px-4 py-3 text-sm"
    >
      <span className="size-2 shrink-0 animate-pulse rounded-full bg-info" aria-hidden="true" />
      {run.status === 'pending' ? (
        <p>
          Queued for {formatMs(seconds * 1000)}: waiting for a worker to start it. The figures below fill in
          as the run progresses.
        </p>
      ) : (
        <p>Running for {formatMs(seconds * 1000)}. Events and figures appear as the agent reports them.</p>
      )}
    </div>
  );
}

function ErrorPanel({ run }: { run: RunDetail }) {
  return (
    <div
      role="alert"
      data-testid="run-error"
      className="flex gap-3 rounded-lg border border-destructive/40 bg-destructive/5 p-4 text-sm"
    >
      <CircleAlertIcon className="mt-0.5 size-5 shrink-0 text-destructive" aria-hidden="true" />
      <div className="grid grid-cols-1 min-w-0 gap-1">
        <div className="flex flex-wrap items-center gap-2">
          <p className="font-semibold">{run.status === 'timeout' ? 'The run timed out' : 'The run failed'}</p>
          {run.error_code ? <Badge variant="destructive">{run.error_code}</Badge> : null}
          {run.http_status ? <Badge variant="outline">HTTP {run.http_status}</Badge> : null}
        </div>
        <p className="break-words text-muted-foreground">
          {run.error ?? 'No message was returned upstream.'}
        </p>
      </div>
    </div>
  );
}

function LiveView({ url, inFlight }: { url: string; inFlight: boolean }) {
  if (!inFlight) {
    return (
      <p className="text-sm text-muted-foreground">
        The live browser view closed when the run ended.{' '}
        <a
          href={url}
          target="_blank"
          rel="noreferrer"
          className="inline-flex items-center gap-1 text-primary hover:underline"
        >
          Its address <ExternalLinkIcon className="size-3" />
        </a>
      </p>
    );
  }
  return (
    <div className="grid grid-cols-1 gap-2">
      <div className="aspect-video w-full overflow-hidden rounded-lg border bg-muted">
        <iframe
          src={url}
          title="Live browser view of the run"
          className="h-full w-full"
          sandbox="allow-scripts allow-same-origin"
          referrerPolicy="no-referrer"
          data-testid="live-view"
        />
      </div>
      <a
        href={url}
        target="_blank"
        rel="noreferrer"
        className="inline-flex w-fit items-center gap-1 text-xs text-primary hover:underline"
      >
        Open in a new tab <ExternalLinkIcon className="size-3" />
      </a>
    </div>
  );
}

/** Everything about one run, live while it is in flight. */
export function RunDetailView({ id }: { id: number }) {
  const router = useRouter();
  const scenarioNames = useScenarioNames();
  const canTrigger = useCan('trigger');
  const [busy, setBusy] = useState(false);
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

  if (detail.error && !run) {
    return (
      <>
        <PageHeader title={`Run #${id}`} />
        {detail.error.status === 404 ? (
          <EmptyState
            title={`There is no run #${id}`}
            description="It may have been deleted with its scenario. The runs list shows the ones that exist."
            action={
              <Button asChild>
                <Link href="/runs">All runs</Link>
              </Button>
            }
          />
        ) : (
          <ErrorState error={detail.error} onRetry={detail.reload} />
        )}
      </>
    );
  }
  if (!run) return <PageSkeleton />;

  const cancel = async () => {
    setBusy(true);
    try {
      await mutations.cancelRun(run.id);
      toast({ title: `Cancelling run #${run.id}`, variant: 'success' });
      detail.reload();
    } catch (e) {
      toast({
        title: 'Could not cancel the run',
        description: userMessage(e),
        variant: 'destructive',
      });
    } finally {
      setBusy(false);
    }
  };
  const rerun = async () => {
    setBusy(true);
    try {
      const next = await mutations.triggerRun(run.scenario_id);
      router.push(`/runs/${next.id}`);
    } catch (e) {
      toast({
        title: 'Could not trigger a run',
        description: userMessage(e),
        variant: 'destructive',
      });
    } finally {
      setBusy(false);
    }
  };

  const streamingUrl = liveFigures(run).streaming_url;
  const failed = run.status === 'failed' || run.status === 'timeout' || run.error !== null;
  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            Run #{run.id} <StatusBadge status={run.status} />
          </span>
        }
        description={
          <span className="flex flex-wrap gap-x-3 gap-y-1">
            <Link href={`/runs?scenario_id=${run.scenario_id}`} className="text-primary hover:underline">
              {scenarioNames.get(run.scenario_id) ?? `Scenario #${run.scenario_id}`}
            </Link>
            <span>trigger: {run.trigger}</span>
            {run.benchmark_id ? (
              <Link href={`/benchmarks/${run.benchmark_id}`} className="text-primary hover:underline">
                benchmark #{run.benchmark_id}
                {run.is_warmup ? ' (warm-up)' : ''}
              </Link>
            ) : null}
            <span>
              created <RelativeTime when={run.created_at} />
            </span>
            {run.tinyfish_run_id ? (
              <span className="font-mono text-xs">TinyFish {run.tinyfish_run_id}</span>
            ) : null}
          </span>
        }
        actions={
          !canTrigger ? null : inFlight ? (
            <Button variant="outline" onClick={cancel} disabled={busy} data-testid="cancel-run">
              <SquareIcon />
              Cancel run
            </Button>
          ) : (
            <Button variant="outline" onClick={rerun} disabled={busy} data-testid="rerun">
              <RotateCwIcon />
              Run again
            </Button>
          )
        }
      />
      <div className="grid grid-cols-1 gap-6">
        {detail.error ? (
          <ErrorState error={detail.error} onRetry={detail.reload} title="Refreshing failed" />
        ) : null}
        {failed ? <ErrorPanel run={run} /> : null}
        {inFlight ? <InFlightBanner run={run} /> : null}
        <FigureGrid run={run} />

        <div className="grid grid-cols-1 gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          <Card>
            <CardHeader>
              <div>
                <CardTitle>Timeline</CardTitle>
                <CardDescription className="mt-1">
                  Events as received, with their offset from the start of the request.
                </CardDescription>
              </div>
            </CardHeader>
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
              <CardHeader>
                <div>
                  <CardTitle>Inter-token latency</CardTitle>
                  <CardDescription className="mt-1">
                    Gaps between consecutive PROGRESS events, and to COMPLETE.
                  </CardDescription>
                </div>
              </CardHeader>
              <CardContent>
                {run.inter_token_stats ? (
                  <InterTokenTable stats={run.inter_token_stats} />
                ) : (
                  <p className="text-sm text-muted-foreground">
                    {inFlight
                      ? 'Computed when the run finishes.'
                      : 'Not measured: the run had no event stream or fewer than two progress events.'}
                  </p>
                )}
              </CardContent>
            </Card>
            <Card>
              <CardHeader>
                <div>
                  <CardTitle>Assertions</CardTitle>
                  {run.assertions_passed !== null ? (
                    <CardDescription className="mt-1">
                      {run.assertions_passed ? 'All assertions passed.' : 'At least one assertion failed.'}
                    </CardDescription>
                  ) : null}
                </div>
              </CardHeader>
              <CardContent>
                <AssertionList run={run} />
              </CardContent>
            </Card>
          </div>
        </div>

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
