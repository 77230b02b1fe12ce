import type { AuditEntry } from '@tfbench/contract';
import { RelativeTime } from '@/components/shared/relative-time';
import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';

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
    <Table data-testid="audit-table">
      <TableHeader>
        <TableRow>
          <TableHead className="hidden sm:table-cell">Time</TableHead>
          <TableHead>Action</TableHead>
          <TableHead className="hidden md:table-cell">Actor</TableHead>
          <TableHead className="hidden sm:table-cell">Target</TableHead>
          <TableHead className="hidden lg:table-cell">IP</TableHead>
          <TableHead className="text-right">Outcome</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {entries.map((entry) => (
          <TableRow
            key={entry.id}
            data-testid="audit-row"
            data-action={entry.action}
            data-target={entry.target ?? undefined}
          >
            <TableCell className="hidden whitespace-nowrap text-muted-foreground sm:table-cell">
              <RelativeTime when={entry.at} />
            </TableCell>
            <TableCell>
              <code className="font-mono text-xs">{entry.action}</code>
              {/* On phones the actor (and the time) sit under the action: a row has room for two columns. */}
              <span className="block max-w-48 truncate text-xs text-muted-foreground md:hidden">
                {entry.actor}
              </span>
              <RelativeTime when={entry.at} className="block text-xs text-muted-foreground sm:hidden" />
            </TableCell>
            <TableCell className="hidden max-w-64 md:table-cell">
              <span className="block truncate" title={entry.actor}>
                {entry.actor}
              </span>
            </TableCell>
            <TableCell className="hidden sm:table-cell">
              {entry.target ? <code className="font-mono text-xs">{entry.target}</code> : <Missing />}
            </TableCell>
            <TableCell className="hidden font-mono text-xs lg:table-cell">
              {entry.ip ?? <Missing />}
            </TableCell>
            <TableCell className="text-right">
              <Outcome status={entry.status} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
