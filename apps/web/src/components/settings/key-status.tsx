import { Badge } from '@/components/ui/badge';
import type { ApiKey } from '@/lib/auth/types';

/** Whether a key still works: revoked and expired keys are refused with a 401. */
export function keyState(key: ApiKey, now = Date.now()): 'active' | 'revoked' | 'expired' {
  if (key.revoked_at) return 'revoked';
  if (key.expires_at && new Date(key.expires_at).getTime() <= now) return 'expired';
  return 'active';
}

export function KeyStatusBadge({ state }: { state: ReturnType<typeof keyState> }) {
  const variant = state === 'active' ? 'success' : state === 'expired' ? 'warning' : 'muted';
  return (
    <Badge variant={variant} data-testid="key-status">
      {state}
    </Badge>
  );
}
