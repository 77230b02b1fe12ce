import type { Alert } from '../db/schema.js';

/**
 * Whether notifications of the alert are held back at `now`: a silence for a while that has
 * not run out, or a silence until resolved while the alert still fires.
 */
export function isSilenced(
  alert: Pick<Alert, 'state' | 'silenced_until' | 'silenced_until_resolved'>,
  now: Date,
): boolean {
  if (alert.silenced_until && alert.silenced_until.getTime() > now.getTime()) return true;
  return alert.silenced_until_resolved && alert.state === 'firing';
}

/**
 * Whether the notification of `event` for this alert is held back: any silence that has not
 * run out holds both events; a silence until resolved also holds the resolution itself (the
 * person asked to hear nothing more of this episode).
 */
export function isNotificationHeld(
  alert: Pick<Alert, 'state' | 'silenced_until' | 'silenced_until_resolved'>,
  event: 'firing' | 'resolved',
  now: Date,
): boolean {
  if (alert.silenced_until && alert.silenced_until.getTime() > now.getTime()) return true;
  return event === 'resolved' && alert.silenced_until_resolved;
}
