/**
 * /api/v1/alerts through the app, and alerts end to end on a real runtime: runs executed by the
 * embedded worker against the mock TinyFish breach a scheduled scenario's threshold, exactly
 * one notification reaches a real local HTTP receiver, and the alert later resolves.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { insertAlertDelivery, insertFiringAlert, resolveFiringAlert } from '@tfbench/core/repositories';
import { describeEachDatabase, requirePostgres, TEST_BACKENDS } from '@tfbench/core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as live from './engine-helpers.js';
import { eventually, expectErrorEnvelope, fieldsOf, seedReadmeExamples, useApp } from './helpers.js';

describeEachDatabase('alerts API', (getDb) => {
  const app = useApp(getDb);

  beforeEach(async () => {
    await seedReadmeExamples(app());
    const { db } = getDb();
    const older = await insertFiringAlert(db, {
      scenario_id: 1,
      kind: 'threshold',
      rule: 'p95(total_duration_ms) < 1000',
      observed: 2_500,
      last_observed: 2_500,
      n: 20,
      details: { window: { kind: 'runs', size: 20, runs: 20 } },
      fired_at: new Date('2024-06-01T10:00:00Z'),
    });
    await insertAlertDelivery(db, {
      alert_id: older!.id,
      event: 'firing',
      attempt: 1,
      target: 'https://hooks.example.com/…',
      delivered: false,
      http_status: 503,
      error: 'the receiver answered HTTP 503',
      duration_ms: 12.5,
    });
    await insertAlertDelivery(db, {
      alert_id: older!.id,
      event: 'firing',
      attempt: 2,
      target: 'https://hooks.example.com/…',
      delivered: true,
      http_status: 200,
      error: null,
      duration_ms: 8,
    });
    await resolveFiringAlert(db, older!.id, { last_observed: 700, n: 20, details: {} });
    await insertFiringAlert(db, {
      scenario_id: 1,
      kind: 'regression',
      rule: 'regression(total_duration_ms)',
      observed: 1_400,
      last_observed: 1_400,
      n: 30,
      details: { verdict: 'regressed' },
      fired_at: new Date('2024-06-02T10:00:00Z'),
    });
  });

  it('lists current and past alerts, newest first, with filters and notification states', async () => {
    const all = await app().inject({ method: 'GET', url: '/api/v1/alerts' });
    expect(all.statusCode).toBe(200);
    expect(all.headers['x-total-count']).toBe('2');
    const [regression, threshold] = all.json();
    expect(regression).toMatchObject({
      kind: 'regression',
      state: 'firing',
      resolved_at: null,
      notifications: [],
    });
    expect(threshold).toMatchObject({
      kind: 'threshold',
      state: 'resolved',
      fired_at: '2024-06-01T10:00:00.000Z',
      observed: 2_500,
      last_observed: 700,
      notifications: [
        { event: 'firing', delivered: true, attempts: 2, last_http_status: 200, last_error: null },
      ],
    });
    expect(typeof threshold.resolved_at).toBe('string');

    for (const [query, ids] of [
      ['state=firing', [regression.id]],
      ['state=resolved', [threshold.id]],
      ['kind=threshold', [threshold.id]],
      ['scenario_id=1&from=2024-06-02T00:00:00Z', [regression.id]],
      ['to=2024-06-02T00:00:00Z', [threshold.id]],
      ['scenario_id=2', []],
      ['limit=1&skip=1', [threshold.id]],
    ] as const) {
      const response = await app().inject({ method: 'GET', url: `/api/v1/alerts?${query}` });
      expect(
        response.json().map((a: live.Json) => a.id),
        query,
      ).toEqual(ids);
    }
    const bad = await app().inject({ method: 'GET', url: '/api/v1/alerts?state=ok&kind=x' });
    expect(fieldsOf(expectErrorEnvelope(bad).details).sort()).toEqual([
      'querystring.kind',
      'querystring.state',
    ]);
  });

  it('shows one alert with every delivery attempt', async () => {
    const response = await app().inject({ method: 'GET', url: '/api/v1/alerts/1' });
    expect(response.statusCode).toBe(200);
    expect(response.json().deliveries).toEqual([
      expect.objectContaining({
        attempt: 1,
        delivered: false,
        http_status: 503,
        target: 'https://hooks.example.com/…',
      }),
      expect.objectContaining({ attempt: 2, delivered: true, http_status: 200, duration_ms: 8 }),
    ]);
    const missing = await app().inject({ method: 'GET', url: '/api/v1/alerts/99' });
    expect(missing.statusCode).toBe(404);
    expect(expectErrorEnvelope(missing).code).toBe('NOT_FOUND');
  });
  it('acknowledges a firing alert once: 409 the second time and for a resolved one', async () => {
    const ack = (id: string) => app().inject({ method: 'POST', url: `/api/v1/alerts/${id}/acknowledge` });
    const first = await ack('2');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ id: 2, state: 'firing', silenced: false, deliveries: [] });
    expect(Date.parse(first.json().acknowledged_at)).toBeGreaterThan(Date.now() - 60_000);
    const twice = await ack('2');
    expect(twice.statusCode).toBe(409);
    expect(expectErrorEnvelope(twice)).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('acknowledged already'),
    });
    const resolved = await ack('1');
    expect(resolved.statusCode).toBe(409);
    expect(expectErrorEnvelope(resolved).message).toContain('resolved');
    expect((await ack('99')).statusCode).toBe(404);
    for (const id of ['0', 'abc', '-1', '1.5', '99999999999']) {
      const bad = await ack(id);
      expect(bad.statusCode, id).toBe(400);
      expect(fieldsOf(expectErrorEnvelope(bad).details)).toContain('params.id');
    }
    const listed = await app().inject({ method: 'GET', url: '/api/v1/alerts?state=firing' });
    expect(listed.json()[0].acknowledged_at).toBe(first.json().acknowledged_at);
  });

  it('silences for a duration or until resolved, lifts a silence, and refuses bad requests', async () => {
    const silence = (id: string, body: unknown) =>
      app().inject({
        method: 'POST',
        url: `/api/v1/alerts/${id}/silence`,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
    const hour = await silence('2', { duration_s: 3600 });
    expect(hour.statusCode, hour.body).toBe(200);
    expect(hour.json()).toMatchObject({ silenced: true, silenced_until_resolved: false });
    expect(Date.parse(hour.json().silenced_until) - Date.now()).toBeGreaterThan(3_500_000);

    const untilResolved = await silence('2', { until_resolved: true });
    expect(untilResolved.json()).toMatchObject({
      silenced: true,
      silenced_until: null,
      silenced_until_resolved: true,
    });
    // A resolved alert can be silenced for a while (its rule may fire again), not until it resolves.
    expect((await silence('1', { duration_s: 60 })).json()).toMatchObject({ silenced: true });
    const conflict = await silence('1', { until_resolved: true });
    expect(conflict.statusCode).toBe(409);
    expect(expectErrorEnvelope(conflict).code).toBe('CONFLICT');

    const lifted = await app().inject({ method: 'DELETE', url: '/api/v1/alerts/2/silence' });
    expect(lifted.statusCode, lifted.body).toBe(200);
    expect(lifted.json()).toMatchObject({
      silenced: false,
      silenced_until: null,
      silenced_until_resolved: false,
    });
    expect((await app().inject({ method: 'DELETE', url: '/api/v1/alerts/99/silence' })).statusCode).toBe(404);
    expect((await silence('99', { duration_s: 60 })).statusCode).toBe(404);

    for (const [body, field] of [
      [{}, 'body.duration_s'],
      [{ duration_s: 0 }, 'body.duration_s'],
      [{ duration_s: 1.5 }, 'body.duration_s'],
      [{ duration_s: '60' }, 'body.duration_s'],
      [{ duration_s: 31 * 86_400 }, 'body.duration_s'],
      [{ until_resolved: false }, 'body.until_resolved'],
      [{ duration_s: 60, until_resolved: true }, 'body.duration_s'],
      [{ forever: true }, 'body.forever'],
      [null, 'body'],
    ] as const) {
      const bad = await silence('2', body);
      expect(bad.statusCode, JSON.stringify(body)).toBe(400);
      expect(fieldsOf(expectErrorEnvelope(bad).details), JSON.stringify(body)).toContain(field);
    }
    for (const id of ['0', 'abc']) {
      expect((await silence(id, { duration_s: 60 })).statusCode).toBe(400);
      expect((await app().inject({ method: 'DELETE', url: `/api/v1/alerts/${id}/silence` })).statusCode).toBe(
        400,
      );
    }
    // Nothing the refused requests carried was stored.
    expect((await app().inject({ method: 'GET', url: '/api/v1/alerts/2' })).json()).toMatchObject({
      silenced: false,
      silenced_until: null,
    });
  });
});

/** A webhook receiver on loopback that records every body. */
async function startReceiver(): Promise<{ url: string; bodies: live.Json[]; close(): Promise<void> }> {
  const bodies: live.Json[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as live.Json);
      response.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/alerts`,
    bodies,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const postgresReady = await requirePostgres();

for (const backend of TEST_BACKENDS) {
  describe.skipIf(backend === 'postgres' && !postgresReady)(`alerts on a live runtime [${backend}]`, () => {
    let api: live.LiveApi;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;

    beforeAll(async () => {
      receiver = await startReceiver();
      api = await live.startFreshLiveApi(backend, {
        ALERT_WEBHOOK_URL: receiver.url,
        // The receiver listens on loopback, which deliveries refuse unless allowlisted.
        TFBENCH_ALLOWED_OUTBOUND_HOSTS: '127.0.0.1',
      });
    });
    afterAll(async () => {
      await api?.close();
      await receiver?.close();
    });

    async function runToEnd(scenarioId: number): Promise<live.Json> {
      const trigger = await live.postJson(api.base, '/api/v1/runs/trigger', { scenario_id: scenarioId });
      expect(trigger.status).toBe(201);
      return eventually(async () => {
        const { json } = await live.getJson(api.base, `/api/v1/runs/${trigger.json.id}`);
        return ['pending', 'running'].includes(json.status as string) ? undefined : json;
      }, `run ${trigger.json.id}`);
    }

    it('fires once with one notification, then resolves with one more; finished runs are rolled up', async () => {
      const automation = await live.postJson(api.base, '/api/v1/automations', { name: 'shop' });
      const scenario = await live.postJson(api.base, '/api/v1/scenarios', {
        name: 'product list',
        automation_id: automation.json.id,
        inputs_template: { url: 'https://example.com', goal: 'list products', mock: live.FAST_MOCK },
        // A daily schedule: its first tick is a day away, the runs below are triggered by hand.
        run_settings: { interval_seconds: 86_400, alert_window_runs: 3, regression: false },
        thresholds: ['p95(total_duration_ms) < 1 ms'],
      });
      expect(scenario.status).toBe(201);
      const id = scenario.json.id as number;
      expect(
        (await live.postJson(api.base, `/api/v1/scenarios/${id}/schedule`, { enabled: true })).status,
      ).toBe(200);

      const first = await runToEnd(id);
      expect(first.status).toBe('completed');
      await eventually(
        async () => (receiver.bodies.length >= 1 ? true : undefined),
        'the firing notification',
      );
      await runToEnd(id);
      await runToEnd(id);
      // Let any evaluation that could (wrongly) notify again finish.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(receiver.bodies.map((b) => (b.tfbench as live.Json).event)).toEqual(['firing']);
      expect(receiver.bodies[0]).toMatchObject({
        text: expect.stringContaining('FIRING'),
        blocks: expect.any(Array),
      });

      const firing = (await live.getJson(api.base, '/api/v1/alerts?state=firing'))
        .json as unknown as live.Json[];
      expect(firing).toHaveLength(1);
      expect(firing[0]).toMatchObject({
        scenario_id: id,
        rule: 'p95(total_duration_ms) < 1',
        notifications: [expect.objectContaining({ event: 'firing', delivered: true, attempts: 1 })],
      });

      // The scenario's bound is relaxed: the next run resolves the alert.
      const put = await fetch(`${api.base}/api/v1/scenarios/${id}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ thresholds: ['p95(total_duration_ms) < 600s'] }),
      });
      expect(put.status).toBe(200);
      await runToEnd(id);
      await eventually(
        async () => (receiver.bodies.length >= 2 ? true : undefined),
        'the resolved notification',
      );
      expect(receiver.bodies.map((b) => (b.tfbench as live.Json).event)).toEqual(['firing', 'resolved']);
      const alerts = (await live.getJson(api.base, '/api/v1/alerts')).json as unknown as live.Json[];
      expect(alerts.map((a) => a.state)).toEqual(['resolved']);

      // The engine's hook added every finished run to the rollups.
      const runs = (await live.getJson(api.base, `/api/v1/runs?scenario_id=${id}`))
        .json as unknown as live.Json[];
      expect(runs).toHaveLength(4);
      expect(runs.every((run) => typeof run.rolled_up_at === 'string')).toBe(true);
    });
  });
}
