import type { RunDetail } from '@tfbench/contract';
import { Callout } from '@/components/shared/callout';
import { Badge } from '@/components/ui/badge';

/** Why a run failed or timed out: the upstream's error code, HTTP status and message. */
export function RunErrorPanel({ run }: { run: RunDetail }) {
  return (
    <Callout tone="destructive" role="alert" testId="run-error">
      <div className="flex flex-wrap items-center gap-2">
        <p className="font-semibold">{run.status === 'timeout' ? 'The run timed out' : 'The run failed'}</p>
        {run.error_code ? <Badge variant="destructive">{run.error_code}</Badge> : null}
        {run.http_status ? <Badge variant="outline">HTTP {run.http_status}</Badge> : null}
      </div>
      <p className="break-words text-muted-foreground">{run.error ?? 'No message was returned upstream.'}</p>
    </Callout>
  );
}
