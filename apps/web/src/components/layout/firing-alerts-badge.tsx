'use client';

import { Badge } from '@/components/ui/badge';
import { queries } from '@/lib/api';
import { matchEvents } from '@/lib/live';
import { useQuery } from '@/lib/use-query';

/**
 * The number of alerts firing now, next to "Alerts" in the navigation; nothing when none
 * fire. Alerts change when runs finish, so it refreshes on run events (and by polling while
 * the live stream is down).
 */
export function FiringAlertsBadge() {
  const firing = useQuery(queries.alerts({ state: 'firing', limit: 1 }), {
    live: true,
    matchEvent: matchEvents(['run.status']),
    pollMs: 10_000,
    eventThrottleMs: 2_000,
  });
  const count = firing.total ?? 0;
  if (count === 0) return null;
  return (
    <Badge
      variant="destructive"
      className="ml-auto tabular-nums"
      data-testid="firing-alerts-badge"
      aria-label={`${count} firing`}
    >
      {count > 99 ? '99+' : count}
    </Badge>
  );
}
