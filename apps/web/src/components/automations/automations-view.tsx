'use client';

import type { Automation } from '@tfbench/contract';
import { BotIcon } from 'lucide-react';
import Link from 'next/link';
import { useMemo } from 'react';
import { Allowed } from '@/components/auth/allowed';
import { DataTable } from '@/components/shared/data-table';
import { DeleteDialog } from '@/components/shared/delete-dialog';
import { ItemMenu } from '@/components/shared/item-menu';
import { LinkButton } from '@/components/shared/link-button';
import { ListView } from '@/components/shared/list-view';
import { NewButton } from '@/components/shared/new-button';
import { PageHeader } from '@/components/shared/page-header';
import { RelativeTime } from '@/components/shared/relative-time';
import { EmptyState } from '@/components/shared/states';
import { useItemDialogs } from '@/components/shared/use-item-dialogs';
import { Badge } from '@/components/ui/badge';
import { mutations, queries } from '@/lib/api';
import { useQuery } from '@/lib/use-query';
import { AutomationFormDialog } from './automation-form';

const updatedAt = (a: Automation) => <RelativeTime when={a.updated_at} />;

function describeTarget(a: Automation): string {
  const { url, goal, model } = a.default_inputs;
  if (a.provider === 'openai') return typeof model === 'string' ? model : '';
  return [url, goal].filter((v): v is string => typeof v === 'string' && v !== '').join(' — ');
}

function modeOf(a: Automation): string {
  return String(a.config.mode ?? 'sse');
}

/** The name and description; on a phone also the provider, whose column is hidden there. */
function AutomationName({ automation: a }: { automation: Automation }) {
  return (
    <>
      <p className="truncate font-medium">{a.name}</p>
      {a.description ? <p className="truncate text-xs text-muted-foreground">{a.description}</p> : null}
      <p className="text-xs text-muted-foreground sm:hidden">
        {a.provider}
        {a.provider === 'tinyfish' ? ` · ${modeOf(a)}` : ''}
      </p>
    </>
  );
}

function ProviderBadges({ automation: a }: { automation: Automation }) {
  return (
    <div className="flex flex-wrap gap-1">
      <Badge variant="secondary">{a.provider}</Badge>
      {a.provider === 'tinyfish' ? <Badge variant="outline">{modeOf(a)}</Badge> : null}
    </div>
  );
}

function AutomationsTable({
  automations,
  scenarioCounts,
  onEdit,
  onDelete,
}: {
  automations: Automation[];
  scenarioCounts: Map<number, number>;
  onEdit: (a: Automation) => void;
  onDelete: (a: Automation) => void;
}) {
  const target = (a: Automation) =>
    describeTarget(a) || <span className="text-xs">no URL or goal in the defaults</span>;
  const count = (a: Automation) => (
    <Link href="/scenarios" className="hover:underline">
      {scenarioCounts.get(a.id) ?? 0}
    </Link>
  );
  const menu = (a: Automation) => (
    <Allowed to="edit">
      <ItemMenu label={`Actions for ${a.name}`} onEdit={() => onEdit(a)} onDelete={() => onDelete(a)} />
    </Allowed>
  );
  return (
    <DataTable
      columns={[
        { id: 'name', header: 'Name', className: 'max-w-64', cell: (a) => <AutomationName automation={a} /> },
        { id: 'provider', header: 'Provider', from: 'sm', cell: (a) => <ProviderBadges automation={a} /> },
        {
          id: 'target',
          header: 'Target',
          from: 'md',
          className: 'max-w-96 truncate',
          muted: true,
          cell: target,
        },
        {
          id: 'scenarios',
          header: 'Scenarios',
          from: 'sm',
          align: 'right',
          className: 'tabular-nums',
          cell: count,
        },
        { id: 'updated', header: 'Updated', from: 'lg', align: 'right', muted: true, cell: updatedAt },
        { id: 'actions', header: 'Actions', srOnlyHeader: true, headClassName: 'w-12', cell: menu },
      ]}
      testId="automations-table"
      rows={automations}
      rowProps={(a) => ({ 'data-testid': 'automation-row', 'data-automation-id': a.id })}
    />
  );
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
            <NewButton onClick={dialogs.openCreate} data-testid="new-automation">
              New automation
            </NewButton>
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
                <NewButton onClick={dialogs.openCreate}>New automation</NewButton>
                <LinkButton variant="outline" href="/">
                  Create demo data on the dashboard
                </LinkButton>
              </Allowed>
            }
          />
        }
      >
        {(list) => (
          <AutomationsTable
            automations={list}
            scenarioCounts={scenarioCounts}
            onEdit={dialogs.openEdit}
            onDelete={dialogs.askDelete}
          />
        )}
      </ListView>

      <AutomationFormDialog
        {...dialogs.form}
        automation={dialogs.editing}
        save={dialogs.save(mutations.createAutomation, mutations.updateAutomation)}
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
