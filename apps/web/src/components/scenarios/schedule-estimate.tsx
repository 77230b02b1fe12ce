'use client';

import type { RunSettings, Scenario, ScheduleEstimate } from '@tfbench/contract';
import { useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';
import { DialogFooter, DialogFrame } from '@/components/ui/dialog';
import { mutations } from '@/lib/api';
import { formatCount, formatUsd } from '@/lib/format';

/** Waits this long after the last keystroke before asking the API again. */
const DEBOUNCE_MS = 300;

/** "43,200 runs a day (a benchmark of 30 runs, 1,440 times a day), about $77,328.00 a day". */
export function describeEstimate(estimate: ScheduleEstimate): string {
  if (estimate.runs_per_day === null || estimate.ticks_per_day === null) {
    return estimate.kind === 'benchmark'
      ? `Each tick starts a benchmark of ${formatCount(estimate.runs_per_tick)} runs; set an interval or cron to see runs per day.`
      : 'Each tick starts one run; set an interval or cron to see runs per day.';
  }
  const ticks = formatCount(Math.round(estimate.ticks_per_day * 10) / 10);
  const perTick =
    estimate.kind === 'benchmark'
      ? `a benchmark of ${formatCount(estimate.runs_per_tick)} runs, ${ticks} times a day`
      : `one run per tick, ${ticks} ticks a day`;
  const runs = `About ${formatCount(Math.round(estimate.runs_per_day))} runs a day (${perTick})`;
  if (estimate.cost_per_day_usd === null || estimate.cost_per_run_usd === null) {
    return `${runs}; no finished run has a cost yet to estimate from.`;
  }
  const n = estimate.cost_basis.runs;
  const last = n === 1 ? 'last run' : `last ${formatCount(n)} runs`;
  const basis =
    estimate.cost_basis.source === 'scenario'
      ? `this scenario's ${last}`
      : estimate.cost_basis.source === 'automation'
        ? `this automation's ${last}`
        : `the ${last} of any scenario`;
  return `${runs}, about ${formatUsd(estimate.cost_per_day_usd)} a day at ${formatUsd(estimate.cost_per_run_usd)} per run (the mean of ${basis}).`;
}

/**
 * Asks the API what these run settings would start per day, as they change (debounced).
 * Null while loading or when the settings cannot be estimated (the form shows that error).
 */
export function useScheduleEstimate(
  runSettings: RunSettings | null,
  ids: { scenario_id?: number; automation_id?: number },
): ScheduleEstimate | null {
  const [estimate, setEstimate] = useState<ScheduleEstimate | null>(null);
  const key = runSettings ? JSON.stringify([runSettings, ids.scenario_id, ids.automation_id]) : null;
  useEffect(() => {
    if (key === null) {
      setEstimate(null);
      return;
    }
    let cancelled = false;
    const timer = setTimeout(() => {
      const [settings, scenarioId, automationId] = JSON.parse(key) as [RunSettings, number?, number?];
      mutations
        .scheduleEstimate({
          run_settings: settings,
          ...(scenarioId !== undefined && scenarioId !== null ? { scenario_id: scenarioId } : {}),
          ...(automationId !== undefined && automationId !== null ? { automation_id: automationId } : {}),
        })
        .then((result) => {
          if (!cancelled) setEstimate(result);
        })
        .catch(() => {
          if (!cancelled) setEstimate(null);
        });
    }, DEBOUNCE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [key]);
  return estimate;
}

/** The estimate as one line under the schedule settings. */
export function ScheduleEstimateText({ estimate }: { estimate: ScheduleEstimate | null }) {
  return (
    <p className="text-xs text-muted-foreground" aria-live="polite" data-testid="schedule-estimate">
      {estimate ? describeEstimate(estimate) : 'Estimating runs and cost per day…'}
    </p>
  );
}

/**
 * Asks before a schedule goes on, with what it will run and cost per day: a schedule of
 * benchmarks every minute is tens of thousands of runs a day.
 */
export function ScheduleConfirmDialog({
  scenario,
  open,
  onOpenChange,
  onConfirm,
}: {
  scenario: Scenario;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onConfirm: () => void;
}) {
  const estimate = useScheduleEstimate(open ? scenario.run_settings : null, { scenario_id: scenario.id });
  return (
    <DialogFrame
      open={open}
      onOpenChange={onOpenChange}
      className="max-w-md"
      title={`Switch on the schedule of ${scenario.name}?`}
      description={
        scenario.run_settings.schedule_kind === 'benchmark'
          ? 'Every tick starts a whole benchmark.'
          : 'Every tick starts one run.'
      }
      testId="schedule-confirm"
    >
      <ScheduleEstimateText estimate={estimate} />
      <DialogFooter>
        <Button variant="outline" onClick={() => onOpenChange(false)}>
          Cancel
        </Button>
        <Button
          onClick={() => {
            onOpenChange(false);
            onConfirm();
          }}
          data-testid="schedule-confirm-on"
        >
          Switch on
        </Button>
      </DialogFooter>
    </DialogFrame>
  );
}
