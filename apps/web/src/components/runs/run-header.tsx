'use client';

import type { RunDetail } from '@tfbench/contract';
import { RotateCwIcon, SquareIcon } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Allowed } from '@/components/auth/allowed';
import { PageHeader } from '@/components/shared/page-header';
import { RelativeTime } from '@/components/shared/relative-time';
import { StatusBadge } from '@/components/shared/status-badge';
import { Button } from '@/components/ui/button';
import { toast } from '@/components/ui/toast';
import { mutations } from '@/lib/api';
import { useScenarioNames } from '@/lib/use-scenario-names';
import { userMessage } from '@/lib/user-messages';

interface RunHeaderProps {
  run: RunDetail;
  inFlight: boolean;
  /** Called after a change the page should fetch again (a cancel). */
  onChanged: () => void;
}

/** Cancels the run while it is in flight, or starts another of its scenario once it has ended. */
function RunAction({ run, inFlight, onChanged }: RunHeaderProps) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const attempt = async (failure: string, action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
    } catch (e) {
      toast({ title: failure, description: userMessage(e), variant: 'destructive' });
    } finally {
      setBusy(false);
    }
  };
  const cancel = () =>
    attempt('Could not cancel the run', async () => {
      await mutations.cancelRun(run.id);
      toast({ title: `Cancelling run #${run.id}`, variant: 'success' });
      onChanged();
    });
  const rerun = () =>
    attempt('Could not trigger a run', async () => {
      const next = await mutations.triggerRun(run.scenario_id);
      router.push(`/runs/${next.id}`);
    });
  return inFlight ? (
    <Button variant="outline" onClick={cancel} disabled={busy} data-testid="cancel-run">
      <SquareIcon />
      Cancel run
    </Button>
  ) : (
    <Button variant="outline" onClick={rerun} disabled={busy} data-testid="rerun">
      <RotateCwIcon />
      Run again
    </Button>
  );
}

/** The run's number and status, where it comes from (scenario, trigger, benchmark), and its action. */
export function RunHeader(props: RunHeaderProps) {
  const { run } = props;
  const scenarioNames = useScenarioNames();
  return (
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
        <Allowed to="trigger">
          <RunAction {...props} />
        </Allowed>
      }
    />
  );
}
