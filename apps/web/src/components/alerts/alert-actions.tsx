'use client';

import type { Alert } from '@tfbench/contract';
import { BellOffIcon, BellRingIcon, CheckIcon, ChevronDownIcon } from 'lucide-react';
import { useState } from 'react';
import { useCan } from '@/components/auth/session';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import {
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  Menu,
} from '@/components/ui/dropdown-menu';
import { toast } from '@/components/ui/toast';
import { ApiError, mutations } from '@/lib/api';
import { formatDateTime, formatRelative } from '@/lib/format';

/** The silences offered, shortest first. */
const SILENCES = [
  { label: 'For 1 hour', seconds: 3_600 },
  { label: 'For 1 day', seconds: 86_400 },
  { label: 'For 1 week', seconds: 7 * 86_400 },
] as const;

/** Acknowledged and silenced, as badges under an alert's state. */
export function AlertMarks({ alert, now }: { alert: Alert; now: Date }) {
  const silenced = alert.silenced;
  if (!alert.acknowledged_at && !silenced) return null;
  return (
    <span className="mt-1 flex flex-wrap gap-1">
      {alert.acknowledged_at ? (
        <Badge
          variant="info"
          title={`Acknowledged ${formatDateTime(alert.acknowledged_at)}`}
          data-testid="alert-acknowledged"
        >
          <CheckIcon aria-hidden="true" />
          acknowledged
        </Badge>
      ) : null}
      {silenced ? (
        <Badge
          variant="muted"
          data-testid="alert-silenced"
          title={
            alert.silenced_until && Date.parse(alert.silenced_until) > now.getTime()
              ? `No notifications until ${formatDateTime(alert.silenced_until)}`
              : 'No notifications until it resolves'
          }
        >
          <BellOffIcon aria-hidden="true" />
          {alert.silenced_until && Date.parse(alert.silenced_until) > now.getTime()
            ? `silenced, ends ${formatRelative(alert.silenced_until, now)}`
            : 'silenced until resolved'}
        </Badge>
      ) : null}
    </span>
  );
}

/**
 * Acknowledge (firing alerts, once) and silence or un-silence an alert. A silence holds its
 * webhook notifications back; `onChanged` refreshes the lists.
 */
export function AlertActions({
  alert,
  onChanged,
  className = 'justify-end',
}: {
  alert: Alert;
  onChanged: () => void;
  className?: string;
}) {
  const canEdit = useCan('edit');
  const [busy, setBusy] = useState(false);
  const firing = alert.state === 'firing';
  const silenced = alert.silenced;

  const act = async (action: () => Promise<unknown>, done: string, failed: string) => {
    setBusy(true);
    try {
      await action();
      toast({ title: done, variant: 'success' });
      onChanged();
    } catch (e) {
      toast({
        title: failed,
        description: e instanceof ApiError ? e.message : String(e),
        variant: 'destructive',
      });
    } finally {
      setBusy(false);
    }
  };

  const acknowledge = () =>
    act(
      () => mutations.acknowledgeAlert(alert.id),
      `Alert #${alert.id} acknowledged`,
      'Could not acknowledge the alert',
    );
  const unsilence = () =>
    act(
      () => mutations.unsilenceAlert(alert.id),
      `Notifications of alert #${alert.id} are on again`,
      'Could not lift the silence',
    );

  if (!canEdit) return null;
  return (
    <div className={`flex flex-wrap items-center gap-1 ${className}`}>
      {firing && !alert.acknowledged_at ? (
        <Button
          size="sm"
          variant="outline"
          disabled={busy}
          data-testid="acknowledge-alert"
          onClick={acknowledge}
        >
          <CheckIcon />
          Acknowledge
        </Button>
      ) : null}
      {silenced ? (
        <Button size="sm" variant="ghost" disabled={busy} data-testid="unsilence-alert" onClick={unsilence}>
          <BellRingIcon />
          Unsilence
        </Button>
      ) : (
        <Menu
          align="end"
          trigger={
            <Button size="sm" variant="ghost" disabled={busy} data-testid="silence-alert">
              <BellOffIcon />
              Silence
              <ChevronDownIcon />
            </Button>
          }
        >
          <DropdownMenuLabel>Hold back its notifications</DropdownMenuLabel>
          {SILENCES.map((s) => (
            <DropdownMenuItem
              key={s.seconds}
              onSelect={() =>
                act(
                  () => mutations.silenceAlert(alert.id, { duration_s: s.seconds }),
                  `Alert #${alert.id} silenced ${s.label.toLowerCase()}`,
                  'Could not silence the alert',
                )
              }
            >
              {s.label}
            </DropdownMenuItem>
          ))}
          {firing ? (
            <>
              <DropdownMenuSeparator />
              <DropdownMenuItem
                data-testid="silence-until-resolved"
                onSelect={() =>
                  act(
                    () => mutations.silenceAlert(alert.id, { until_resolved: true }),
                    `Alert #${alert.id} silenced until it resolves`,
                    'Could not silence the alert',
                  )
                }
              >
                Until it resolves
              </DropdownMenuItem>
            </>
          ) : null}
        </Menu>
      )}
    </div>
  );
}
