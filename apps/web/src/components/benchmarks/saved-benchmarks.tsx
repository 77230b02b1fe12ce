'use client';

import type { BenchmarkDefinition } from '@tfbench/contract';
import { PlayIcon, Trash2Icon } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Allowed } from '@/components/auth/allowed';
import { DataTable } from '@/components/shared/data-table';
import { DeleteDialog } from '@/components/shared/delete-dialog';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { toast } from '@/components/ui/toast';
import { ApiError, mutations, queries } from '@/lib/api';
import { useQuery } from '@/lib/use-query';

/** `200 runs · closed · concurrency 10`, `50 runs · poisson 2/s · concurrency 5`. */
export function loadSummary(settings: Record<string, unknown>): string {
  const arrival = String(settings.arrival ?? 'closed');
  const rate = typeof settings.rate_per_s === 'number' ? ` ${settings.rate_per_s}/s` : '';
  const staged = Array.isArray(settings.stages) ? ` · ${settings.stages.length} stages` : '';
  return `${String(settings.iterations)} runs · ${arrival}${rate}${staged} · concurrency ${String(settings.concurrency)}`;
}

/** The saved benchmarks as rows: name, scenario, load, and Run and Delete for who may. */
export function SavedBenchmarksTable({
  definitions,
  scenarioNames,
  busy,
  onRun,
  onDelete,
}: {
  definitions: BenchmarkDefinition[];
  scenarioNames: Map<number, string>;
  /** The definition being started, whose Run button waits. */
  busy?: number;
  onRun: (definition: BenchmarkDefinition) => void;
  onDelete: (definition: BenchmarkDefinition) => void;
}) {
  const scenarioOf = (d: BenchmarkDefinition) =>
    scenarioNames.get(d.scenario_id) ?? `Scenario #${d.scenario_id}`;
  return (
    <DataTable
      testId="saved-benchmarks-table"
      rows={definitions}
      rowProps={(d) => ({ 'data-testid': 'saved-benchmark-row', 'data-definition-id': d.id })}
      columns={[
        {
          id: 'name',
          header: 'Name',
          className: 'max-w-64 whitespace-normal',
          cell: (d) => (
            <>
              <span className="font-medium">{d.name}</span>
              {/* Narrow screens have no Scenario and Load columns: they sit here. */}
              <p className="whitespace-normal text-xs text-muted-foreground md:hidden">
                {scenarioOf(d)} · {loadSummary(d.settings)}
              </p>
            </>
          ),
        },
        {
          id: 'scenario',
          header: 'Scenario',
          from: 'md',
          className: 'max-w-48 truncate',
          cell: (d) => scenarioOf(d),
        },
        { id: 'load', header: 'Load', from: 'md', muted: true, cell: (d) => loadSummary(d.settings) },
        {
          id: 'actions',
          header: 'Actions',
          srOnlyHeader: true,
          align: 'right',
          cell: (d) => (
            <div className="flex justify-end gap-2">
              <Allowed to="trigger">
                <Button
                  size="sm"
                  onClick={() => onRun(d)}
                  disabled={busy === d.id}
                  data-testid="run-saved-benchmark"
                >
                  <PlayIcon />
                  Run
                </Button>
              </Allowed>
              <Allowed to="edit">
                <Button
                  size="sm"
                  variant="outline"
                  onClick={() => onDelete(d)}
                  aria-label={`Delete ${d.name}`}
                  data-testid="delete-saved-benchmark"
                >
                  <Trash2Icon />
                </Button>
              </Allowed>
            </div>
          ),
        },
      ]}
    />
  );
}

/**
 * Saved benchmarks (declared by `tfbench apply` or the API): a short list above the benchmarks
 * that ran, each started with one press. Nothing is shown while there are none.
 */
export function SavedBenchmarks({ scenarioNames }: { scenarioNames: Map<number, string> }) {
  const router = useRouter();
  const definitions = useQuery(queries.benchmarkDefinitions());
  const [busy, setBusy] = useState<number | undefined>();
  const [deleting, setDeleting] = useState<BenchmarkDefinition | undefined>();
  const list = definitions.data ?? [];
  if (list.length === 0) return null;

  const run = async (definition: BenchmarkDefinition) => {
    setBusy(definition.id);
    try {
      const created = await mutations.runBenchmarkDefinition(definition.id);
      toast({ title: `Started benchmark #${created.id}: ${definition.name}`, variant: 'success' });
      router.push(`/benchmarks/${created.id}`);
    } catch (e) {
      toast({
        title: `Could not start ${definition.name}`,
        description: e instanceof ApiError ? e.message : String(e),
        variant: 'destructive',
      });
      setBusy(undefined);
    }
  };

  return (
    <Card className="mb-4" data-testid="saved-benchmarks">
      <CardHeader>
        <CardTitle>Saved benchmarks</CardTitle>
      </CardHeader>
      <CardContent>
        <SavedBenchmarksTable
          definitions={list}
          scenarioNames={scenarioNames}
          busy={busy}
          onRun={run}
          onDelete={setDeleting}
        />
      </CardContent>
      <DeleteDialog
        open={deleting !== undefined}
        onOpenChange={(open) => {
          if (!open) setDeleting(undefined);
        }}
        itemLabel={`saved benchmark “${deleting?.name ?? ''}”`}
        cascadeLabel="Delete"
        cascadeExplanation="nothing else (the benchmarks it started stay)"
        onDelete={async () => {
          if (!deleting) return;
          await mutations.deleteBenchmarkDefinition(deleting.id);
          toast({ title: `Deleted ${deleting.name}`, variant: 'success' });
          definitions.reload();
        }}
      />
    </Card>
  );
}
