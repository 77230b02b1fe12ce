import type { RunDetail } from '@tfbench/contract';
import { CircleAlertIcon } from 'lucide-react';
import { Badge } from '@/components/ui/badge';

/** Why a run failed or timed out: the upstream's error code, HTTP status and message. */
export function RunErrorPanel({ run }: { run: RunDetail }) {
  return (
    <div
      role="alert"
      data-testid="run-error"
      className="flex gap-3 rounded-lg border border-destructive/40 bg-destructive/5 p-4 text-sm"
    >
      <CircleAlertIcon className="mt-0.5 size-5 shrink-0 text-destructive" aria-hidden="true" />
      <div className="grid grid-cols-1 min-w-0 gap-1">
        <div className="flex flex-wrap items-center gap-2">
          <p className="font-semibold">{run.status === 'timeout' ? 'The run timed out' : 'The run failed'}</p>
          {run.error_code ? <Badge variant="destructive">{run.error_code}</Badge> : null}
          {run.http_status ? <Badge variant="outline">HTTP {run.http_status}</Badge> : null}
        </div>
        <p className="break-words text-muted-foreground">
          {run.error ?? 'No message was returned upstream.'}
        </p>
      </div>
    </div>
  );
}
