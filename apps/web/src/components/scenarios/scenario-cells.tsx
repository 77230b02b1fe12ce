'use client';

import { type Scenario, TERMINAL_RUN_STATUSES } from '@tfbench/contract';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { useCan } from '@/components/auth/session';
import { RunMetric } from '@/components/runs/run-metric';
import { RelativeTime } from '@/components/shared/relative-time';
import { StatusBadge } from '@/components/shared/status-badge';
import { toastFailure } from '@/components/shared/toast-failure';
import { Switch } from '@/components/ui/switch';
import { dismissToast, toast } from '@/components/ui/toast';
import { Hint } from '@/components/ui/tooltip';
import { mutations, queries } from '@/lib/api';
import { formatMs } from '@/lib/format';
import { matchEvents } from '@/lib/live';
import { useQuery } from '@/lib/use-query';
import { ScheduleConfirmDialog } from './schedule-estimate';

/** The newest run of a scenario: status, total time and age, updating live. */
export function LatestResult({ scenarioId }: { scenarioId: number }) {
  const latest = useQuery(queries.runs({ scenario_id: scenarioId, limit: 1 }), {
    live: true,
    pollMs: 5000,
    matchEvent: matchEvents(['run.status'], { scenario_id: scenarioId }),
  });
  const run = latest.data?.[0];
  const finished = run !== undefined && TERMINAL_RUN_STATUSES.includes(run.status);
  // Its "queued" toast is out of date once the run has finished: the row shows the outcome.
  useEffect(() => {
    if (finished && run) dismissToast(`run-${run.id}`);
  }, [finished, run]);
  if (latest.isLoading) return <span className="text-xs text-muted-foreground">loading…</span>;
  if (latest.error && !run) return <span className="text-xs text-destructive">{latest.error.message}</span>;
  if (!run) return <span className="text-xs text-muted-foreground">never run</span>;
  return (
    <Link href={`/runs/${run.id}`} className="inline-flex items-center gap-2 hover:underline">
      <StatusBadge status={run.status} />
      <span className="text-sm">
        <RunMetric value={run.total_duration_ms} status={run.status} format={formatMs} />
      </span>
      <RelativeTime when={run.created_at} className="text-xs text-muted-foreground" />
    </Link>
  );
}

function scheduleText(s: Scenario): string | null {
  const { interval_seconds: interval, cron, schedule_kind: kind, iterations } = s.run_settings;
  const what = kind === 'benchmark' ? `: benchmark of ${iterations ?? 1} runs` : ': one run';
  if (typeof cron === 'string' && cron) return `cron ${cron}${what}`;
  if (typeof interval === 'number')
    return `${interval % 60 === 0 ? `every ${interval / 60} min` : `every ${interval} s`}${what}`;
  return null;
}

/** Schedule on/off, what it is, and when it fires next. */
export function ScheduleCell({ scenario, onChanged }: { scenario: Scenario; onChanged: () => void }) {
  const canEdit = useCan('edit');
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const text = scheduleText(scenario);
  const toggle = async (enabled: boolean) => {
    setBusy(true);
    try {
      await mutations.setSchedule(scenario.id, enabled);
      toast({ title: `Schedule ${enabled ? 'on' : 'off'} for ${scenario.name}`, variant: 'success' });
      onChanged();
    } catch (e) {
      toastFailure('Could not change the schedule', e);
    } finally {
      setBusy(false);
    }
  };
  const control = (
    <Switch
      checked={scenario.schedule_enabled}
      // Switching on asks first, with the runs and cost per day; switching off does not.
      onCheckedChange={(enabled) => (enabled ? setConfirming(true) : toggle(false))}
      disabled={busy || text === null || !canEdit}
      aria-label={`Schedule ${scenario.name}`}
      data-testid="schedule-switch"
    />
  );
  return (
    <div className="flex items-center gap-3">
      <ScheduleConfirmDialog
        scenario={scenario}
        open={confirming}
        onOpenChange={setConfirming}
        onConfirm={() => toggle(true)}
      />
      {text === null ? (
        <Hint text="Set an interval or a cron expression (Edit) to schedule this scenario.">
          <span>{control}</span>
        </Hint>
      ) : (
        control
      )}
      <div className="min-w-0 text-xs leading-tight">
        <p className="text-muted-foreground">{text ?? 'no schedule set'}</p>
        {scenario.schedule_enabled ? (
          scenario.next_run_at ? (
            <p>
              next <RelativeTime when={scenario.next_run_at} tense="future" />
            </p>
          ) : (
            <p className="text-muted-foreground">waiting for the scheduler</p>
          )
        ) : null}
      </div>
    </div>
  );
}

export function ScenarioName({ scenario: s }: { scenario: Scenario }) {
  return (
    <>
      <Link
        href={`/scenarios/${s.id}`}
        className="block break-words font-medium hover:underline md:truncate"
        data-testid="scenario-link"
      >
        {s.name}
      </Link>
      {s.description ? (
        <p className="break-words text-xs text-muted-foreground md:truncate">{s.description}</p>
      ) : null}
    </>
  );
}
