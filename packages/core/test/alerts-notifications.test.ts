/**
 * Alert notifications to a real local HTTP receiver: signed, exactly one per transition,
 * retried on 5xx with every attempt recorded, held back while acknowledged or silenced.
 */
import { ConflictError, NotFoundError, ValidationError } from '@tfbench/domain/errors';
import { expect, it } from 'vitest';
import {
  acknowledgeAlert,
  createAlertNotifier,
  evaluateScenarioAlerts,
  getAlert,
  listAlerts,
  silenceAlert,
  unsilenceAlert,
} from '../src/alerts/index.js';
import { verifyWebhookSignature } from '../src/net/index.js';
import { describeEachDatabase } from '../src/testing/index.js';
import { LOOPBACK_ALLOWED, useAlertHarness } from './alerts-fixtures.js';
import { rejectionAs } from './seed.js';

describeEachDatabase('alert notifications', (getDb) => {
  const { receiver, url, deps, scheduledScenario, addRuns } = useAlertHarness(getDb);

  it('sign deliveries to an allowlisted host; refuse, without retrying, a name that resolves to loopback', async () => {
    const secret = 'a-test-secret-of-32-characters!!';
    const port = new URL(url()).port;
    const scenario = await scheduledScenario(getDb());
    await addRuns(scenario.id, [2_000, 2_500]);
    const signed = await evaluateScenarioAlerts(
      {
        db: getDb(),
        webhookUrl: `http://hooks.internal:${port}/hook`,
        notifier: createAlertNotifier({
          db: getDb(),
          policy: { allowedHosts: ['hooks.internal'] },
          secret,
          resolve: async () => [{ address: '127.0.0.1', family: 4 }],
        }),
      },
      scenario.id,
    );
    expect(await signed.notifications).toEqual([expect.objectContaining({ delivered: true, attempts: 1 })]);
    const [request] = receiver.requests;
    expect(request?.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, request?.raw ?? '', request?.signature ?? '')).toBe(true);
    const t = Number(/^t=(\d+)/.exec(request?.signature ?? '')?.[1]);
    expect(Math.abs(t - Date.now() / 1000)).toBeLessThan(60);

    const other = await scheduledScenario(getDb());
    await addRuns(other.id, [2_000, 2_500]);
    const refused = await evaluateScenarioAlerts(
      {
        db: getDb(),
        webhookUrl: `http://rebind.example.test:${port}/hook`,
        notifier: createAlertNotifier({
          db: getDb(),
          baseDelayMs: 10,
          resolve: async () => [{ address: '127.0.0.1', family: 4 }],
        }),
      },
      other.id,
    );
    expect(await refused.notifications).toEqual([expect.objectContaining({ delivered: false, attempts: 1 })]);
    expect(receiver.requests).toHaveLength(1);
    const alert = await getAlert({ db: getDb() }, refused.rules[0]!.alert_id!);
    expect(alert.deliveries[0]).toMatchObject({ delivered: false, http_status: null });
    expect(alert.deliveries[0]?.error).toMatch(
      /^refused: rebind\.example\.test resolves to 127\.0\.0\.1, a loopback address/,
    );
  });

  it('fire once on a breach, notify exactly once while firing, and resolve with one more', async () => {
    const scenario = await scheduledScenario(getDb());
    await addRuns(scenario.id, [300, 400, 500]);
    let result = await evaluateScenarioAlerts(deps(), scenario.id);
    expect(result.rules).toEqual([
      expect.objectContaining({
        kind: 'threshold',
        rule: 'p95(total_duration_ms) < 1000',
        status: 'ok',
        transition: null,
      }),
    ]);
    expect(await result.notifications).toEqual([]);

    // Two slow runs: the window of five is 300, 400, 500, 2000, 2500, whose p95 is over a second.
    await addRuns(scenario.id, [2_000, 2_500]);
    receiver.script = [503]; // The first try fails: it must be retried.
    result = await evaluateScenarioAlerts(deps(), scenario.id);
    expect(result.rules[0]).toMatchObject({ status: 'breached', transition: 'fired', n: 5 });
    expect(await result.notifications).toEqual([
      { alert_id: result.rules[0]!.alert_id, event: 'firing', delivered: true, attempts: 2 },
    ]);

    // Still breached after more runs: no new alert, no new notification.
    await addRuns(scenario.id, [3_000]);
    result = await evaluateScenarioAlerts(deps(), scenario.id);
    expect(result.rules[0]).toMatchObject({ status: 'breached', transition: null });
    expect(await result.notifications).toEqual([]);

    // Fast runs push the slow ones out of the window: resolved, notified once.
    await addRuns(scenario.id, [200, 210, 220, 230, 240]);
    result = await evaluateScenarioAlerts(deps(), scenario.id);
    expect(result.rules[0]).toMatchObject({ status: 'ok', transition: 'resolved' });
    expect(await result.notifications).toEqual([
      expect.objectContaining({ event: 'resolved', delivered: true, attempts: 1 }),
    ]);
    result = await evaluateScenarioAlerts(deps(), scenario.id);
    expect(result.rules[0]).toMatchObject({ status: 'ok', transition: null });

    // The receiver saw: firing (503), firing (accepted), resolved.
    expect(receiver.requests.map((r) => r.body.tfbench)).toEqual([
      expect.objectContaining({ event: 'firing', rule: 'p95(total_duration_ms) < 1000' }),
      expect.objectContaining({ event: 'firing' }),
      expect.objectContaining({ event: 'resolved', state: 'resolved' }),
    ]);
    for (const request of receiver.requests) {
      expect(request.path).toBe('/services/T000/B000/secret-token');
      expect(request.contentType).toBe('application/json');
      // Slack's incoming-webhook shape: a text, and blocks of known types.
      expect(typeof request.body.text).toBe('string');
      expect(request.body.blocks).toEqual([
        { type: 'section', text: { type: 'mrkdwn', text: request.body.text } },
        { type: 'context', elements: [expect.objectContaining({ type: 'mrkdwn' })] },
      ]);
    }
    expect(receiver.requests[0]?.body.text).toContain('FIRING');
    expect(receiver.requests[2]?.body.text).toContain('RESOLVED');

    const { items, total } = await listAlerts({ db: getDb() });
    expect(total).toBe(1);
    expect(items[0]).toMatchObject({ state: 'resolved', kind: 'threshold', scenario_id: scenario.id, n: 5 });
    expect(items[0]?.observed).toBeGreaterThan(1_000);
    expect(items[0]?.last_observed).toBeLessThan(1_000);
    expect(items[0]?.resolved_at).toBeInstanceOf(Date);
    expect(items[0]?.notifications).toEqual([
      expect.objectContaining({ event: 'firing', delivered: true, attempts: 2 }),
      expect.objectContaining({ event: 'resolved', delivered: true, attempts: 1 }),
    ]);
    const detail = await getAlert({ db: getDb() }, items[0]!.id);
    expect(detail.deliveries.map((d) => [d.event, d.attempt, d.delivered, d.http_status])).toEqual([
      ['firing', 1, false, 503],
      ['firing', 2, true, 200],
      ['resolved', 1, true, 200],
    ]);
    // The webhook's secret path is never stored.
    expect(detail.deliveries.every((d) => !d.target.includes('secret'))).toBe(true);
  });

  it('acknowledge a firing alert once; its resolution is still notified', async () => {
    const scenario = await scheduledScenario(getDb());
    await addRuns(scenario.id, [2_000, 2_500, 3_000]);
    const fired = await evaluateScenarioAlerts(deps(), scenario.id);
    await fired.notifications;
    const id = fired.rules[0]!.alert_id!;

    const acknowledged = await acknowledgeAlert({ db: getDb() }, id);
    expect(acknowledged.acknowledged_at).toBeInstanceOf(Date);
    expect(acknowledged).toMatchObject({ state: 'firing', silenced: false });
    const again = await rejectionAs(acknowledgeAlert({ db: getDb() }, id), ConflictError);
    expect(again.message).toContain('acknowledged already');
    await rejectionAs(acknowledgeAlert({ db: getDb() }, 9_999), NotFoundError);

    await addRuns(scenario.id, [200, 210, 220, 230, 240]);
    const resolved = await evaluateScenarioAlerts(deps(), scenario.id);
    expect(resolved.rules[0]).toMatchObject({ transition: 'resolved' });
    expect(await resolved.notifications).toEqual([expect.objectContaining({ event: 'resolved' })]);
    expect(receiver.requests.map((r) => (r.body.tfbench as { event: string }).event)).toEqual([
      'firing',
      'resolved',
    ]);
    const late = await rejectionAs(acknowledgeAlert({ db: getDb() }, id), ConflictError);
    expect(late.message).toContain('resolved');
  });

  it('hold back every notification of a silenced alert, and of new episodes while the silence lasts', async () => {
    const scenario = await scheduledScenario(getDb());
    const breach = () => addRuns(scenario.id, [2_000, 2_500, 3_000, 3_500, 4_000]);
    const recover = () => addRuns(scenario.id, [200, 210, 220, 230, 240]);
    const evaluate = async () => {
      const result = await evaluateScenarioAlerts(deps(), scenario.id);
      return { rule: result.rules[0]!, sent: await result.notifications };
    };
    const events = () => receiver.requests.map((r) => (r.body.tfbench as { event: string }).event);

    // Silenced until resolved: its resolution is not sent; the next episode notifies again.
    await breach();
    const first = await evaluate();
    expect(first.sent).toHaveLength(1);
    const untilResolved = await silenceAlert({ db: getDb() }, first.rule.alert_id!, { until_resolved: true });
    expect(untilResolved).toMatchObject({
      silenced: true,
      silenced_until_resolved: true,
      silenced_until: null,
    });
    await recover();
    const quietResolution = await evaluate();
    expect(quietResolution.rule.transition).toBe('resolved');
    expect(quietResolution.sent).toEqual([]);
    expect((await getAlert({ db: getDb() }, first.rule.alert_id!)).silenced).toBe(false);
    await rejectionAs(
      silenceAlert({ db: getDb() }, first.rule.alert_id!, { until_resolved: true }),
      ConflictError,
    );

    await breach();
    const second = await evaluate();
    expect(second.rule.transition).toBe('fired');
    expect(second.sent).toEqual([expect.objectContaining({ event: 'firing' })]);

    // Silenced for an hour: neither its resolution nor the rule's next firing is sent, and
    // the new episode is shown silenced until the same time.
    const forAnHour = await silenceAlert({ db: getDb() }, second.rule.alert_id!, { duration_s: 3_600 });
    expect(forAnHour.silenced).toBe(true);
    const until = forAnHour.silenced_until!.getTime();
    expect(until - Date.now()).toBeGreaterThan(3_500_000);
    expect(until - Date.now()).toBeLessThanOrEqual(3_600_000 + 60_000);
    await recover();
    expect((await evaluate()).sent).toEqual([]);
    await breach();
    const third = await evaluate();
    expect(third.rule.transition).toBe('fired');
    expect(third.sent).toEqual([]);
    const inherited = await getAlert({ db: getDb() }, third.rule.alert_id!);
    expect(inherited).toMatchObject({ silenced: true });
    expect(inherited.silenced_until?.getTime()).toBe(until);

    // Lifted: the resolution is sent again.
    const lifted = await unsilenceAlert({ db: getDb() }, third.rule.alert_id!);
    expect(lifted).toMatchObject({ silenced: false, silenced_until: null, silenced_until_resolved: false });
    await recover();
    expect((await evaluate()).sent).toEqual([expect.objectContaining({ event: 'resolved' })]);
    expect(events()).toEqual(['firing', 'firing', 'resolved']);

    for (const params of [
      {},
      { duration_s: 0 },
      { duration_s: 1.5 },
      { duration_s: 31 * 86_400 },
      { duration_s: 60, until_resolved: true },
    ]) {
      const error = await rejectionAs(
        silenceAlert({ db: getDb() }, first.rule.alert_id!, params),
        ValidationError,
      );
      expect(JSON.stringify(error.details), JSON.stringify(params)).toContain('duration_s');
    }
    await rejectionAs(silenceAlert({ db: getDb() }, 9_999, { duration_s: 60 }), NotFoundError);
    await rejectionAs(unsilenceAlert({ db: getDb() }, 9_999), NotFoundError);
  });

  it('give up on a final answer, and after the last retry, recording each attempt', async () => {
    const scenario = await scheduledScenario(getDb());
    await addRuns(scenario.id, [5_000]);
    receiver.script = [400];
    let result = await evaluateScenarioAlerts(deps(), scenario.id);
    expect(await result.notifications).toEqual([expect.objectContaining({ delivered: false, attempts: 1 })]);

    const other = await scheduledScenario(getDb());
    await addRuns(other.id, [5_000]);
    receiver.script = [500, 502, 503, 500, 500];
    result = await evaluateScenarioAlerts(deps(), other.id);
    expect(await result.notifications).toEqual([expect.objectContaining({ delivered: false, attempts: 5 })]);
    const alert = await getAlert({ db: getDb() }, result.rules[0]!.alert_id!);
    expect(alert.deliveries.map((d) => d.http_status)).toEqual([500, 502, 503, 500, 500]);
    expect(alert.notifications).toEqual([
      expect.objectContaining({ event: 'firing', delivered: false, attempts: 5, last_http_status: 500 }),
    ]);

    // An unreachable receiver is retried too, and recorded with the network error.
    const unreachable = await scheduledScenario(getDb(), {
      run_settings: { alert_window_runs: 5, regression: false, alert_webhook_url: 'http://127.0.0.1:1/hook' },
    });
    await addRuns(unreachable.id, [5_000]);
    result = await evaluateScenarioAlerts(
      {
        db: getDb(),
        notifier: createAlertNotifier({
          db: getDb(),
          maxAttempts: 2,
          baseDelayMs: 10,
          policy: LOOPBACK_ALLOWED,
        }),
      },
      unreachable.id,
    );
    expect(await result.notifications).toEqual([expect.objectContaining({ delivered: false, attempts: 2 })]);
    const failed = await getAlert({ db: getDb() }, result.rules[0]!.alert_id!);
    expect(failed.deliveries[0]).toMatchObject({
      delivered: false,
      http_status: null,
      target: 'http://127.0.0.1:1/…',
    });
    expect(failed.deliveries[0]?.error).toMatch(/fetch failed|ECONNREFUSED/);
  });
});
