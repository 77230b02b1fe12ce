'use client';

import type { Automation } from '@tfbench/contract';
import { BotIcon, PlusIcon } from 'lucide-react';
import Link from 'next/link';
import { useMemo } from 'react';
import { Allowed } from '@/components/auth/allowed';
import { DataTable } from '@/components/shared/data-table';
import { DeleteDialog } from '@/components/shared/delete-dialog';
import { ItemMenu } from '@/components/shared/item-menu';
import { ListView } from '@/components/shared/list-view';
import { PageHeader } from '@/components/shared/page-header';
import { RelativeTime } from '@/components/shared/relative-time';
import { EmptyState } from '@/components/shared/states';
import { useItemDialogs } from '@/components/shared/use-item-dialogs';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { mutations, queries } from '@/lib/api';
import { useQuery } from '@/lib/use-query';
import { AutomationFormDialog } from './automation-form';

function describeTarget(a: Automation): string {
  const { url, goal, model } = a.default_inputs;
  if (a.provider === 'openai') return typeof model === 'string' ? model : '';
  return [url, goal].filter((v): v is string => typeof v === 'string' && v !== '').join(' — ');
}

/** Automations: the list, and create / edit / delete in dialogs. `?new=1` opens the create form. */
export function AutomationsView() {
  const automations = useQuery(queries.automations());
  const scenarios = useQuery(queries.scenarios());
  const dialogs = useItemDialogs<Automation>();

  const scenarioCounts = useMemo(() => {
    const counts = new Map<number, number>();
    for (const s of scenarios.data ?? []) counts.set(s.automation_id, (counts.get(s.automation_id) ?? 0) + 1);
    return counts;
  }, [scenarios.data]);

  return (
    <>
      <PageHeader
        title="Automations"
        description="What tfbench calls: a TinyFish web-agent task or an OpenAI-compatible endpoint, with its default inputs."
        actions={
          <Allowed to="edit">
            <Button onClick={dialogs.openCreate} data-testid="new-automation">
              <PlusIcon />
              New automation
            </Button>
          </Allowed>
        }
      />
      <ListView
        query={automations}
        empty={
          <EmptyState
            icon={<BotIcon className="size-6" />}
            title="No automations yet"
            description="Create one to say what to call — for TinyFish, a URL and a goal. Then add a scenario to run it."
            action={
              <Allowed to="edit">
                <Button onClick={dialogs.openCreate}>
                  <PlusIcon />
                  New automation
                </Button>
                <Button variant="outline" asChild>
                  <Link href="/">Create demo data on the dashboard</Link>
                </Button>
              </Allowed>
            }
          />
        }
      >
        {(list) => (
          <DataTable
            testId="automations-table"
            rows={list}
            rowProps={(a) => ({ 'data-testid': 'automation-row', 'data-automation-id': a.id })}
            columns={[
              {
                id: 'name',
                header: 'Name',
                className: 'max-w-64',
                cell: (a) => (
                  <>
                    <p className="truncate font-medium">{a.name}</p>
                    {a.description ? (
                      <p className="truncate text-xs text-muted-foreground">{a.description}</p>
                    ) : null}
                    <p className="text-xs text-muted-foreground sm:hidden">
                      {a.provider}
                      {a.provider === 'tinyfish' ? ` · ${String(a.config.mode ?? 'sse')}` : ''}
                    </p>
                  </>
                ),
              },
              {
                id: 'provider',
                header: 'Provider',
                from: 'sm',
                cell: (a) => (
                  <div className="flex flex-wrap gap-1">
                    <Badge variant="secondary">{a.provider}</Badge>
                    {a.provider === 'tinyfish' ? (
                      <Badge variant="outline">{String(a.config.mode ?? 'sse')}</Badge>
                    ) : null}
                  </div>
                ),
              },
              {
                id: 'target',
                header: 'Target',
                from: 'md',
                className: 'max-w-96 truncate text-muted-foreground',
                cell: (a) =>
                  describeTarget(a) || <span className="text-xs">no URL or goal in the defaults</span>,
              },
              {
                id: 'scenarios',
                header: 'Scenarios',
                from: 'sm',
                align: 'right',
                className: 'tabular-nums',
                cell: (a) => (
                  <Link href="/scenarios" className="hover:underline">
                    {scenarioCounts.get(a.id) ?? 0}
                  </Link>
                ),
              },
              {
                id: 'updated',
                header: 'Updated',
                from: 'lg',
                align: 'right',
                className: 'text-muted-foreground',
                cell: (a) => <RelativeTime when={a.updated_at} />,
              },
              {
                id: 'actions',
                header: 'Actions',
                srOnlyHeader: true,
                headClassName: 'w-12',
                cell: (a) => (
                  <Allowed to="edit">
                    <ItemMenu
                      label={`Actions for ${a.name}`}
                      onEdit={() => dialogs.openEdit(a)}
                      onDelete={() => dialogs.askDelete(a)}
                    />
                  </Allowed>
                ),
              },
            ]}
          />
        )}
      </ListView>

      <AutomationFormDialog
        {...dialogs.form}
        automation={dialogs.editing}
        save={(body) =>
          dialogs.editing
            ? mutations.updateAutomation(dialogs.editing.id, body)
            : mutations.createAutomation(body)
        }
        onSaved={dialogs.saved(automations.reload)}
      />
      <DeleteDialog
        {...dialogs.deleteDialog}
        itemLabel={`automation “${dialogs.deleting?.name ?? ''}”`}
        cascadeLabel="Delete with its scenarios"
        cascadeExplanation="its scenarios and their runs"
        onDelete={dialogs.remove(mutations.deleteAutomation, () => {
          automations.reload();
          scenarios.reload();
        })}
      />
    </>
  );
}
