import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  automations,
  migrate,
  migrationStatus,
  openDatabase,
  postgresErrorInfo,
  run_event_batches,
  run_events,
  runs,
  scenarios,
} from '../src/db/index.js';
import { queryRows } from '../src/db/rows.js';
import { insertRunEventsIdempotent } from '../src/repositories/run-events.js';
import { getDatabaseHealth } from '../src/services/index.js';
import { createTestDatabaseUrl, describeEachDatabase, requirePostgres } from '../src/testing/index.js';

/** The PostgreSQL error a statement was rejected with, whether or not Drizzle wrapped it. */
async function postgresErrorOf(promise: Promise<unknown>): Promise<{ code?: string; constraint?: string }> {
  try {
    await promise;
  } catch (error) {
    const info = postgresErrorInfo(error);
    if (!info) throw error;
    return { code: info.code, constraint: info.constraint };
  }
  throw new Error('expected the statement to be rejected');
}

/** Every migration of the folder, in order (the journal drizzle-kit keeps beside the SQL files). */
async function migrationTags(): Promise<string[]> {
  const journal = JSON.parse(
    await readFile(new URL('../drizzle/meta/_journal.json', import.meta.url), 'utf8'),
  ) as { entries: Array<{ tag: string }> };
  return journal.entries.map((entry) => entry.tag);
}

describeEachDatabase('database', (getDb) => {
  async function seedScenario() {
    const { db } = getDb();
    const [automation] = await db.insert(automations).values({ name: 'a' }).returning();
    const [scenario] = await db
      .insert(scenarios)
      .values({ name: 's', automation_id: automation!.id })
      .returning();
    return scenario!;
  }

  describe('migrations', () => {
    it('are all applied and a second run applies nothing', async () => {
      const status = await migrationStatus(getDb());
      expect(status.current).toBe(true);
      expect(status.pending).toEqual([]);
      expect(status.applied).toContain('0000_initial_schema');

      const again = await migrate(getDb());
      expect(again.applied).toEqual([]);
      expect(again.status.applied).toEqual(status.applied);
    });

    it('create every table and the dashboard indexes', async () => {
      const tables = await queryRows<{ table_name: string }>(
        getDb().db,
        sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
      );
      expect(tables.map((t) => t.table_name)).toEqual([
        'alert_deliveries',
        'alerts',
        'api_keys',
        'audit_log',
        'automations',
        'benchmark_definitions',
        'benchmarks',
        'dataset_rows',
        'datasets',
        'run_event_batches',
        'run_events',
        'run_rollups',
        'runs',
        'scenarios',
        'sessions',
        'users',
        'workers',
      ]);
      const indexes = await queryRows<{ indexname: string }>(
        getDb().db,
        sql`select indexname from pg_indexes where tablename = 'runs'`,
      );
      expect(indexes.map((i) => i.indexname)).toEqual(
        expect.arrayContaining([
          'runs_created_at_idx',
          'runs_scenario_id_created_at_idx',
          'runs_status_idx',
          'runs_benchmark_id_idx',
          'runs_upstream_run_id_idx',
        ]),
      );
    });
  });

  describe('health', () => {
    it('reports a reachable database with current migrations', async () => {
      const health = await getDatabaseHealth({ db: getDb() });
      expect(health).toMatchObject({ kind: getDb().kind, reachable: true, error: null });
      expect(health.migrations).toMatchObject({ current: true, pending: [] });
      expect(health.latency_ms).toBeGreaterThanOrEqual(0);
    });
  });

  describe('reset between tests', () => {
    // Two tests in a row: each must see an empty table whose ids restart at 1.
    for (const attempt of [1, 2]) {
      it(`starts ids at 1 again (${attempt})`, async () => {
        const { db } = getDb();
        expect(await db.select().from(automations)).toEqual([]);
        const [row] = await db
          .insert(automations)
          .values({ name: `n${attempt}` })
          .returning();
        expect(row!.id).toBe(1);
      });
    }
  });

  describe('constraints', () => {
    // Each insert breaks one CHECK constraint: a value outside a column's allowed list.
    it.each([
      {
        what: 'a run status',
        insert: (scenarioId: number) =>
          sql`insert into runs (scenario_id, status, inputs) values (${scenarioId}, 'exploded', '{}'::jsonb)`,
        constraint: 'runs_status_check',
      },
      {
        what: 'a run trigger',
        insert: (scenarioId: number) =>
          sql`insert into runs (scenario_id, trigger, inputs) values (${scenarioId}, 'cron', '{}'::jsonb)`,
        constraint: 'runs_trigger_check',
      },
      {
        what: 'an automation provider',
        insert: () => sql`insert into automations (name, provider) values ('x', 'anthropic')`,
        constraint: 'automations_provider_check',
      },
    ])('rejects $what outside the allowed list', async ({ insert, constraint }) => {
      const scenario = await seedScenario();
      const error = await postgresErrorOf(getDb().db.execute(insert(scenario.id)));
      expect(error).toMatchObject({ code: '23514', constraint });
    });

    it('rejects a scenario of a missing automation and a run of a missing scenario', async () => {
      const { db } = getDb();
      expect(
        await postgresErrorOf(db.insert(scenarios).values({ name: 's', automation_id: 42 })),
      ).toMatchObject({ code: '23503' });
      expect(await postgresErrorOf(db.insert(runs).values({ scenario_id: 42, inputs: {} }))).toMatchObject({
        code: '23503',
      });
    });

    it('refuses to delete an automation that still has scenarios', async () => {
      const scenario = await seedScenario();
      const error = await postgresErrorOf(
        getDb().db.delete(automations).where(eq(automations.id, scenario.automation_id)),
      );
      // foreign_key_violation on PostgreSQL 15, restrict_violation on newer servers (PGlite).
      expect(['23503', '23001']).toContain(error.code);
    });

    it('requires inputs on a run and keeps event sequence numbers unique per run', async () => {
      const scenario = await seedScenario();
      const { db } = getDb();
      expect(
        await postgresErrorOf(db.execute(sql`insert into runs (scenario_id) values (${scenario.id})`)),
      ).toMatchObject({ code: '23502' });
      const [run] = await db.insert(runs).values({ scenario_id: scenario.id, inputs: {} }).returning();
      await insertRunEventsIdempotent(db, [{ run_id: run!.id, seq: 1, type: 'STARTED', at_ms: 1.5 }]);
      // A seq already stored is skipped: the first event with it stays.
      await insertRunEventsIdempotent(db, [
        { run_id: run!.id, seq: 1, type: 'X', at_ms: 2 },
        { run_id: run!.id, seq: 2, type: 'PROGRESS', at_ms: 3 },
      ]);
      expect((await db.select().from(run_events)).map((e) => [e.seq, e.type, e.at_ms])).toEqual([
        [1, 'STARTED', 1.5],
        [2, 'PROGRESS', 3],
      ]);
      expect(
        await postgresErrorOf(
          db.insert(run_event_batches).values({ run_id: run!.id, first_seq: 1, last_seq: 1, events: [] }),
        ),
      ).toMatchObject({ code: '23505' });
    });

    it('deletes a run’s events with the run', async () => {
      const scenario = await seedScenario();
      const { db } = getDb();
      const [run] = await db.insert(runs).values({ scenario_id: scenario.id, inputs: {} }).returning();
      await insertRunEventsIdempotent(db, [
        { run_id: run!.id, seq: 1, type: 'STARTED', at_ms: 1 },
        { run_id: run!.id, seq: 2, type: 'COMPLETE', at_ms: 2 },
      ]);
      await db.delete(runs).where(eq(runs.id, run!.id));
      expect(await db.select().from(run_event_batches)).toEqual([]);
    });
  });

  describe('column types', () => {
    it('keeps sub-millisecond durations, JSON and UTC timestamps as written', async () => {
      const scenario = await seedScenario();
      const { db } = getDb();
      const started = new Date('2024-03-01T12:00:00.123Z');
      const [run] = await db
        .insert(runs)
        .values({
          scenario_id: scenario.id,
          inputs: { nested: { list: [1, 'two', null] }, unicode: 'héllo ✓' },
          total_duration_ms: 1234.5678,
          ttft_ms: 0.0421,
          started_at: started,
        })
        .returning();
      const [read] = await db.select().from(runs).where(eq(runs.id, run!.id));
      expect(read!.total_duration_ms).toBe(1234.5678);
      expect(read!.ttft_ms).toBe(0.0421);
      expect(read!.inputs).toEqual({ nested: { list: [1, 'two', null] }, unicode: 'héllo ✓' });
      expect(read!.started_at).toBeInstanceOf(Date);
      expect(read!.started_at!.toISOString()).toBe('2024-03-01T12:00:00.123Z');
      expect(read!.status).toBe('pending');
      expect(read!.trigger).toBe('manual');
      expect(read!.attempts).toEqual([]);
    });
  });
});

describe('opening databases', () => {
  it('keeps an embedded PGlite database in its data folder, creating the folder', async () => {
    const dataDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'tfbench-db-')), 'nested', 'data');
    try {
      const first = await openDatabase({ kind: 'pglite', dataDir });
      expect((await migrate(first)).applied).toEqual(await migrationTags());
      await first.db.insert(automations).values({ name: 'persisted' });
      await first.close();

      const second = await openDatabase({ kind: 'pglite', dataDir });
      try {
        expect((await migrate(second)).applied).toEqual([]);
        expect((await second.db.select().from(automations)).map((a) => a.name)).toEqual(['persisted']);
      } finally {
        await second.close();
      }
    } finally {
      await rm(path.dirname(path.dirname(dataDir)), { recursive: true, force: true });
    }
  });

  it('reports an unreachable PostgreSQL as unhealthy instead of throwing', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const handle = await openDatabase({ kind: 'postgres', url: 'postgres://postgres@127.0.0.1:1/none' });
    try {
      const health = await getDatabaseHealth({ db: handle });
      expect(health).toMatchObject({
        kind: 'postgres',
        reachable: false,
        latency_ms: null,
        migrations: null,
      });
      expect(health.error).toMatch(/ECONNREFUSED/);
    } finally {
      await handle.close();
    }
  });

  it('lets concurrent starters on one PostgreSQL server apply each migration once', async (context) => {
    if (!(await requirePostgres())) context.skip('PostgreSQL is unreachable');
    const database = await createTestDatabaseUrl();
    const handles = await Promise.all(
      [1, 2, 3].map(() => openDatabase({ kind: 'postgres', url: database.url })),
    );
    try {
      const results = await Promise.all(handles.map((handle) => migrate(handle)));
      expect(results.map((r) => r.applied).sort()).toEqual([[], [], await migrationTags()]);
      const [row] = await queryRows<{ applied: number }>(
        handles[0]!.db,
        sql`select count(*)::int as applied from drizzle.__drizzle_migrations`,
      );
      expect(row!.applied).toBe((await migrationTags()).length);
    } finally {
      await Promise.all(handles.map((handle) => handle.close()));
      await database.drop();
    }
  });
});
