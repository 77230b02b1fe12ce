import { NotFoundError } from '@tfbench/domain/errors';
import { ALERT_KINDS, ALERT_STATES, type AlertKind, type AlertState } from '@tfbench/domain/model';
import { foldByKey } from '../collections/fold-by-key.js';
import type { Alert, AlertDelivery } from '../db/schema.js';
import { countAlerts, selectAlertById, selectAlertDeliveries, selectAlerts } from '../repositories/alerts.js';
import {
  checkedPage,
  checkFilterId,
  checkInstant,
  checkOneOf,
  requireExistingId,
} from '../services/checks.js';
import type { CoreDeps, PageParams, Paginated } from '../services/deps.js';
import { isSilenced } from './is-silenced.js';

/** How an alert's notification of one event fared, from its delivery attempts. */
export interface NotificationStatus {
  event: Alert['state'];
  delivered: boolean;
  attempts: number;
  last_attempt_at: Date;
  last_error: string | null;
  last_http_status: number | null;
}

/** An alert with the state of its notifications. */
export interface AlertView extends Alert {
  notifications: NotificationStatus[];
  /** Whether its notifications are held back now (see isSilenced). */
  silenced: boolean;
}

export interface ListAlertsParams extends PageParams {
  state?: AlertState;
  kind?: AlertKind;
  scenario_id?: number;
  /** Fired at or after. */
  from?: Date;
  /** Fired before. */
  to?: Date;
}

function notificationsOf(deliveries: readonly AlertDelivery[]): NotificationStatus[] {
  return foldByKey(deliveries, (delivery) => delivery.event, withAttempt);
}

/** A notification's status after one more delivery attempt (the first, without `status`). */
function withAttempt(status: NotificationStatus | undefined, delivery: AlertDelivery): NotificationStatus {
  return {
    event: delivery.event,
    delivered: (status?.delivered ?? false) || delivery.delivered,
    attempts: (status?.attempts ?? 0) + 1,
    last_attempt_at: delivery.attempted_at,
    last_error: delivery.error,
    last_http_status: delivery.http_status,
  };
}

/**
 * Alerts, newest first: current ones (`state=firing`) and past ones (`resolved`), with
 * filters, and how their notifications went.
 *
 * @example
 * const { items } = await listAlerts(deps, { state: 'firing' });
 */
export async function listAlerts(
  deps: CoreDeps,
  params: ListAlertsParams = {},
): Promise<Paginated<AlertView>> {
  const page = checkedPage(params, (issues) => {
    checkOneOf('state', params.state, ALERT_STATES, issues);
    checkOneOf('kind', params.kind, ALERT_KINDS, issues);
    checkFilterId('scenario_id', params.scenario_id, issues);
    checkInstant('from', params.from, issues);
    checkInstant('to', params.to, issues);
  });
  const filter = {
    state: params.state,
    kind: params.kind,
    scenario_id: params.scenario_id,
    from: params.from,
    to: params.to,
  };
  const { db } = deps.db;
  const [items, total] = await Promise.all([selectAlerts(db, filter, page), countAlerts(db, filter)]);
  const deliveries = await selectAlertDeliveries(
    db,
    items.map((alert) => alert.id),
  );
  const now = new Date();
  return {
    items: items.map((alert) => ({
      ...alert,
      silenced: isSilenced(alert, now),
      notifications: notificationsOf(deliveries.filter((d) => d.alert_id === alert.id)),
    })),
    total,
  };
}

/** One alert with every delivery attempt of its notifications. NotFoundError (404) when none. */
export async function getAlert(
  deps: CoreDeps,
  id: number,
): Promise<AlertView & { deliveries: AlertDelivery[] }> {
  const alert = await selectAlertById(deps.db.db, requireExistingId('alert', id));
  if (!alert) throw new NotFoundError('alert', id);
  const deliveries = await selectAlertDeliveries(deps.db.db, [id]);
  return {
    ...alert,
    silenced: isSilenced(alert, new Date()),
    notifications: notificationsOf(deliveries),
    deliveries,
  };
}
