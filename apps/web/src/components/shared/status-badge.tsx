import { Badge } from '@/components/ui/badge';

type Variant = 'success' | 'destructive' | 'warning' | 'info' | 'muted' | 'secondary';

const VARIANTS: Record<string, Variant> = {
  completed: 'success',
  ok: 'success',
  resolved: 'success',
  passed: 'success',
  failed: 'destructive',
  firing: 'destructive',
  timeout: 'warning',
  cancelled: 'muted',
  running: 'info',
  pending: 'secondary',
};

/**
 * A run, benchmark or alert status as a coloured label; in-flight states pulse.
 *
 * @example
 * <StatusBadge status="running" />
 */
export function StatusBadge({ status }: { status: string }) {
  const variant = VARIANTS[status] ?? 'secondary';
  return (
    <Badge variant={variant} data-testid="status-badge" data-status={status}>
      {status === 'running' || status === 'pending' ? (
        <span
          aria-hidden="true"
          className={`size-1.5 rounded-full bg-current ${status === 'running' ? 'animate-pulse' : ''}`}
        />
      ) : null}
      {status}
    </Badge>
  );
}
