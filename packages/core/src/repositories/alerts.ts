/** SQL of `alerts` and `alert_deliveries`, and of the runs an alert window reads. */
import { type AlertKind, type AlertState, TERMINAL_RUN_STATUSES } from '@tfbench/domain/model';
import { and, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Executor } from '../db/database.js';
import {
  type Alert,
  type AlertDelivery,
  alert_deliveries,
  alerts,
  type NewAlert,
  type NewAlertDelivery,
  runs,
} from '../db/schema.js';
import { thresholdRunColumns } from './benchmark-summary.js';
import { filterCondition, type TimeRange, withinTimeRange } from './filters.js';
import { type Page, selectPage } from './page.js';
import { countRows, insertRow, selectRowById, updateRowWhere } from './rows.js';

/** The fields of a run that thresholds and regression checks read: regressions also need its time. */
export const windowRunColumns = { ...thresholdRunColumns, created_at: runs.created_at };

/**
 * A scenario's newest finished runs outside benchmarks (benchmarks judge their own
 * thresholds), warm-ups left out: at most `limit`, and only those created at or after
 * `since` when given. Newest first.
 */
export function selectAlertWindowRuns(
  db: Executor,
  scenarioId: number,
  options: { limit: number; since?: Date },
) {
  return db
    .select(windowRunColumns)
    .from(runs)
    .where(
      and(
        eq(runs.scenario_id, scenarioId),
        isNull(runs.benchmark_id),
        eq(runs.is_warmup, false),
        inArray(runs.status, [...TERMINAL_RUN_STATUSES]),
        ...withinTimeRange(runs.created_at, { from: options.since }),
      ),
    )
    .orderBy(desc(runs.created_at), desc(runs.id))
    .limit(options.limit);
}

/** The scenario's alerts that are firing now. */
export function selectFiringAlerts(db: Executor, scenarioId: number): Promise<Alert[]> {
  return db
    .select()
    .from(alerts)
    .where(and(eq(alerts.scenario_id, scenarioId), eq(alerts.state, 'firing')));
}

/**
 * Opens a firing alert, unless the rule already has one (the partial unique index): returns
 * the new row, or undefined when another evaluation opened it first.
 */
export async function insertFiringAlert(db: Executor, values: NewAlert): Promise<Alert | undefined> {
  // A silence for a while covers the rule's next episodes too: the new row inherits it.
  const inheritedSilence = sql`(
    select max(${alerts.silenced_until}) from ${alerts}
    where ${alerts.scenario_id} = ${values.scenario_id} and ${alerts.kind} = ${values.kind}
      and ${alerts.rule} = ${values.rule} and ${alerts.silenced_until} > now()
  )`;
  const [row] = await db
    .insert(alerts)
    .values({ ...values, state: 'firing', silenced_until: inheritedSilence })
    .onConflictDoNothing()
    .returning();
  return row;
}

/** Closes a firing alert; undefined when it was no longer firing (someone else closed it). */
export function resolveFiringAlert(db: Executor, id: number, values: Evaluation): Promise<Alert | undefined> {
  const resolved = { ...values, state: 'resolved' as const, resolved_at: sql`now()` };
  return updateFiringAlert(db, id, resolved);
}

/** Records the latest evaluation of an alert that stays firing. */
export async function touchFiringAlert(db: Executor, id: number, values: Evaluation): Promise<void> {
  await updateFiringAlert(db, id, values);
}

/** What one evaluation observed of an alert's rule. */
type Evaluation = Pick<NewAlert, 'last_observed' | 'n' | 'details'>;

/** Stamps an evaluation on an alert while it is still firing; undefined when it no longer was. */
function updateFiringAlert(
  db: Executor,
  id: number,
  values: PgUpdateSetSource<typeof alerts>,
): Promise<Alert | undefined> {
  const evaluated = { ...values, last_evaluated_at: sql`now()` };
  return updateRowWhere(db, alerts, evaluated, and(eq(alerts.id, id), eq(alerts.state, 'firing')));
}

/** Which alerts to list; the time range is of when they fired. */
export interface AlertFilter extends TimeRange {
  state?: AlertState;
  kind?: AlertKind;
  scenario_id?: number;
}

function alertConditions(filter: AlertFilter): SQL | undefined {
  const columns = { state: alerts.state, kind: alerts.kind, scenario_id: alerts.scenario_id };
  return filterCondition(filter, columns, alerts.fired_at);
}

/** Alerts newest first (fired_at, then id). */
export function selectAlerts(db: Executor, filter: AlertFilter, page: Page): Promise<Alert[]> {
  return selectPage(db, alerts, alertConditions(filter), [desc(alerts.fired_at), desc(alerts.id)], page);
}

export function countAlerts(db: Executor, filter: AlertFilter): Promise<number> {
  return countRows(db, alerts, alertConditions(filter));
}

export function selectAlertById(db: Executor, id: number): Promise<Alert | undefined> {
  return selectRowById(db, alerts, id);
}

export function insertAlertDelivery(db: Executor, values: NewAlertDelivery): Promise<AlertDelivery> {
  return insertRow(db, alert_deliveries, values);
}

/** Delivery attempts of the alerts, oldest first per alert. */
export function selectAlertDeliveries(db: Executor, alertIds: readonly number[]): Promise<AlertDelivery[]> {
  if (alertIds.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(alert_deliveries)
    .where(inArray(alert_deliveries.alert_id, [...alertIds]))
    .orderBy(alert_deliveries.alert_id, alert_deliveries.id);
}

/**
 * Marks a firing, unacknowledged alert acknowledged now; undefined when there is no such
 * alert in that state (the caller tells which condition failed).
 */
export async function acknowledgeFiringAlert(db: Executor, id: number): Promise<Alert | undefined> {
  const [row] = await db
    .update(alerts)
    .set({ acknowledged_at: sql`now()` })
    .where(and(eq(alerts.id, id), eq(alerts.state, 'firing'), isNull(alerts.acknowledged_at)))
    .returning();
  return row;
}

/**
 * Silences an alert: for `seconds` from now, or until it resolves (`seconds` null; firing
 * alerts only). Replaces any earlier silence. Undefined when no alert matched.
 */
export async function setAlertSilence(
  db: Executor,
  id: number,
  silence: { seconds: number } | { untilResolved: true },
): Promise<Alert | undefined> {
  const values =
    'seconds' in silence
      ? {
          silenced_until: sql`now() + make_interval(secs => ${silence.seconds})`,
          silenced_until_resolved: false,
        }
      : { silenced_until: null, silenced_until_resolved: true };
  const [row] = await db
    .update(alerts)
    .set(values)
    .where(and(eq(alerts.id, id), 'seconds' in silence ? undefined : eq(alerts.state, 'firing')))
    .returning();
  return row;
}

/** Lifts an alert's silence; undefined when there is no such alert. */
export async function clearAlertSilence(db: Executor, id: number): Promise<Alert | undefined> {
  const [row] = await db
    .update(alerts)
    .set({ silenced_until: null, silenced_until_resolved: false })
    .where(eq(alerts.id, id))
    .returning();
  return row;
}
