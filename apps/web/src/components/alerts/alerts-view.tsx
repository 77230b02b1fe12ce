'use client';

import type { Alert, AlertNotification } from '@tfbench/contract';
import { BellIcon, CircleAlertIcon, CircleCheckIcon } from 'lucide-react';
import Link from 'next/link';
import { DataTable } from '@/components/shared/data-table';
import { ListView, useUrlPaging } from '@/components/shared/list-view';
import { PageHeader } from '@/components/shared/page-header';
import { RelativeTime } from '@/components/shared/relative-time';
import { EmptyState } from '@/components/shared/states';
import { StatusBadge } from '@/components/shared/status-badge';
import { Badge } from '@/components/ui/badge';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';
import { Hint } from '@/components/ui/tooltip';
import { queries } from '@/lib/api';
import { formatDateTime } from '@/lib/format';
import { formatObserved } from '@/lib/summary';
import { useUrlState } from '@/lib/url-state';
import { useNow } from '@/lib/use-now';
import { useQuery } from '@/lib/use-query';
import { useScenarioNames } from '@/lib/use-scenario-names';
import { AlertActions, AlertMarks } from './alert-actions';

const PAGE_SIZE = 50;

function When({ at, missing }: { at: string | null | undefined; missing: string }) {
  if (!at) return <span className="text-xs text-muted-foreground">{missing}</span>;
  return <RelativeTime when={at} />;
}

/** How the webhook notifications of an alert fared: delivered, or the last error. */
function Notifications({ items }: { items: AlertNotification[] }) {
  if (items.length === 0) return <span className="text-xs text-muted-foreground">no webhook configured</span>;
  return (
    <ul className="grid gap-0.5">
      {items.map((n) => (
        <li key={n.event} className="flex items-center gap-1.5 text-xs">
          {n.delivered ? (
            <CircleCheckIcon className="size-3.5 text-success" aria-hidden="true" />
          ) : (
            <CircleAlertIcon className="size-3.5 text-destructive" aria-hidden="true" />
          )}
          <Hint
            text={
              n.delivered
                ? `Delivered after ${n.attempts} attempt(s), ${formatDateTime(n.last_attempt_at)}`
                : `${n.attempts} attempt(s), last: ${n.last_error ?? `HTTP ${n.last_http_status ?? '?'}`}`
            }
          >
            <span className="cursor-help">
              {n.event} {n.delivered ? 'sent' : 'not delivered'}
            </span>
          </Hint>
        </li>
      ))}
    </ul>
  );
}

function Observed({ alert: a }: { alert: Alert }) {
  return (
    <>
      {a.observed !== null ? formatObserved(a.rule, a.observed) : ''}
      {a.last_observed !== null && a.last_observed !== a.observed ? (
        <span className="block text-xs text-muted-foreground">
          now {formatObserved(a.rule, a.last_observed)}
        </span>
      ) : null}
      <span className="block text-xs text-muted-foreground">over {a.n} values</span>
    </>
  );
}

function AlertsTable({
  alerts,
  names,
  onChanged,
}: {
  alerts: Alert[];
  names: Map<number, string>;
  onChanged: () => void;
}) {
  // Silences end on their own: the marks and buttons follow the clock.
  const now = useNow();
  const state = (a: Alert) => (
    <>
      <StatusBadge status={String(a.state)} />
      <AlertMarks alert={a} now={now} />
      {/* On phones the actions sit here, where they are on screen without scrolling. */}
      <AlertActions alert={a} onChanged={onChanged} className="mt-2 justify-start md:hidden" />
    </>
  );
  // Phones wrap the rule rather than cut it, and show its scenario and when it fired below it.
  const rule = (a: Alert) => (
    <>
      <code className="block whitespace-normal break-all font-mono text-xs sm:truncate sm:break-normal">
        {a.rule}
      </code>
      <Badge variant="outline" className="mt-1">
        {a.kind}
      </Badge>
      <span className="mt-1 block text-xs text-muted-foreground md:hidden">
        {names.get(a.scenario_id) ?? `Scenario #${a.scenario_id}`}
      </span>
      <span className="block text-xs text-muted-foreground sm:hidden">
        fired <When at={a.fired_at} missing="not yet" />
      </span>
    </>
  );
  const scenario = (a: Alert) => (
    <Link href={`/runs?scenario_id=${a.scenario_id}`} className="text-primary hover:underline">
      {names.get(a.scenario_id) ?? `Scenario #${a.scenario_id}`}
    </Link>
  );
  const resolved = (a: Alert) => (
    <When at={a.resolved_at} missing={a.state === 'firing' ? 'still firing' : 'not resolved'} />
  );
  return (
    <DataTable
      columns={[
        { id: 'state', header: 'State', cell: state },
        { id: 'rule', header: 'Rule', className: 'max-w-96', cell: rule },
        { id: 'scenario', header: 'Scenario', from: 'md', cell: scenario },
        {
          id: 'observed',
          header: 'Observed',
          from: 'sm',
          align: 'right',
          className: 'tabular-nums',
          cell: (a) => <Observed alert={a} />,
        },
        {
          id: 'fired',
          header: 'Fired',
          from: 'sm',
          align: 'right',
          muted: true,
          cell: (a) => <When at={a.fired_at} missing="not yet" />,
        },
        { id: 'resolved', header: 'Resolved', from: 'md', align: 'right', muted: true, cell: resolved },
        {
          id: 'notifications',
          header: 'Notifications',
          from: 'lg',
          cell: (a) => <Notifications items={a.notifications ?? []} />,
        },
        {
          id: 'actions',
          header: 'Actions',
          srOnlyHeader: true,
          from: 'md',
          headClassName: 'text-right',
          cell: (a) => <AlertActions alert={a} onChanged={onChanged} />,
        },
      ]}
      testId="alerts-table"
      rows={alerts}
      rowProps={(a) => ({ 'data-testid': 'alert-row', 'data-state': a.state, 'data-alert-id': a.id })}
    />
  );
}

/** Threshold and regression alerts of scheduled scenarios: what is firing now, and the history. */
export function AlertsView() {
  const url = useUrlState();
  const tab = url.get('tab') === 'history' ? 'history' : 'current';
  const paging = useUrlPaging(PAGE_SIZE);
  const firing = useQuery(queries.alerts({ state: 'firing', limit: 500 }), { live: true, pollMs: 5000 });
  const history = useQuery(
    tab === 'history' ? queries.alerts({ skip: paging.skip, limit: PAGE_SIZE }) : null,
    {
      live: true,
      pollMs: 5000,
    },
  );
  const names = useScenarioNames();

  const reloadBoth = () => {
    firing.reload();
    history.reload();
  };
  const table = (alerts: Alert[]) => <AlertsTable alerts={alerts} names={names} onChanged={reloadBoth} />;

  const firingCount = firing.data?.length ?? 0;
  return (
    <>
      <PageHeader
        title="Alerts"
        description="Thresholds broken by scheduled scenarios (over their rolling window, or by a scheduled benchmark), and detected regressions."
      />
      <Tabs
        value={tab}
        onValueChange={(v) => url.set({ tab: v === 'current' ? undefined : v, skip: undefined })}
      >
        <TabsList>
          <TabsTrigger value="current">Firing{firingCount > 0 ? ` (${firingCount})` : ''}</TabsTrigger>
          <TabsTrigger value="history">All alerts</TabsTrigger>
        </TabsList>
        <TabsContent value="current">
          <ListView
            query={firing}
            resource="alerts"
            empty={
              <NoAlerts
                title="Nothing is firing"
                description="An alert fires when a scheduled scenario breaks one of its thresholds over its recent runs, or gets significantly slower than before. Add thresholds to a scenario and switch its schedule on to be alerted."
              />
            }
          >
            {table}
          </ListView>
        </TabsContent>
        <TabsContent value="history">
          <ListView
            query={history}
            resource="alerts"
            paging={paging}
            empty={
              <NoAlerts
                title="No alerts yet"
                description="Every alert that fired, and when it resolved, is listed here."
              />
            }
          >
            {table}
          </ListView>
        </TabsContent>
      </Tabs>
    </>
  );
}

function NoAlerts({ title, description }: { title: string; description: string }) {
  return <EmptyState icon={<BellIcon className="size-6" />} title={title} description={description} />;
}
