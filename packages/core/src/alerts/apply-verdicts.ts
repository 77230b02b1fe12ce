/** Applies verdicts to the stored alerts (open, touch, resolve) and sends the notifications that follow. */
import type { AlertEvent } from '@tfbench/domain/model';
import type { Alert, Scenario } from '../db/schema.js';
import { insertFiringAlert, resolveFiringAlert, touchFiringAlert } from '../repositories/alerts.js';
import type { AlertDeps, RuleOutcome, Verdict } from './evaluation-types.js';
import { isNotificationHeld } from './is-silenced.js';
import { createAlertNotifier, type DeliveryOutcome } from './notifier.js';
import type { AlertSettings } from './settings.js';

/**
 * Moves each rule's alert through its states for these verdicts (see evaluateScenarioAlerts),
 * then notifies. `firing` are the open alerts of the kinds judged here: an open alert whose
 * rule has no verdict any more was removed from the scenario, and resolves.
 */
export async function applyVerdicts(
  deps: AlertDeps,
  scenario: Scenario,
  settings: AlertSettings,
  verdicts: readonly Verdict[],
  firing: readonly Alert[],
): Promise<{ rules: RuleOutcome[]; notifications: Promise<DeliveryOutcome[]> }> {
  const scenarioId = scenario.id;
  const firingByRule = new Map(firing.map((alert) => [`${alert.kind}|${alert.rule}`, alert]));
  const transitions: Array<{ alert: Alert; event: AlertEvent }> = [];
  const rules: RuleOutcome[] = [];
  for (const verdict of verdicts) {
    const key = `${verdict.kind}|${verdict.rule}`;
    const open = firingByRule.get(key);
    firingByRule.delete(key);
    const values = { last_observed: verdict.observed, n: verdict.n, details: verdict.details };
    let transition: RuleOutcome['transition'] = null;
    let alertId = open?.id ?? null;
    if (verdict.status === 'breached' && !open) {
      const opened = await insertFiringAlert(deps.db.db, {
        scenario_id: scenarioId,
        kind: verdict.kind,
        rule: verdict.rule,
        observed: verdict.observed,
        ...values,
      });
      if (opened) {
        transition = 'fired';
        alertId = opened.id;
        transitions.push({ alert: opened, event: 'firing' });
      }
    } else if (verdict.status === 'ok' && open) {
      const closed = await resolveFiringAlert(deps.db.db, open.id, values);
      if (closed) {
        transition = 'resolved';
        transitions.push({ alert: closed, event: 'resolved' });
      }
    } else if (open && verdict.status !== 'error') {
      await touchFiringAlert(deps.db.db, open.id, values);
    }
    rules.push({
      kind: verdict.kind,
      rule: verdict.rule,
      status: verdict.status,
      observed: verdict.observed,
      n: verdict.n,
      transition,
      alert_id: alertId,
      ...(verdict.error ? { error: verdict.error } : {}),
    });
  }
  // Rules that no longer exist (a threshold removed, regression checks turned off) resolve.
  for (const open of firingByRule.values()) {
    const closed = await resolveFiringAlert(deps.db.db, open.id, {
      last_observed: open.last_observed,
      n: open.n,
      details: { ...open.details, resolved_because: 'the rule was removed from the scenario' },
    });
    if (closed) transitions.push({ alert: closed, event: 'resolved' });
  }

  const url = settings.webhookUrl ?? deps.webhookUrl ?? null;
  const now = new Date();
  const toNotify = transitions.filter(({ alert, event }) => !isNotificationHeld(alert, event, now));
  let notifications: Promise<DeliveryOutcome[]> = Promise.resolve([]);
  if (url && toNotify.length > 0) {
    const notifier =
      deps.notifier ??
      createAlertNotifier({
        db: deps.db,
        logger: deps.logger,
        policy: deps.delivery?.policy,
        secret: deps.delivery?.secret,
      });
    notifications = Promise.all(
      toNotify.map(({ alert, event }) => notifier.notify(alert, scenario, event, url)),
    );
  }
  return { rules, notifications };
}
