/**
 * Alerts of scheduled scenarios: settings, the state machine over rolling windows, webhook
 * notifications to a real local HTTP receiver (exactly one per transition, retried on 5xx,
 * every attempt recorded), regression alerts, concurrency, and listing.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConflictError, NotFoundError, ValidationError } from '@tfbench/domain/errors';
import { createRandom } from '@tfbench/domain/statistics';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  acknowledgeAlert,
  createAlertNotifier,
  evaluateScenarioAlerts,
  getAlert,
  listAlerts,
  readAlertSettings,
  redactWebhookUrl,
  silenceAlert,
  unsilenceAlert,
} from '../src/alerts/index.js';
import { ConfigError, loadConfig } from '../src/config/index.js';
import type { DatabaseHandle } from '../src/db/database.js';
import type { Scenario } from '../src/db/schema.js';
import { alerts } from '../src/db/schema.js';
import { verifyWebhookSignature } from '../src/net/index.js';
import { updateScenarioById } from '../src/repositories/scenarios.js';
import { describeEachDatabase } from '../src/testing/index.js';
import { rejectionAs, seedAutomation, seedRun, seedScenario } from './seed.js';

/** The receivers of these tests listen on loopback, which deliveries refuse unless allowlisted. */
const LOOPBACK_ALLOWED = { allowedHosts: ['127.0.0.1'] };

/** A webhook receiver on loopback: records every request, answers from a script of statuses. */
class Receiver {
  readonly requests: Array<{
    path: string;
    body: Record<string, unknown>;
    raw: string;
    contentType: string | undefined;
    signature: string | undefined;
  }> = [];
  /** Statuses for the next requests, in order; 200 once they run out. */
  script: number[] = [];
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      void readBody(request).then((text) => {
        this.requests.push({
          path: request.url ?? '',
          body: JSON.parse(text) as Record<string, unknown>,
          raw: text,
          contentType: request.headers['content-type'],
          signature: request.headers['x-tfbench-signature'] as string | undefined,
        });
        response.writeHead(this.script.shift() ?? 200).end('ok');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/services/T000/B000/secret-token`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('alert settings', () => {
  it('default to a 20-run window and regression checks for scheduled scenarios', () => {
    expect(readAlertSettings({}, true)).toEqual({
      window: { kind: 'runs', runs: 20 },
      minRuns: 1,
      webhookUrl: null,
      regression: {
        metric: 'total_duration_ms',
        windowRuns: 30,
        baselineRuns: 100,
        alpha: 0.01,
        minRuns: 20,
      },
      warnings: [],
    });
    expect(readAlertSettings({}, false).regression).toBeNull();
    expect(readAlertSettings({ regression: false }, true).regression).toBeNull();
  });

  it('read windows, webhooks and regression tuning, and ignore bad values with a warning', () => {
    const settings = readAlertSettings(
      {
        alert_window_s: 3600,
        alert_window_runs: 5,
        alert_min_runs: 3,
        alert_webhook_url: 'https://hooks.example.com/x',
        regression: { metric: 'ttft_ms', window_runs: 10, alpha: 'small' },
      },
      false,
    );
    expect(settings).toMatchObject({
      window: { kind: 'time', seconds: 3600 },
      minRuns: 3,
      webhookUrl: 'https://hooks.example.com/x',
      regression: { metric: 'ttft_ms', windowRuns: 10, baselineRuns: 100, alpha: 0.01 },
    });
    expect(settings.warnings).toEqual([
      'run_settings.regression.alpha ignored: must be a number between 0 and 0.5',
    ]);
    const bad = readAlertSettings(
      { alert_window_runs: -1, alert_webhook_url: 'ftp://x', regression: 'yes' },
      true,
    );
    expect(bad.window).toEqual({ kind: 'runs', runs: 20 });
    expect(bad.webhookUrl).toBeNull();
    expect(bad.warnings).toHaveLength(3);
  });

  it('take the global webhook from ALERT_WEBHOOK_URL, never echoing a bad value', () => {
    expect(loadConfig({}).alerts.webhookUrl).toBeUndefined();
    expect(
      loadConfig({ ALERT_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/X' }).alerts.webhookUrl,
    ).toBe('https://hooks.slack.com/services/T/B/X');
    expect(() => loadConfig({ ALERT_WEBHOOK_URL: 'hooks.slack.com/services/T/B/SECRET' })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig({ ALERT_WEBHOOK_URL: 'hooks.slack.com/services/T/B/SECRET' })).toThrow(
      /ALERT_WEBHOOK_URL="\*\*\*" is invalid/,
    );
  });

  it('keep the secret path of a webhook out of what is stored', () => {
    expect(redactWebhookUrl('https://hooks.slack.com/services/T0/B0/XYZ')).toBe('https://hooks.slack.com/…');
    expect(redactWebhookUrl('http://127.0.0.1:9/')).toBe('http://127.0.0.1:9/');
  });
});

describeEachDatabase('alerts', (getDb) => {
  const receiver = new Receiver();
  let url = '';
  beforeEach(async () => {
    receiver.requests.length = 0;
    receiver.script = [];
    url = await receiver.start();
  });
  afterEach(async () => {
    await receiver.stop();
  });

  const notifier = () =>
    createAlertNotifier({
      db: getDb(),
      baseDelayMs: 20,
      maxDelayMs: 50,
      timeoutMs: 2_000,
      policy: LOOPBACK_ALLOWED,
    });
  const deps = () => ({ db: getDb(), webhookUrl: url, notifier: notifier() });
  let clock = Date.parse('2024-06-01T00:00:00Z');

  async function scheduledScenario(
    handle: DatabaseHandle,
    values: Partial<Scenario> = {},
  ): Promise<Scenario> {
    const automation = await seedAutomation(handle);
    const scenario = await seedScenario(handle, automation.id);
    return (await updateScenarioById(handle.db, scenario.id, {
      schedule_enabled: true,
      thresholds: ['p95(total_duration_ms) < 1s'],
      run_settings: { alert_window_runs: 5, regression: false },
      ...values,
    }))!;
  }

  async function addRuns(
    scenarioId: number,
    durations: number[],
    status: 'completed' | 'failed' = 'completed',
  ) {
    for (const total_duration_ms of durations) {
      clock += 60_000;
      await seedRun(getDb(), scenarioId, {
        status,
        total_duration_ms,
        trigger: 'schedule',
        created_at: new Date(clock),
      });
    }
  }

  it('sign deliveries to an allowlisted host; refuse, without retrying, a name that resolves to loopback', async () => {
    const secret = 'a-test-secret-of-32-characters!!';
    const port = new URL(url).port;
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

  it('open one alert when evaluations race, and wait for enough data', async () => {
    const scenario = await scheduledScenario(getDb(), {
      run_settings: { alert_window_runs: 10, alert_min_runs: 3, regression: false },
    });
    await addRuns(scenario.id, [5_000, 6_000]);
    let result = await evaluateScenarioAlerts(deps(), scenario.id);
    expect(result.rules[0]).toMatchObject({ status: 'no_data', n: 2, transition: null });
    await addRuns(scenario.id, [7_000]);
    const results = await Promise.all([1, 2, 3, 4].map(() => evaluateScenarioAlerts(deps(), scenario.id)));
    const fired = results.filter((r) => r.rules[0]?.transition === 'fired');
    expect(fired).toHaveLength(1);
    await Promise.all(results.map((r) => r.notifications));
    expect(receiver.requests).toHaveLength(1);
    expect(await getDb().db.select().from(alerts)).toHaveLength(1);
    result = await evaluateScenarioAlerts(deps(), scenario.id);
    expect(result.rules[0]).toMatchObject({ status: 'breached', transition: null });
  });

  it('fire a regression when the latest window is significantly slower than its baseline', async () => {
    const scenario = await scheduledScenario(getDb(), {
      thresholds: [],
      run_settings: { regression: { window_runs: 30, baseline_runs: 100 } },
    });
    const random = createRandom(8);
    const durations = (n: number, median: number) =>
      Array.from({ length: n }, () => median * Math.exp(random.normal(0, 0.2)));
    await addRuns(scenario.id, durations(100, 1_000));
    await addRuns(scenario.id, durations(30, 1_000));
    let result = await evaluateScenarioAlerts(deps(), scenario.id);
    expect(result.rules.map((r) => [r.rule, r.status])).toEqual([
      ['regression(total_duration_ms)', 'ok'],
      ['regression(success_rate)', 'ok'],
    ]);
    await addRuns(scenario.id, durations(30, 1_500));
    result = await evaluateScenarioAlerts(deps(), scenario.id);
    expect(result.rules[0]).toMatchObject({
      rule: 'regression(total_duration_ms)',
      status: 'breached',
      transition: 'fired',
    });
    expect(result.rules[0]?.observed).toBeGreaterThan(1_300);
    expect(await result.notifications).toEqual([
      expect.objectContaining({ event: 'firing', delivered: true }),
    ]);
    const [alert] = (await listAlerts({ db: getDb() }, { kind: 'regression', state: 'firing' })).items;
    expect(alert?.details).toMatchObject({
      metric: 'total_duration_ms',
      verdict: 'regressed',
      window_runs: 30,
    });

    // Failures pile up: the success rate regresses too.
    await addRuns(scenario.id, Array(30).fill(100), 'failed');
    result = await evaluateScenarioAlerts(deps(), scenario.id);
    expect(result.rules[1]).toMatchObject({
      rule: 'regression(success_rate)',
      status: 'breached',
      transition: 'fired',
    });

    // Turning regression checks off resolves what they opened.
    await updateScenarioById(getDb().db, scenario.id, { run_settings: { regression: false } });
    result = await evaluateScenarioAlerts(deps(), scenario.id);
    expect(await result.notifications).toHaveLength(2);
    expect((await listAlerts({ db: getDb() }, { state: 'firing' })).total).toBe(0);
  });

  it('leave unscheduled scenarios and benchmark runs alone; list with filters', async () => {
    const automation = await seedAutomation(getDb());
    const plain = await seedScenario(getDb(), automation.id);
    await updateScenarioById(getDb().db, plain.id, { thresholds: ['p95(total_duration_ms) < 1'] });
    await addRuns(plain.id, [5_000]);
    expect((await evaluateScenarioAlerts(deps(), plain.id)).evaluated).toBe(false);
    expect((await evaluateScenarioAlerts(deps(), 9_999)).evaluated).toBe(false);

    const scenario = await scheduledScenario(getDb(), {
      thresholds: ['p95(total_duration_ms) < 1s', 'nonsense'],
    });
    await addRuns(scenario.id, [5_000]);
    const result = await evaluateScenarioAlerts(deps(), scenario.id);
    expect(result.rules.map((r) => r.status)).toEqual(['breached', 'error']);
    expect(result.rules[1]?.error).toContain('expected');
    await result.notifications;

    expect((await listAlerts({ db: getDb() }, { scenario_id: scenario.id })).total).toBe(1);
    expect((await listAlerts({ db: getDb() }, { scenario_id: plain.id })).total).toBe(0);
    expect((await listAlerts({ db: getDb() }, { state: 'resolved' })).total).toBe(0);
    expect((await listAlerts({ db: getDb() }, { from: new Date(Date.now() + 60_000) })).total).toBe(0);
    await rejectionAs(getAlert({ db: getDb() }, 12_345), NotFoundError);
  });
});
