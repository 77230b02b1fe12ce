/**
 * Alerts of scheduled scenarios: the state machine over rolling windows, regression alerts,
 * concurrency, and listing. Settings and notifications have their own files.
 */
import { NotFoundError } from '@tfbench/domain/errors';
import { createRandom } from '@tfbench/domain/statistics';
import { expect, it } from 'vitest';
import { evaluateScenarioAlerts, getAlert, listAlerts } from '../src/alerts/index.js';
import { alerts } from '../src/db/schema.js';
import { updateScenarioById } from '../src/repositories/scenarios.js';
import { describeEachDatabase } from '../src/testing/index.js';
import { useAlertHarness } from './alerts-fixtures.js';
import { rejectionAs, seedAutomation, seedScenario } from './seed.js';

describeEachDatabase('alerts', (getDb) => {
  const { receiver, deps, scheduledScenario, addRuns } = useAlertHarness(getDb);

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
