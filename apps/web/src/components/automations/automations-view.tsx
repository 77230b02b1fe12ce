'use client';

import type { Automation } from '@tfbench/contract';
import { BotIcon, PlusIcon } from 'lucide-react';
import Link from 'next/link';
import { useMemo } from 'react';
import { Allowed } from '@/components/auth/allowed';
import { DeleteDialog } from '@/components/shared/delete-dialog';
import { ItemMenu } from '@/components/shared/item-menu';
import { ListView } from '@/components/shared/list-view';
import { PageHeader } from '@/components/shared/page-header';
import { RelativeTime } from '@/components/shared/relative-time';
import { EmptyState } from '@/components/shared/states';
import { useItemDialogs } from '@/components/shared/use-item-dialogs';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
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
          <Table data-testid="automations-table">
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead className="hidden sm:table-cell">Provider</TableHead>
                <TableHead className="hidden md:table-cell">Target</TableHead>
                <TableHead className="hidden text-right sm:table-cell">Scenarios</TableHead>
                <TableHead className="hidden text-right lg:table-cell">Updated</TableHead>
                <TableHead className="w-12">
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {list.map((a) => (
                <TableRow key={a.id} data-testid="automation-row" data-automation-id={a.id}>
                  <TableCell className="max-w-64">
                    <p className="truncate font-medium">{a.name}</p>
                    {a.description ? (
                      <p className="truncate text-xs text-muted-foreground">{a.description}</p>
                    ) : null}
                    <p className="text-xs text-muted-foreground sm:hidden">
                      {a.provider}
                      {a.provider === 'tinyfish' ? ` · ${String(a.config.mode ?? 'sse')}` : ''}
                    </p>
                  </TableCell>
                  <TableCell className="hidden sm:table-cell">
                    <div className="flex flex-wrap gap-1">
                      <Badge variant="secondary">{a.provider}</Badge>
                      {a.provider === 'tinyfish' ? (
                        <Badge variant="outline">{String(a.config.mode ?? 'sse')}</Badge>
                      ) : null}
                    </div>
                  </TableCell>
                  <TableCell className="hidden max-w-96 truncate text-muted-foreground md:table-cell">
                    {describeTarget(a) || <span className="text-xs">no URL or goal in the defaults</span>}
                  </TableCell>
                  <TableCell className="hidden text-right tabular-nums sm:table-cell">
                    <Link href="/scenarios" className="hover:underline">
                      {scenarioCounts.get(a.id) ?? 0}
                    </Link>
                  </TableCell>
                  <TableCell className="hidden text-right text-muted-foreground lg:table-cell">
                    <RelativeTime when={a.updated_at} />
                  </TableCell>
                  <TableCell>
                    <Allowed to="edit">
                      <ItemMenu
                        label={`Actions for ${a.name}`}
                        onEdit={() => dialogs.openEdit(a)}
                        onDelete={() => dialogs.askDelete(a)}
                      />
                    </Allowed>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
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
