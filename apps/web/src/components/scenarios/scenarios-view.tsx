'use client';

import type { Scenario } from '@tfbench/contract';
import { CopyIcon, FlaskConicalIcon, GaugeIcon, LineChartIcon, ListIcon, PlayIcon } from 'lucide-react';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { Allowed } from '@/components/auth/allowed';
import { DataTable } from '@/components/shared/data-table';
import { DeleteDialog } from '@/components/shared/delete-dialog';
import { ItemMenu } from '@/components/shared/item-menu';
import { LinkButton } from '@/components/shared/link-button';
import { ListView } from '@/components/shared/list-view';
import { NewButton } from '@/components/shared/new-button';
import { PageHeader } from '@/components/shared/page-header';
import { EmptyState } from '@/components/shared/states';
import { toastFailure } from '@/components/shared/toast-failure';
import { useItemDialogs } from '@/components/shared/use-item-dialogs';
import { Button } from '@/components/ui/button';
import { DropdownMenuItem } from '@/components/ui/dropdown-menu';
import { toast } from '@/components/ui/toast';
import { mutations, queries } from '@/lib/api';
import { useMediaQuery } from '@/lib/use-media-query';
import { useQuery } from '@/lib/use-query';
import { BenchmarkDialog } from './benchmark-dialog';
import { LatestResult, ScenarioName, ScheduleCell } from './scenario-cells';
import { ScenarioFormDialog } from './scenario-form';

/** Scenarios: list, create / edit / delete, trigger a run, start a benchmark, schedule. */
export function ScenariosView() {
  const scenarios = useQuery(queries.scenarios(), { live: true, pollMs: 10_000 });
  const automations = useQuery(queries.automations());
  // Below md the latest result and schedule move into the name cell, so the actions stay on screen.
  const isWide = useMediaQuery('(min-width: 768px)');
  const dialogs = useItemDialogs<Scenario>();
  const [benchmarking, setBenchmarking] = useState<Scenario | undefined>();
  const [triggering, setTriggering] = useState<number | null>(null);

  const clone = async (source: Scenario) => {
    try {
      const copy = await mutations.cloneScenario(source.id);
      toast({ title: `Cloned ${source.name} as ${copy.name}`, variant: 'success' });
      scenarios.reload();
    } catch (e) {
      toastFailure('Could not clone the scenario', e);
    }
  };

  const automationNames = useMemo(
    () => new Map((automations.data ?? []).map((a) => [a.id, a.name])),
    [automations.data],
  );

  const trigger = async (s: Scenario) => {
    setTriggering(s.id);
    try {
      const run = await mutations.triggerRun(s.id);
      toast({
        title: `Run #${run.id} queued`,
        description: s.name,
        topic: `run-${run.id}`,
        variant: 'success',
        action: (
          <Link href={`/runs/${run.id}`} className="font-medium text-primary hover:underline">
            Watch it live
          </Link>
        ),
      });
    } catch (e) {
      toastFailure('Could not trigger a run', e);
    } finally {
      setTriggering(null);
    }
  };

  const noAutomations = automations.data !== undefined && automations.data.length === 0;

  // Stacked under the name on a phone, the buttons have room for their words.
  const actions = (s: Scenario, stacked = false) => (
    <div className="flex flex-wrap items-center justify-end gap-1">
      <Allowed to="trigger">
        <Button
          size="sm"
          onClick={() => trigger(s)}
          disabled={triggering === s.id}
          data-testid="trigger-run"
          aria-label={`Trigger run: ${s.name}`}
        >
          <PlayIcon />
          <span className={stacked ? undefined : 'hidden sm:inline'}>
            {triggering === s.id ? 'Starting…' : 'Trigger run'}
          </span>
        </Button>
        <Button
          size="sm"
          variant="outline"
          onClick={() => setBenchmarking(s)}
          data-testid="start-benchmark"
          aria-label={`Benchmark: ${s.name}`}
        >
          <GaugeIcon />
          <span className={stacked ? undefined : 'hidden 2xl:inline'}>Benchmark</span>
        </Button>
      </Allowed>
      <ItemMenu
        label={`More actions for ${s.name}`}
        onEdit={() => dialogs.openEdit(s)}
        onDelete={() => dialogs.askDelete(s)}
      >
        <DropdownMenuItem asChild>
          <Link href={`/scenarios/${s.id}`}>
            <LineChartIcon />
            Trends and settings
          </Link>
        </DropdownMenuItem>
        <DropdownMenuItem asChild>
          <Link href={`/runs?scenario_id=${s.id}`}>
            <ListIcon />
            View runs
          </Link>
        </DropdownMenuItem>
        <Allowed to="edit">
          <DropdownMenuItem onSelect={() => clone(s)} data-testid="clone-scenario">
            <CopyIcon />
            Clone
          </DropdownMenuItem>
        </Allowed>
      </ItemMenu>
    </div>
  );

  return (
    <>
      <PageHeader
        title="Scenarios"
        description="Test cases of an automation: inputs, run settings, thresholds and schedule."
        actions={
          <Allowed to="edit">
            <NewButton onClick={dialogs.openCreate} disabled={noAutomations} data-testid="new-scenario">
              New scenario
            </NewButton>
          </Allowed>
        }
      />
      <ListView
        query={scenarios}
        empty={
          <EmptyState
            icon={<FlaskConicalIcon className="size-6" />}
            {...(noAutomations
              ? {
                  title: 'Create an automation first',
                  description:
                    'A scenario runs an automation with its own inputs and settings. Start by saying what to call.',
                  action: (
                    <Allowed to="edit">
                      <LinkButton href="/automations?new=1">New automation</LinkButton>
                    </Allowed>
                  ),
                }
              : {
                  title: 'No scenarios yet',
                  description:
                    'Create a scenario to trigger runs, start benchmarks or schedule recurring checks.',
                  action: (
                    <Allowed to="edit">
                      <NewButton onClick={dialogs.openCreate}>New scenario</NewButton>
                    </Allowed>
                  ),
                })}
          />
        }
      >
        {(list) => {
          const schedule = (s: Scenario) => <ScheduleCell scenario={s} onChanged={scenarios.reload} />;
          const name = (s: Scenario) => (
            <>
              <ScenarioName scenario={s} />
              {isWide ? null : (
                // On a phone the row is a card: result, schedule and the actions stacked
                // under the name, so no action sits beyond the screen's edge.
                <div className="mt-1.5 grid gap-2">
                  <LatestResult scenarioId={s.id} />
                  {schedule(s)}
                  <div className="[&>div]:justify-start">{actions(s, true)}</div>
                </div>
              )}
            </>
          );
          const automation = (s: Scenario) =>
            automationNames.get(s.automation_id) ?? `Automation #${s.automation_id}`;
          return (
            <DataTable
              columns={[
                {
                  id: 'name',
                  header: 'Name',
                  className: 'max-w-64 whitespace-normal max-md:max-w-none',
                  cell: name,
                },
                {
                  id: 'automation',
                  header: 'Automation',
                  from: '2xl',
                  className: 'max-w-48 truncate',
                  muted: true,
                  cell: automation,
                },
                {
                  id: 'latest',
                  header: 'Latest result',
                  from: 'sm',
                  cell: (s) => (isWide ? <LatestResult scenarioId={s.id} /> : null),
                },
                {
                  id: 'schedule',
                  header: 'Schedule',
                  from: 'md',
                  cell: (s) => (isWide ? schedule(s) : null),
                },
                isWide && {
                  id: 'actions',
                  header: 'Actions',
                  srOnlyHeader: true,
                  headClassName: 'text-right',
                  cell: (s) => actions(s),
                },
              ]}
              testId="scenarios-table"
              rows={list}
              rowProps={(s) => ({ 'data-testid': 'scenario-row', 'data-scenario-id': s.id })}
            />
          );
        }}
      </ListView>

      <ScenarioFormDialog
        {...dialogs.form}
        scenario={dialogs.editing}
        automations={automations.data ?? []}
        save={dialogs.save(mutations.createScenario, mutations.updateScenario)}
        onSaved={dialogs.saved(scenarios.reload)}
      />
      <BenchmarkDialog
        scenario={benchmarking}
        open={benchmarking !== undefined}
        onOpenChange={(open) => {
          if (!open) setBenchmarking(undefined);
        }}
      />
      <DeleteDialog
        {...dialogs.deleteDialog}
        itemLabel={`scenario “${dialogs.deleting?.name ?? ''}”`}
        cascadeLabel="Delete with its runs"
        cascadeExplanation="its runs and benchmarks"
        onDelete={dialogs.remove(mutations.deleteScenario, () => {
          scenarios.reload();
        })}
      />
    </>
  );
}
