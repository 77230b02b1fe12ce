import type { AuditEntry } from '@tfbench/contract';
import { DataTable } from '@/components/shared/data-table';
import { RelativeTime } from '@/components/shared/relative-time';
import { Badge } from '@/components/ui/badge';

/** Every audited request succeeded unless its status says otherwise (failed sign-ins are 401). */
function Outcome({ status }: { status: number }) {
  const ok = status < 400;
  return (
    <Badge variant={ok ? 'success' : 'destructive'} title={`HTTP ${status}`}>
      {ok ? 'ok' : 'failed'} · {status}
    </Badge>
  );
}

function Missing() {
  return <span className="text-muted-foreground">—</span>;
}

/** The audit trail's entries, newest first: when, who, what, on what, from where, how it ended. */
export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  return (
    <DataTable
      testId="audit-table"
      rows={entries}
      rowProps={(entry) => ({
        'data-testid': 'audit-row',
        'data-action': entry.action,
        'data-target': entry.target ?? undefined,
      })}
      columns={[
        {
          id: 'time',
          header: 'Time',
          from: 'sm',
          className: 'whitespace-nowrap text-muted-foreground',
          cell: (entry) => <RelativeTime when={entry.at} />,
        },
        {
          id: 'action',
          header: 'Action',
          cell: (entry) => (
            <>
              <code className="font-mono text-xs">{entry.action}</code>
              {/* On phones the actor (and the time) sit under the action: a row has room for two columns. */}
              <span className="block max-w-48 truncate text-xs text-muted-foreground md:hidden">
                {entry.actor}
              </span>
              <RelativeTime when={entry.at} className="block text-xs text-muted-foreground sm:hidden" />
            </>
          ),
        },
        {
          id: 'actor',
          header: 'Actor',
          from: 'md',
          className: 'max-w-64',
          cell: (entry) => (
            <span className="block truncate" title={entry.actor}>
              {entry.actor}
            </span>
          ),
        },
        {
          id: 'target',
          header: 'Target',
          from: 'sm',
          cell: (entry) =>
            entry.target ? <code className="font-mono text-xs">{entry.target}</code> : <Missing />,
        },
        {
          id: 'ip',
          header: 'IP',
          from: 'lg',
          className: 'font-mono text-xs',
          cell: (entry) => entry.ip ?? <Missing />,
        },
        {
          id: 'outcome',
          header: 'Outcome',
          align: 'right',
          cell: (entry) => <Outcome status={entry.status} />,
        },
      ]}
    />
  );
}
