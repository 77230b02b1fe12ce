'use client';

import { BellIcon } from 'lucide-react';
import Link from 'next/link';
import { PageHeader } from '@/components/shared/page-header';
import { EmptyState, ErrorState, TableSkeleton } from '@/components/shared/states';
import { StatusBadge } from '@/components/shared/status-badge';
import { Card, CardContent } from '@/components/ui/card';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';
import type { Alert } from '@/lib/api';
import { queries } from '@/lib/api';
import { formatDateTime, formatRelative } from '@/lib/format';
import { formatObserved } from '@/lib/summary';
import { useUrlState } from '@/lib/url-state';
import { useNow } from '@/lib/use-now';
import { useQuery } from '@/lib/use-query';
import { useScenarioNames } from '@/lib/use-scenario-names';

function When({ at, now, missing }: { at: string | null | undefined; now: Date; missing: string }) {
  if (!at) return <span className="text-xs text-muted-foreground">{missing}</span>;
  return (
    <time dateTime={at} title={formatDateTime(at)}>
      {formatRelative(at, now)}
    </time>
  );
}

function AlertsTable({ alerts, now, names }: { alerts: Alert[]; now: Date; names: Map<number, string> }) {
  return (
    <Table data-testid="alerts-table">
      <TableHeader>
        <TableRow>
          <TableHead>State</TableHead>
          <TableHead>Condition</TableHead>
          <TableHead className="hidden md:table-cell">Where</TableHead>
          <TableHead className="hidden text-right sm:table-cell">Value</TableHead>
          <TableHead className="text-right">Fired</TableHead>
          <TableHead className="hidden text-right md:table-cell">Resolved</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {alerts.map((a) => (
          <TableRow key={a.id} data-testid="alert-row" data-state={a.state}>
            <TableCell>
              <StatusBadge status={String(a.state)} />
            </TableCell>
            <TableCell className="max-w-96">
              {a.expression ? <code className="block truncate font-mono text-xs">{a.expression}</code> : null}
              {a.message ? <p className="truncate text-xs text-muted-foreground">{a.message}</p> : null}
              {a.kind ? <p className="text-xs text-muted-foreground">{a.kind}</p> : null}
            </TableCell>
            <TableCell className="hidden md:table-cell">
              {a.benchmark_id ? (
                <Link href={`/benchmarks/${a.benchmark_id}`} className="text-primary hover:underline">
                  Benchmark #{a.benchmark_id}
                </Link>
              ) : a.scenario_id ? (
                <Link href={`/runs?scenario_id=${a.scenario_id}`} className="text-primary hover:underline">
                  {names.get(a.scenario_id) ?? `Scenario #${a.scenario_id}`}
                </Link>
              ) : null}
            </TableCell>
            <TableCell className="hidden text-right tabular-nums sm:table-cell">
              {typeof a.value === 'number' ? formatObserved(a.expression ?? '', a.value) : ''}
            </TableCell>
            <TableCell className="text-right text-muted-foreground">
              <When at={a.fired_at ?? a.created_at} now={now} missing="not yet" />
            </TableCell>
            <TableCell className="hidden text-right text-muted-foreground md:table-cell">
              <When
                at={a.resolved_at}
                now={now}
                missing={a.state === 'firing' ? 'still firing' : 'not resolved'}
              />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** Threshold and regression alerts: what is firing now, and the history. */
export function AlertsView() {
  const url = useUrlState();
  const tab = url.get('tab') === 'history' ? 'history' : 'current';
  const alerts = useQuery(queries.alerts({ limit: 500 }), { live: true, pollMs: 5000 });
  const names = useScenarioNames();
  const now = useNow();
  const all = alerts.data ?? [];
  const firing = all.filter((a) => a.state === 'firing');

  const body = (list: Alert[], emptyTitle: string, emptyText: string) =>
    alerts.error && !alerts.data ? (
      <ErrorState
        error={alerts.error}
        onRetry={alerts.reload}
        title={
          alerts.error.isMissingEndpoint ? 'This API does not serve alerts yet' : 'Could not load the alerts'
        }
      />
    ) : alerts.isLoading ? (
      <TableSkeleton />
    ) : list.length === 0 ? (
      <EmptyState icon={<BellIcon className="size-6" />} title={emptyTitle} description={emptyText} />
    ) : (
      <AlertsTable alerts={list} now={now} names={names} />
    );

  return (
    <>
      <PageHeader
        title="Alerts"
        description="Thresholds that broke on scheduled scenarios and benchmarks, and detected regressions."
      />
      <Tabs value={tab} onValueChange={(v) => url.set({ tab: v === 'current' ? undefined : v })}>
        <TabsList>
          <TabsTrigger value="current">Firing{firing.length > 0 ? ` (${firing.length})` : ''}</TabsTrigger>
          <TabsTrigger value="history">All alerts</TabsTrigger>
        </TabsList>
        <TabsContent value="current">
          <Card>
            <CardContent>
              {body(
                firing,
                'Nothing is firing',
                'Alerts fire when a scheduled scenario or a benchmark breaks one of its thresholds. Add thresholds to a scenario and turn its schedule on to be alerted.',
              )}
            </CardContent>
          </Card>
        </TabsContent>
        <TabsContent value="history">
          <Card>
            <CardContent>
              {body(
                all,
                'No alerts yet',
                'Every alert that fired, and when it resolved, will be listed here.',
              )}
            </CardContent>
          </Card>
        </TabsContent>
      </Tabs>
    </>
  );
}
