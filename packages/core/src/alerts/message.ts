/**
 * The JSON body of a notification. Slack's incoming webhooks (and the many receivers that
 * copy them: Mattermost, Rocket.Chat, Discord's /slack endpoint, Google Chat's text field)
 * read `text` and, when they know it, `blocks`; everything else is ignored by them, so the
 * structured alert rides along under `tfbench` for receivers that want it.
 */
import type { AlertEvent } from '@tfbench/domain/model';
import type { Alert, Scenario } from '../db/schema.js';

export interface AlertMessage {
  text: string;
  blocks: Array<Record<string, unknown>>;
  tfbench: {
    event: AlertEvent;
    alert_id: number;
    kind: Alert['kind'];
    rule: string;
    state: Alert['state'];
    scenario: { id: number; name: string };
    observed: number | null;
    n: number;
    fired_at: string;
    resolved_at: string | null;
  };
}

function figure(value: number | null): string {
  if (value === null) return 'no data';
  return Number.isInteger(value) ? String(value) : value.toPrecision(4);
}

/** The body for `event` (firing or resolved) of `alert` on `scenario`. */
export function alertMessage(
  alert: Alert,
  scenario: Pick<Scenario, 'id' | 'name'>,
  event: AlertEvent,
): AlertMessage {
  const subject = `scenario "${scenario.name}" (#${scenario.id})`;
  const observed = event === 'firing' ? alert.observed : alert.last_observed;
  const text =
    event === 'firing'
      ? `:rotating_light: FIRING ${alert.kind} alert on ${subject}: ${alert.rule} (observed ${figure(observed)} over ${alert.n} values)`
      : `:white_check_mark: RESOLVED ${alert.kind} alert on ${subject}: ${alert.rule} (now ${figure(observed)} over ${alert.n} values)`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `alert #${alert.id} · fired ${alert.fired_at.toISOString()}${alert.resolved_at ? ` · resolved ${alert.resolved_at.toISOString()}` : ''}`,
          },
        ],
      },
    ],
    tfbench: {
      event,
      alert_id: alert.id,
      kind: alert.kind,
      rule: alert.rule,
      state: alert.state,
      scenario: { id: scenario.id, name: scenario.name },
      observed,
      n: alert.n,
      fired_at: alert.fired_at.toISOString(),
      resolved_at: alert.resolved_at?.toISOString() ?? null,
    },
  };
}
