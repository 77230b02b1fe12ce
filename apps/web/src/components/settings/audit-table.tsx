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

/** What was done; on phones also who did it and when, whose columns are hidden there. */
function Action({ entry }: { entry: AuditEntry }) {
  return (
    <>
      <code className="font-mono text-xs">{entry.action}</code>
      {/* A phone's row has room for two columns: the actor and the time sit under the action. */}
      <span className="block max-w-48 truncate text-xs text-muted-foreground md:hidden">{entry.actor}</span>
      <RelativeTime when={entry.at} className="block text-xs text-muted-foreground sm:hidden" />
    </>
  );
}

function actor(entry: AuditEntry) {
  return (
    <span className="block truncate" title={entry.actor}>
      {entry.actor}
    </span>
  );
}

function target(entry: AuditEntry) {
  return entry.target ? <code className="font-mono text-xs">{entry.target}</code> : <Missing />;
}

/** The audit trail's entries, newest first: when, who, what, on what, from where, how it ended. */
export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  return (
    <DataTable
      columns={[
        {
          id: 'time',
          header: 'Time',
          from: 'sm',
          muted: true,
          cell: (entry) => <RelativeTime when={entry.at} />,
        },
        { id: 'action', header: 'Action', cell: (entry) => <Action entry={entry} /> },
        { id: 'actor', header: 'Actor', from: 'md', className: 'max-w-64', cell: actor },
        { id: 'target', header: 'Target', from: 'sm', cell: target },
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
      testId="audit-table"
      rows={entries}
      rowProps={(entry) => ({
        'data-testid': 'audit-row',
        'data-action': entry.action,
        'data-target': entry.target ?? undefined,
      })}
    />
  );
}
