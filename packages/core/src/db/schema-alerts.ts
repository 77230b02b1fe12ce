/**
 * Alerts of scheduled scenarios and the deliveries of their notifications.
 */
import {
  ALERT_EVENTS,
  ALERT_KINDS,
  ALERT_STATES,
  type AlertEvent,
  type AlertKind,
  type AlertState,
  type JsonObject,
} from '@tfbench/domain/model';
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { identity, oneOf, parentId, timestamps, timestamptz } from './schema-columns.js';
import { scenarios } from './schema-scenarios.js';

/**
 * Alerts of scheduled scenarios: a threshold breached over a rolling window, or a regression
 * against a baseline window. One row per episode: inserted when the rule starts firing, closed
 * (state resolved) when it recovers; a rule has at most one firing row (partial unique index).
 */
export const alerts = pgTable(
  'alerts',
  {
    id: identity(),
    scenario_id: parentId(() => scenarios.id, 'cascade'),
    kind: text().$type<AlertKind>().notNull(),
    /** The rule: a canonical threshold expression, or `regression(<metric>)`. */
    rule: text().notNull(),
    state: text().$type<AlertState>().notNull().default('firing'),
    /** The figure that breached (or the candidate window's median, for a regression). */
    observed: doublePrecision(),
    /** The figure of the latest evaluation (updated while firing; the recovered one once resolved). */
    last_observed: doublePrecision(),
    /** Values the latest evaluation rested on. */
    n: integer().notNull().default(0),
    /** What was evaluated: window, evaluation or comparison, as JSON. */
    details: jsonb().$type<JsonObject>().notNull().default({}),
    fired_at: timestamptz().notNull().defaultNow(),
    resolved_at: timestamptz(),
    last_evaluated_at: timestamptz().notNull().defaultNow(),
    /** When someone said they are on it (POST /alerts/{id}/acknowledge). */
    acknowledged_at: timestamptz(),
    /**
     * No notification of this alert, nor of a new episode of the same rule of the same scenario
     * that fires before then, is sent until this time.
     */
    silenced_until: timestamptz(),
    /** No notification of this alert is sent, its resolution included. */
    silenced_until_resolved: boolean().notNull().default(false),
    ...timestamps(),
  },
  (t) => [
    check('alerts_kind_check', oneOf('kind', ALERT_KINDS)),
    check('alerts_state_check', oneOf('state', ALERT_STATES)),
    uniqueIndex('alerts_one_firing_idx').on(t.scenario_id, t.kind, t.rule).where(sql`${t.state} = 'firing'`),
    index('alerts_fired_at_idx').on(t.fired_at),
    index('alerts_scenario_id_fired_at_idx').on(t.scenario_id, t.fired_at),
  ],
);

/** Every attempt to deliver an alert's notification to its webhook, successful or not. */
export const alert_deliveries = pgTable(
  'alert_deliveries',
  {
    id: identity(),
    alert_id: parentId(() => alerts.id, 'cascade'),
    event: text().$type<AlertEvent>().notNull(),
    /** 1 for the first try of this event, 2 for the first retry, ... */
    attempt: integer().notNull(),
    /** The webhook as scheme://host/…: paths of chat webhooks carry secrets and are not stored. */
    target: text().notNull(),
    delivered: boolean().notNull(),
    http_status: integer(),
    error: text(),
    duration_ms: doublePrecision().notNull(),
    attempted_at: timestamptz().notNull().defaultNow(),
  },
  (t) => [
    check('alert_deliveries_event_check', oneOf('event', ALERT_EVENTS)),
    index('alert_deliveries_alert_id_idx').on(t.alert_id, t.id),
  ],
);

export type Alert = typeof alerts.$inferSelect;
export type NewAlert = typeof alerts.$inferInsert;
export type AlertDelivery = typeof alert_deliveries.$inferSelect;
export type NewAlertDelivery = typeof alert_deliveries.$inferInsert;
