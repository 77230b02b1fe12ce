/**
 * The live workers' capacity as /api/v1/benchmarks sees it: GET /capacity, the warning a
 * benchmark above it gets, and the 409 under strict_capacity. On PGlite and PostgreSQL.
 */
import { runs } from '@tfbench/core/db';
import { upsertWorkerBeat } from '@tfbench/core/repositories';
import { describeEachDatabase } from '@tfbench/core/testing';
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { expectErrorEnvelope, expectFieldErrors, postCreated, postJson, useSeededApp } from './helpers.js';

const BASE = '/api/v1/benchmarks';

describeEachDatabase('benchmarks API: worker capacity', (getDb) => {
  const app = useSeededApp(getDb);

  const create = (body: object) => postCreated(app(), BASE, body);
  /** A benchmark of the README's scenario that must fit the capacity or be refused. */
  const strictly = (settings: { iterations: number; concurrency: number }) =>
    postJson(app(), BASE, { scenario_id: 1, ...settings, strict_capacity: true });

  it("warns when concurrency exceeds the live workers' capacity, refuses it under strict_capacity", async () => {
    // Two live workers (8 + 4 runs at once) and one whose beats stopped long ago.
    await upsertWorkerBeat(getDb().db, 'host:1:live-a', 8);
    await upsertWorkerBeat(getDb().db, 'host:2:live-b', 4);
    await upsertWorkerBeat(getDb().db, 'host:3:gone', 500);
    await getDb().db.execute(
      sql`update workers set heartbeat_at = now() - interval '1 hour' where id = 'host:3:gone'`,
    );
    const capacity = await app().inject({ method: 'GET', url: `${BASE}/capacity` });
    expect(capacity.statusCode, capacity.body).toBe(200);
    expect(capacity.json()).toEqual({ concurrency: 12, workers: 2, max_concurrency: 1000 });

    const fits = await create({ scenario_id: 1, iterations: 1, concurrency: 12, strict_capacity: true });
    expect(fits.warnings).toEqual([]);

    const above = await create({ scenario_id: 1, iterations: 1, concurrency: 13 });
    expect(above.warnings).toEqual([
      {
        code: 'CAPACITY_EXCEEDED',
        message: expect.stringContaining("concurrency 13 exceeds the workers' capacity of 12"),
        requested: 13,
        capacity: 12,
        workers: 2,
      },
    ]);
    expect(above.status).toBe('pending');

    const strict = await strictly({ iterations: 5, concurrency: 200 });
    expect(strict.statusCode).toBe(409);
    const error = expectErrorEnvelope(strict);
    expect(error.code).toBe('CAPACITY_EXCEEDED');
    expect(error.message).toContain('concurrency 200');
    expect(error.message).toContain('capacity of 12');
    expect(error.details).toEqual({ field: 'body.concurrency', requested: 200, capacity: 12, workers: 2 });
    // Refused before anything was stored: the two benchmarks above and their two runs only.
    const [stored] = await getDb()
      .db.select({ n: sql<number>`count(*)::int` })
      .from(runs)
      .where(sql`${runs.benchmark_id} is not null`);
    expect(stored?.n).toBe(2);
    const listed = await app().inject({ method: 'GET', url: BASE });
    expect(listed.headers['x-total-count']).toBe('2');
  });

  it('with no live worker at all, warns that runs wait (and strict refuses naming 0)', async () => {
    const created = await create({ scenario_id: 1, iterations: 1, concurrency: 1 });
    expect(created.warnings).toMatchObject([{ requested: 1, capacity: 0, workers: 0 }]);
    expect(created.warnings[0].message).toContain('no live worker');
    const strict = await strictly({ iterations: 1, concurrency: 1 });
    expect(strict.statusCode).toBe(409);
    expect(expectErrorEnvelope(strict).details).toMatchObject({ requested: 1, capacity: 0, workers: 0 });
  });

  it('answers 400 for hostile strict_capacity and check_dropped_runs values', async () => {
    for (const value of ['yes', 1, {}, [], 'true']) {
      const response = await postJson(app(), BASE, {
        scenario_id: 1,
        iterations: 1,
        concurrency: 1,
        strict_capacity: value,
        check_dropped_runs: value,
      });
      expectFieldErrors(response, ['body.check_dropped_runs', 'body.strict_capacity'], JSON.stringify(value));
    }
    const capacityWithQuery = await app().inject({ method: 'GET', url: `${BASE}/capacity?x=%00` });
    expect(capacityWithQuery.statusCode).toBe(200);
    const listed = await app().inject({ method: 'GET', url: BASE });
    expect(listed.headers['x-total-count']).toBe('0');
  });
});
