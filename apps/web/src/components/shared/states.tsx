import { CircleAlertIcon, InboxIcon, RefreshCwIcon } from 'lucide-react';
import type { ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { Skeleton } from '@/components/ui/skeleton';
import type { ApiError } from '@/lib/api';
import { cn } from '@/lib/utils';

/** What to show where there is nothing yet, and what to do about it. */
export function EmptyState({
  title,
  description,
  action,
  icon,
  className,
  compact = false,
}: {
  title: ReactNode;
  description?: ReactNode;
  action?: ReactNode;
  icon?: ReactNode;
  className?: string;
  compact?: boolean;
}) {
  return (
    <div
      data-testid="empty-state"
      className={cn(
        'flex flex-col items-center justify-center gap-2 rounded-lg border border-dashed text-center',
        compact ? 'px-4 py-6' : 'px-6 py-12',
        className,
      )}
    >
      <div className="text-muted-foreground" aria-hidden="true">
        {icon ?? <InboxIcon className="size-6" />}
      </div>
      <p className="font-medium">{title}</p>
      {description ? <p className="max-w-md text-sm text-muted-foreground">{description}</p> : null}
      {action ? <div className="mt-2 flex flex-wrap justify-center gap-2">{action}</div> : null}
    </div>
  );
}

/** An API failure, with the API's own message and code, and a way to try again. */
export function ErrorState({
  error,
  title = 'The API returned an error',
  onRetry,
  className,
}: {
  error: ApiError;
  title?: ReactNode;
  onRetry?: () => void;
  className?: string;
}) {
  return (
    <div
      role="alert"
      data-testid="error-state"
      className={cn(
        'flex flex-col gap-2 rounded-lg border border-destructive/40 bg-destructive/5 px-4 py-3 text-sm sm:flex-row sm:items-start',
        className,
      )}
    >
      <CircleAlertIcon className="mt-0.5 size-4 shrink-0 text-destructive" aria-hidden="true" />
      <div className="min-w-0 flex-1">
        <p className="font-medium">{title}</p>
        <p className="break-words text-muted-foreground">{error.message}</p>
        <p className="mt-1 font-mono text-xs text-muted-foreground">
          {error.status > 0 ? `HTTP ${error.status} · ` : ''}
          {error.code}
        </p>
      </div>
      {onRetry ? (
        <Button variant="outline" size="sm" onClick={onRetry}>
          <RefreshCwIcon />
          Retry
        </Button>
      ) : null}
    </div>
  );
}

/** Rows of skeleton bars shaped like a table. */
export function TableSkeleton({ rows = 6, columns = 5 }: { rows?: number; columns?: number }) {
  return (
    <div className="grid grid-cols-1 gap-3 py-2" data-testid="table-skeleton">
      <span className="sr-only">Loading…</span>
      {Array.from({ length: rows }, (_, r) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders that never reorder
        <div key={r} className="flex gap-4">
          {Array.from({ length: columns }, (_, c) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders that never reorder
            <Skeleton key={c} className={cn('h-5', c === 0 ? 'w-16' : 'flex-1')} />
          ))}
        </div>
      ))}
    </div>
  );
}
