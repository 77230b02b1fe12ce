/**
 * What a person does about an alert: acknowledge it (someone is on it) and silence it (send
 * no notification of it for a while, or until it resolves).
 */
import { ConflictError, NotFoundError } from '@tfbench/domain/errors';
import type { Alert, AlertDelivery } from '../db/schema.js';
import {
  acknowledgeFiringAlert,
  clearAlertSilence,
  selectAlertById,
  setAlertSilence,
} from '../repositories/alerts.js';
import { IssueList, requireExistingId } from '../services/checks.js';
import type { CoreDeps } from '../services/deps.js';
import { type AlertView, getAlert } from './list-alerts.js';

type AlertDetail = AlertView & { deliveries: AlertDelivery[] };

/** Longest silence: 30 days. */
export const MAX_SILENCE_S = 30 * 24 * 3600;

/** How long to silence an alert: `duration_s` seconds from now, or until it resolves. */
export interface SilenceParams {
  duration_s?: number;
  until_resolved?: boolean;
}

async function existing(deps: CoreDeps, id: number): Promise<Alert> {
  const alert = await selectAlertById(deps.db.db, requireExistingId('alert', id));
  if (!alert) throw new NotFoundError('alert', id);
  return alert;
}

/**
 * Marks a firing alert acknowledged. ConflictError (409) when it was acknowledged already or
 * has resolved; NotFoundError (404) when there is none. Its resolution is still notified, so
 * whoever acknowledged it learns that it is over.
 *
 * @example
 * const alert = await acknowledgeAlert(deps, 3); // alert.acknowledged_at is now
 */
export async function acknowledgeAlert(deps: CoreDeps, id: number): Promise<AlertDetail> {
  const updated = await acknowledgeFiringAlert(deps.db.db, requireExistingId('alert', id));
  if (updated) return getAlert(deps, id);
  const alert = await existing(deps, id);
  if (alert.state !== 'firing') {
    throw new ConflictError(`alert ${id} has resolved; there is nothing to acknowledge`, {
      state: alert.state,
    });
  }
  throw new ConflictError(`alert ${id} was acknowledged already`, {
    acknowledged_at: alert.acknowledged_at?.toISOString() ?? null,
  });
}

/**
 * Silences an alert for `duration_s` seconds (1 to 30 days' worth), which also covers new
 * episodes of the same rule that fire meanwhile, or `until_resolved` (firing alerts only).
 * A new silence replaces the previous one. ValidationError (400) unless exactly one of the
 * two is given; ConflictError (409) for until_resolved on a resolved alert.
 *
 * @example
 * await silenceAlert(deps, 3, { duration_s: 3600 });
 */
export async function silenceAlert(deps: CoreDeps, id: number, params: SilenceParams): Promise<AlertDetail> {
  const issues = new IssueList();
  const hasDuration = params.duration_s !== undefined;
  const untilResolved = params.until_resolved === true;
  if (hasDuration === untilResolved) {
    issues.add('duration_s', 'give either duration_s (seconds) or until_resolved: true');
  } else if (
    hasDuration &&
    (!Number.isInteger(params.duration_s) ||
      (params.duration_s as number) < 1 ||
      (params.duration_s as number) > MAX_SILENCE_S)
  ) {
    issues.add('duration_s', `must be a whole number of seconds from 1 to ${MAX_SILENCE_S}`);
  }
  issues.throwIfAny();
  const alertId = requireExistingId('alert', id);
  const updated = await setAlertSilence(
    deps.db.db,
    alertId,
    hasDuration ? { seconds: params.duration_s as number } : { untilResolved: true },
  );
  if (updated) return getAlert(deps, alertId);
  await existing(deps, alertId);
  throw new ConflictError(`alert ${id} has resolved; silence it for a duration instead`, {
    state: 'resolved',
  });
}

/** Lifts an alert's silence (a no-op when it has none). NotFoundError (404) when there is no alert. */
export async function unsilenceAlert(deps: CoreDeps, id: number): Promise<AlertDetail> {
  const updated = await clearAlertSilence(deps.db.db, requireExistingId('alert', id));
  if (!updated) throw new NotFoundError('alert', id);
  return getAlert(deps, id);
}
