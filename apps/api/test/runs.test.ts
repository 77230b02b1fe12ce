/** /api/v1/runs end to end through the app, on PGlite and PostgreSQL. */
import type { DatabaseHandle, Run } from '@tfbench/core/db';
import { benchmarks, runs } from '@tfbench/core/db';
import { createEngine, type EnqueueRun, runEnqueuer } from '@tfbench/core/engine';
import { createEventBus } from '@tfbench/core/events';
import {
  createConcurrencyLimiter,
  createQueue,
  type JobQueue,
  QueueUnavailableError,
  silentLogger,
} from '@tfbench/core/queue';
import { bulkRun, insertRunEventsIdempotent, insertRunsInBulk } from '@tfbench/core/repositories';
import { closeAfterEach, describeEachDatabase } from '@tfbench/core/testing';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { expect, it } from 'vitest';
import { buildApp } from '../src/index.js';
import {
  expectErrorEnvelope,
  expectFieldErrors,
  fieldsOf,
  postJson,
  seedReadmeExamples,
  testConfig,
  useSeededApp,
} from './helpers.js';

const BASE = '/api/v1/runs';

/** Trigger `count` runs of a scenario and return their ids. */
async function trigger(app: FastifyInstance, scenarioId: number, count: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const response = await postJson(app, `${BASE}/trigger`, { scenario_id: scenarioId });
    expect(response.statusCode, response.body).toBe(201);
    ids.push(response.json().id);
  }
  return ids;
}

/** Give a run the outcome the engine would have recorded. */
async function finish(db: DatabaseHandle, id: number, values: Partial<Run>): Promise<void> {
  await db.db.update(runs).set(values).where(eq(runs.id, id));
}

describeEachDatabase('runs API', (getDb) => {
  const app = useSeededApp(getDb);

  it('trigger resolves inputs without an override and accepts null', async () => {
    for (const payload of [{ scenario_id: 1 }, { scenario_id: 1, inputs_override: null }]) {
      const response = await postJson(app(), `${BASE}/trigger`, payload);
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({
        status: 'pending',
        trigger: 'manual',
        inputs: {
          model: 'gpt-4',
          temperature: 0.7,
          prompt: 'What is the capital of France?',
          max_tokens: 100,
        },
        started_at: null,
        total_duration_ms: null,
      });
    }
  });

  it('trigger answers 404 naming scenario_id for an unknown scenario and stores nothing', async () => {
    const response = await postJson(app(), `${BASE}/trigger`, { scenario_id: 12345 });
    expect(response.statusCode).toBe(404);
    const error = expectErrorEnvelope(response);
    expect(error.code).toBe('NOT_FOUND');
    expect(error.details).toMatchObject({ field: 'body.scenario_id' });
    expect((await app().inject({ method: 'GET', url: BASE })).headers['x-total-count']).toBe('1');
  });

  it('trigger names every invalid field', async () => {
    const response = await postJson(app(), `${BASE}/trigger`, {
      scenario_id: '1',
      inputs_override: [],
      trigger: 'schedule',
    });
    expectFieldErrors(response, ['body.inputs_override', 'body.scenario_id', 'body.trigger']);
  });

  it('lists newest first, pages, and counts', async () => {
    await trigger(app(), 1, 4);
    const all = await app().inject({ method: 'GET', url: BASE });
    expect((all.json() as Run[]).map((r) => r.id)).toEqual([5, 4, 3, 2, 1]);
    const page = await app().inject({ method: 'GET', url: `${BASE}?skip=1&limit=2` });
    expect((page.json() as Run[]).map((r) => r.id)).toEqual([4, 3]);
    expect(page.headers['x-total-count']).toBe('5');
  });

  it('pages a long list with the x-next-cursor header, each run once, in order', async () => {
    // As a benchmark creates them: in one statement, sharing a created_at finer than a millisecond.
    const count = 4_500;
    await insertRunsInBulk(
      getDb().db,
      Array.from({ length: count }, () =>
        bulkRun({ scenario_id: 1, created_at: new Date(Date.now() - 60_000) }),
      ),
    );
    await getDb().db.execute(sql`update runs set created_at = created_at + interval '789 microseconds'`);
    const before = await app().inject({ method: 'GET', url: `${BASE}?scenario_id=1&limit=1` });
    const total = Number(before.headers['x-total-count']);
    expect(total).toBeGreaterThanOrEqual(count);
    const seen: number[] = [];
    let url = `${BASE}?scenario_id=1&limit=1000`;
    for (;;) {
      const page = await app().inject({ method: 'GET', url });
      expect(page.statusCode).toBe(200);
      expect(page.headers['x-total-count']).toBe(String(total));
      seen.push(...(page.json() as Run[]).map((r) => r.id));
      const next = page.headers['x-next-cursor'];
      if (typeof next !== 'string') break;
      url = `${BASE}?scenario_id=1&limit=1000&cursor=${next}`;
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    for (const [query, field] of [
      ['cursor=forged!', 'querystring.cursor'],
      [`cursor=${Buffer.from('0.1').toString('base64url')}`, 'querystring.cursor'],
      [`skip=5&cursor=${Buffer.from('5.1').toString('base64url')}`, 'querystring.skip'],
    ] as const) {
      const refused = await app().inject({ method: 'GET', url: `${BASE}?${query}` });
      expect(refused.statusCode, query).toBe(400);
      expect(fieldsOf(expectErrorEnvelope(refused).details)).toEqual([field]);
    }
  });

  it('filters by scenario, automation, status, benchmark and time', async () => {
    await postJson(app(), '/api/v1/automations', { name: 'second' });
    await postJson(app(), '/api/v1/scenarios', { name: 'of second', automation_id: 2 });
    await trigger(app(), 2, 2); // runs 2, 3
    const db = getDb();
    await finish(db, 2, { status: 'completed' });
    const [benchmark] = await db.db.insert(benchmarks).values({ scenario_id: 2 }).returning();
    await finish(db, 3, { benchmark_id: benchmark!.id, created_at: new Date('2020-01-01T00:00:00Z') });

    const ids = async (query: string) => {
      const response = await app().inject({ method: 'GET', url: `${BASE}?${query}` });
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json() as Run[];
      expect(response.headers['x-total-count']).toBe(String(body.length));
      return body.map((r) => r.id);
    };
    expect(await ids('scenario_id=2')).toEqual([2, 3]);
    expect(await ids('automation_id=1')).toEqual([1]);
    expect(await ids('status=completed')).toEqual([2]);
    expect(await ids(`benchmark_id=${benchmark!.id}`)).toEqual([3]);
    expect(await ids('to=2021-01-01T00:00:00Z')).toEqual([3]);
    expect(await ids('from=2021-01-01T00:00:00%2B02:00&scenario_id=2')).toEqual([2]);
    expect(await ids('status=failed')).toEqual([]);
  });

  it('searches by error code, error message, upstream run id and run id, literally', async () => {
    await trigger(app(), 1, 4); // runs 2..5
    const db = getDb();
    await finish(db, 2, { status: 'failed', error_code: 'UPSTREAM_TIMEOUT', error: 'no answer in 30 s' });
    await finish(db, 3, {
      status: 'failed',
      error_code: 'RATE_LIMITED',
      error: 'HTTP 429: 100% of quota_used',
    });
    await finish(db, 4, { status: 'completed', provider: 'tinyfish', upstream_run_id: 'tf_run_ABC123' });
    await finish(db, 5, { status: 'completed', provider: 'tinyfish', upstream_run_id: 'tf_run_x5' });

    const ids = async (q: string, extra = '') => {
      const response = await app().inject({
        method: 'GET',
        url: `${BASE}?q=${encodeURIComponent(q)}${extra}`,
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['x-total-count'], q).toBe(String(response.json().length));
      return (response.json() as Run[]).map((r) => r.id);
    };
    expect(await ids('upstream_timeout')).toEqual([2]);
    expect(await ids('NO ANSWER')).toEqual([2]);
    expect(await ids('abc123')).toEqual([4]);
    expect(await ids('tf_run_')).toEqual([5, 4]);
    // % and _ are matched as themselves, not as wildcards.
    expect(await ids('100%')).toEqual([3]);
    expect(await ids('quota_used')).toEqual([3]);
    expect(await ids('a_b')).toEqual([]);
    expect(await ids('%')).toEqual([3]);
    // A number is an id, and text too: run 3 by id, 2 and 4 by their message and upstream id.
    expect(await ids('3')).toEqual([4, 3, 2]);
    expect(await ids('#5')).toEqual([5]);
    expect(await ids('  #5  ')).toEqual([5]);
    expect(await ids('99999999999')).toEqual([]);
    expect(await ids('')).toEqual([5, 4, 3, 2, 1]);
    expect(await ids("' OR 1=1--")).toEqual([]);
    expect(await ids('tf_run_', '&status=completed&scenario_id=1')).toEqual([5, 4]);
    expect(await ids('RATE', '&status=completed')).toEqual([]);

    const export_ = await app().inject({ method: 'GET', url: `${BASE}/export?format=json&q=abc123` });
    expect(export_.statusCode, export_.body).toBe(200);
    expect((export_.json() as Run[]).map((r) => r.id)).toEqual([4]);

    for (const q of ['x'.repeat(201), 'a\u0000b']) {
      const bad = await app().inject({ method: 'GET', url: `${BASE}?q=${encodeURIComponent(q)}` });
      expect(bad.statusCode).toBe(400);
      expect(fieldsOf(expectErrorEnvelope(bad).details)).toEqual(['querystring.q']);
    }
  });

  it('rejects bad filters naming each', async () => {
    const response = await app().inject({
      method: 'GET',
      url: `${BASE}?status=finished&scenario_id=0&from=yesterday&to=2024-13-01T00:00:00Z&limit=0`,
    });
    expectFieldErrors(response, [
      'querystring.from',
      'querystring.limit',
      'querystring.scenario_id',
      'querystring.status',
      'querystring.to',
    ]);
  });

  it('returns one run with its event timeline in order', async () => {
    await insertRunEventsIdempotent(getDb().db, [
      { run_id: 1, seq: 2, type: 'PROGRESS', at_ms: 812.25, payload: { purpose: 'click' } },
      {
        run_id: 1,
        seq: 1,
        type: 'STARTED',
        at_ms: 120.5,
        server_timestamp: new Date('2025-01-01T00:00:00Z'),
      },
    ]);
    const response = await app().inject({ method: 'GET', url: `${BASE}/1` });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ id: 1, status: 'pending', inputs: { temperature: 0.5 } });
    expect(body.events).toEqual([
      {
        run_id: 1,
        seq: 1,
        type: 'STARTED',
        at_ms: 120.5,
        server_timestamp: '2025-01-01T00:00:00.000Z',
        payload: null,
        created_at: expect.stringMatching(/Z$/),
      },
      {
        run_id: 1,
        seq: 2,
        type: 'PROGRESS',
        at_ms: 812.25,
        server_timestamp: null,
        payload: { purpose: 'click' },
        created_at: expect.stringMatching(/Z$/),
      },
    ]);
    const missing = await app().inject({ method: 'GET', url: `${BASE}/2` });
    expect(missing.statusCode).toBe(404);
    expect(expectErrorEnvelope(missing).code).toBe('NOT_FOUND');
  });

  it('computes the dashboard KPIs over the filtered runs', async () => {
    await trigger(app(), 1, 5); // runs 2..6
    const db = getDb();
    const durations = [100, 200, 300, 400];
    for (const [index, duration] of durations.entries()) {
      await finish(db, index + 1, {
        status: 'completed',
        total_duration_ms: duration,
        ttft_ms: duration / 10,
        inter_token_stats: {
          count: 3,
          min: 1,
          mean: 10 * (index + 1),
          p50: 1,
          p90: 1,
          p95: 1,
          p99: 1,
          max: 1,
          stddev: 0,
        },
      });
    }
    await finish(db, 5, { status: 'failed', total_duration_ms: 99_999 });
    await finish(db, 6, { status: 'cancelled' });

    const response = await app().inject({ method: 'GET', url: `${BASE}/kpis/dashboard?scenario_id=1` });
    expect(response.statusCode, response.body).toBe(200);
    const kpis = response.json();
    expect(kpis).toMatchObject({ total_runs: 6, finished_runs: 5, completed_runs: 4 });
    expect(kpis.success_rate).toBeCloseTo(4 / 5, 10);
    // percentile_cont over 100, 200, 300, 400: linear interpolation between ranks.
    expect(kpis.total_time_stats.p50).toBeCloseTo(250, 6);
    expect(kpis.total_time_stats.p95).toBeCloseTo(385, 6);
    expect(kpis.total_time_stats.p99).toBeCloseTo(397, 6);
    expect(kpis.ttft_stats.p50).toBeCloseTo(25, 6);
    expect(kpis.avg_inter_token_latency).toBeCloseTo(25, 6);
    expect((kpis.recent_runs as Run[]).map((r) => r.id)).toEqual([6, 5, 4, 3, 2, 1]);

    const empty = await app().inject({ method: 'GET', url: `${BASE}/kpis/dashboard?scenario_id=99` });
    expect(empty.json()).toMatchObject({
      total_runs: 0,
      success_rate: null,
      total_time_stats: { p50: null, p95: null, p99: null },
      recent_runs: [],
    });
  });
});

describeEachDatabase('runs API queueing', (getDb) => {
  let app: FastifyInstance | undefined;
  const closeLater = closeAfterEach();

  /** The app with a run engine (no worker) whose runs reach the queue through `enqueueRun`. */
  async function appWithEngine(enqueueRun: (queue: JobQueue) => EnqueueRun): Promise<JobQueue> {
    const queue = createQueue({});
    const bus = await createEventBus({});
    const limiter = createConcurrencyLimiter({});
    const engine = createEngine({
      db: getDb(),
      queue,
      bus,
      providers: {},
      limiter,
      config: testConfig,
      logger: silentLogger,
      enqueueRun: enqueueRun(queue),
    });
    closeLater(async () => {
      await engine.close();
      await queue.close({ graceMs: 0 });
      await limiter.close();
      await bus.close();
    });
    const built = await buildApp({ config: testConfig, db: getDb(), logger: false, engine });
    closeLater(() => built.close());
    app = built;
    return queue;
  }

  it('queues every triggered run through the engine, marked dispatched', async () => {
    const queue = await appWithEngine(runEnqueuer);
    await seedReadmeExamples(app!);
    expect(await queue.counts('run.execute')).toMatchObject({ waiting: 1 });
    const [stored] = await getDb().db.select().from(runs).where(eq(runs.id, 1));
    expect(stored).toMatchObject({ status: 'pending', dispatched_at: expect.any(Date) });
  });

  it('still answers 201 when the queue refuses the run: it stays pending for the reconciler', async () => {
    await appWithEngine(() => async () => {
      throw new QueueUnavailableError('queue down');
    });
    await seedReadmeExamples(app!);
    expect((await app!.inject({ method: 'GET', url: `${BASE}/1` })).json()).toMatchObject({
      status: 'pending',
    });
  });
});
