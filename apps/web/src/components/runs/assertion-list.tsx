import { type RunDetail, TERMINAL_RUN_STATUSES } from '@tfbench/contract';
import { CircleCheckIcon, CircleXIcon } from 'lucide-react';

/** Each assertion of a finished run, passed or failed, with its message. */
export function AssertionList({ run }: { run: RunDetail }) {
  const results = run.assertion_results ?? [];
  if (results.length === 0) {
    return (
      <p className="text-sm text-muted-foreground">
        {TERMINAL_RUN_STATUSES.includes(run.status)
          ? 'This scenario has no assertions. Add some (Scenarios → Edit) to check results, not just completion.'
          : 'Assertions are checked when the run finishes.'}
      </p>
    );
  }
  return (
    <ul className="grid grid-cols-1 gap-2" data-testid="assertions">
      {results.map((a, i) => (
        <li
          // biome-ignore lint/suspicious/noArrayIndexKey: results are a fixed list in assertion order
          key={i}
          className="flex items-start gap-2 text-sm"
          data-passed={a.passed}
        >
          {a.passed ? (
            <CircleCheckIcon className="mt-0.5 size-4 shrink-0 text-success" aria-label="passed" />
          ) : (
            <CircleXIcon className="mt-0.5 size-4 shrink-0 text-destructive" aria-label="failed" />
          )}
          <div className="min-w-0">
            <code className="break-all font-mono text-xs">
              {typeof a.assertion === 'string' ? a.assertion : JSON.stringify(a.assertion)}
            </code>
            {a.message ? <p className="text-muted-foreground">{a.message}</p> : null}
          </div>
        </li>
      ))}
    </ul>
  );
}
