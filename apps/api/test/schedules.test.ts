/** Switching schedules on and off through the API; next_run_at on the scenario. */
import { describeEachDatabase } from '@tfbench/core/testing';
import { beforeEach, expect, it } from 'vitest';
import { expectErrorEnvelope, fieldsOf, postJson, seedReadmeExamples, useApp } from './helpers.js';

describeEachDatabase('schedules API', (getDb) => {
  const app = useApp(getDb);

  beforeEach(async () => {
    // The README's scenario has run_settings.interval_seconds = 300, schedule off.
    await seedReadmeExamples(app());
  });

  const put = (url: string, body: object) =>
    app().inject({
      method: 'PUT',
      url,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
  const schedule = (id: number, enabled: unknown) =>
    postJson(app(), `/api/v1/scenarios/${id}/schedule`, { enabled });

  it('switches on with next_run_at one interval ahead, keeps it when switched on again, clears it when off', async () => {
    expect((await app().inject({ method: 'GET', url: '/api/v1/scenarios/1' })).json()).toMatchObject({
      schedule_enabled: false,
      next_run_at: null,
    });
    const before = Date.now();
    const on = await schedule(1, true);
    expect(on.statusCode, on.body).toBe(200);
    expect(on.json().schedule_enabled).toBe(true);
    const next = Date.parse(on.json().next_run_at);
    expect(next).toBeGreaterThanOrEqual(before + 300_000 - 1_000);
    expect(next).toBeLessThanOrEqual(Date.now() + 300_000 + 1_000);
    expect((await schedule(1, true)).json().next_run_at).toBe(on.json().next_run_at);
    const off = await schedule(1, false);
    expect(off.json()).toMatchObject({ schedule_enabled: false, next_run_at: null });
  });

  it('plans cron schedules and replans when the recurrence changes through PUT', async () => {
    const updated = await put('/api/v1/scenarios/1', {
      run_settings: { cron: '0 3 * * *', concurrency: 1 },
      schedule_enabled: true,
    });
    expect(updated.statusCode, updated.body).toBe(200);
    const next = new Date(updated.json().next_run_at);
    expect(next.getUTCHours()).toBe(3);
    expect(next.getUTCMinutes()).toBe(0);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(next.getTime()).toBeLessThanOrEqual(Date.now() + 24 * 3600_000);
    // Saving other fields leaves the next tick alone.
    expect((await put('/api/v1/scenarios/1', { name: 'renamed' })).json().next_run_at).toBe(
      updated.json().next_run_at,
    );
  });

  it('refuses an invalid or missing recurrence naming the field, and unknown scenarios', async () => {
    const badCron = await put('/api/v1/scenarios/1', { run_settings: { cron: '99 * * * *' } });
    expect(badCron.statusCode).toBe(400);
    expect(fieldsOf(expectErrorEnvelope(badCron).details)).toEqual(['body.run_settings.cron']);

    await put('/api/v1/scenarios/1', { run_settings: { concurrency: 1 } });
    const noRecurrence = await schedule(1, true);
    expect(noRecurrence.statusCode).toBe(400);
    expect(expectErrorEnvelope(noRecurrence).details).toEqual([
      {
        field: 'body.run_settings',
        message: 'a schedule needs run_settings.interval_seconds or run_settings.cron',
      },
    ]);

    const notBoolean = await schedule(1, 'yes');
    expect(fieldsOf(expectErrorEnvelope(notBoolean).details)).toEqual(['body.enabled']);
    expect((await schedule(404, true)).statusCode).toBe(404);
  });
});
