import { ErrorState } from '@/components/shared/states';
import { Skeleton } from '@/components/ui/skeleton';
import type { ApiError } from '@/lib/api';

/** While the session is being looked up: the shape of the sign-in card. */
export function SessionLoading() {
  return (
    <div className="grid w-full gap-3 rounded-xl border bg-card p-6 shadow-sm" data-testid="session-loading">
      <span className="sr-only">Loading…</span>
      <Skeleton className="h-6 w-32" />
      <Skeleton className="h-4 w-56" />
      <Skeleton className="mt-3 h-9" />
      <Skeleton className="h-9" />
    </div>
  );
}

/** The API could not say who this is (it is down, or answered an error). */
export function SessionUnreachable({ error, onRetry }: { error: ApiError; onRetry: () => void }) {
  return (
    <ErrorState className="w-full" title="Could not reach the tfbench API" error={error} onRetry={onRetry} />
  );
}
