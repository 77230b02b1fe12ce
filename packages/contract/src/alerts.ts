/** Wire schemas of /api/v1/alerts. */
import { z } from 'zod';
import { INT4_MAX, paginationQuery, queryDateTime, queryInt, timestamp } from './common.ts';
import { ALERT_KINDS, ALERT_STATES, MAX_SILENCE_S } from './vocabulary.ts';

export const alertListQuery = z.object({
  ...paginationQuery,
  state: z
    .enum(ALERT_STATES, { error: `must be one of ${ALERT_STATES.join(', ')}` })
    .optional()
    .meta({ description: 'firing: current alerts; resolved: past ones.' }),
  kind: z
    .enum(ALERT_KINDS, { error: `must be one of ${ALERT_KINDS.join(', ')}` })
    .optional()
    .meta({ description: 'threshold or regression.' }),
  scenario_id: queryInt(1, INT4_MAX, 'Only alerts of this scenario.').optional(),
  from: queryDateTime('Only alerts fired at or after this time.').optional(),
  to: queryDateTime('Only alerts fired before this time.').optional(),
});

const notification = z.object({
  event: z.enum(ALERT_STATES),
  delivered: z.boolean(),
  attempts: z.number().int(),
  last_attempt_at: timestamp,
  last_error: z.string().nullable(),
  last_http_status: z.number().int().nullable(),
});

export const alert = z
  .object({
    id: z.number().int(),
    scenario_id: z.number().int(),
    kind: z.enum(ALERT_KINDS),
    rule: z.string().meta({ description: 'A threshold expression, or regression(<metric>).' }),
    state: z.enum(ALERT_STATES),
    observed: z.number().nullable().meta({ description: 'The figure when it fired.' }),
    last_observed: z.number().nullable().meta({ description: 'The figure at the latest evaluation.' }),
    n: z.number().int().meta({ description: 'Values the latest evaluation rested on.' }),
    details: z
      .record(z.string(), z.unknown())
      .meta({ description: 'The window and the evaluation or comparison.' }),
    fired_at: timestamp,
    resolved_at: timestamp.nullable(),
    last_evaluated_at: timestamp,
    acknowledged_at: timestamp
      .nullable()
      .meta({ description: 'When someone acknowledged it; null while nobody has.' }),
    silenced_until: timestamp.nullable().meta({
      description:
        'No notification of it, nor of a new episode of its rule firing before then, is sent until this time.',
    }),
    silenced_until_resolved: z
      .boolean()
      .meta({ description: 'No notification of it is sent, its resolution included.' }),
    silenced: z.boolean().meta({ description: 'Whether its notifications are held back now.' }),
    created_at: timestamp,
    updated_at: timestamp,
    notifications: z
      .array(notification)
      .meta({ description: 'How each notification (firing, resolved) fared.' }),
  })
  .meta({ id: 'Alert' });

export const alertDetail = alert
  .extend({
    deliveries: z.array(
      z.object({
        id: z.number().int(),
        alert_id: z.number().int(),
        event: z.enum(ALERT_STATES),
        attempt: z.number().int(),
        target: z.string().meta({ description: 'The webhook as scheme://host/… (its path is not stored).' }),
        delivered: z.boolean(),
        http_status: z.number().int().nullable(),
        error: z.string().nullable(),
        duration_ms: z.number(),
        attempted_at: timestamp,
      }),
    ),
  })
  .meta({ id: 'AlertDetail' });

/** POST /api/v1/alerts/{id}/silence */
export const alertSilence = z
  .strictObject({
    duration_s: z
      .number()
      .int(`must be a whole number of seconds from 1 to ${MAX_SILENCE_S}`)
      .min(1, `must be a whole number of seconds from 1 to ${MAX_SILENCE_S}`)
      .max(MAX_SILENCE_S, `must be a whole number of seconds from 1 to ${MAX_SILENCE_S}`)
      .optional()
      .meta({ description: 'Silence for this many seconds from now (at most 30 days).' }),
    until_resolved: z
      .literal(true, { error: 'must be true (or leave it out and give duration_s)' })
      .optional()
      .meta({ description: 'Silence until the alert resolves, its resolution included.' }),
  })
  .meta({ id: 'AlertSilence' });

/** An alert as the API returns it. */
export type Alert = z.output<typeof alert>;
/** How one notification (firing or resolved) of an alert was delivered. */
export type AlertNotification = Alert['notifications'][number];
/** An alert with every delivery attempt. */
export type AlertDetail = z.output<typeof alertDetail>;
/** The filters of GET /api/v1/alerts, as the API reads them. */
export type AlertListQuery = z.output<typeof alertListQuery>;
/** The body of POST /api/v1/alerts/{id}/silence. */
export type AlertSilence = z.input<typeof alertSilence>;
