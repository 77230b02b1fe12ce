/**
 * A run's events, stored one row per write (run_event_batches) and read one row per event
 * (the run_events view): what each write keeps, and the migration of events stored before.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { type DatabaseHandle, DEFAULT_MIGRATIONS_FOLDER, migrate, openDatabase } from '../src/db/index.js';
import { queryRows } from '../src/db/rows.js';
import { type NewRunEvent, run_event_batches } from '../src/db/schema.js';
import { insertRunEventsIdempotent, selectRunEvents } from '../src/repositories/run-events.js';
import { createTestDatabaseUrl, describeEachDatabase, requirePostgres } from '../src/testing/index.js';
import { seedAutomation, seedRun, seedScenario } from './seed.js';

const event = (run_id: number, seq: number, type = `E${seq}`): NewRunEvent => ({
  run_id,
  seq,
  type,
  at_ms: seq * 1.5,
  payload: { seq },
});

describeEachDatabase('run event batches', (getDb) => {
  async function twoRuns() {
    const db = getDb();
    const scenario = await seedScenario(db, (await seedAutomation(db)).id);
    return [await seedRun(db, scenario.id), await seedRun(db, scenario.id)] as const;
  }

  async function batchesOf(runId: number) {
    return queryRows<{ first_seq: number; last_seq: number; count: number }>(
      getDb().db,
      sql`select first_seq, last_seq, jsonb_array_length(events)::int as count
          from run_event_batches where run_id = ${runId} order by first_seq`,
    );
  }

  it('stores one row per run and write, read back one row per event in order', async () => {
    const db = getDb();
    const [a, b] = await twoRuns();
    await insertRunEventsIdempotent(db.db, [event(a.id, 1), event(b.id, 1), event(a.id, 2), event(b.id, 2)]);
    await insertRunEventsIdempotent(db.db, [event(a.id, 3), event(a.id, 4)]);
    expect(await batchesOf(a.id)).toEqual([
      { first_seq: 1, last_seq: 2, count: 2 },
      { first_seq: 3, last_seq: 4, count: 2 },
    ]);
    expect(await batchesOf(b.id)).toEqual([{ first_seq: 1, last_seq: 2, count: 2 }]);
    expect((await selectRunEvents(db.db, a.id)).map((e) => [e.seq, e.type, e.at_ms, e.payload])).toEqual([
      [1, 'E1', 1.5, { seq: 1 }],
      [2, 'E2', 3, { seq: 2 }],
      [3, 'E3', 4.5, { seq: 3 }],
      [4, 'E4', 6, { seq: 4 }],
    ]);
  });

  it('keeps only the events after the last one stored: a retry with later events stores just those', async () => {
    const db = getDb();
    const [run] = await twoRuns();
    await insertRunEventsIdempotent(db.db, [event(run.id, 1), event(run.id, 2), event(run.id, 3)]);
    // A write that committed but was reported failed comes back with the events after it.
    await insertRunEventsIdempotent(db.db, [
      event(run.id, 2, 'AGAIN'),
      event(run.id, 3, 'AGAIN'),
      event(run.id, 4),
    ]);
    // The same write once more: nothing is new.
    await insertRunEventsIdempotent(db.db, [
      event(run.id, 2, 'AGAIN'),
      event(run.id, 3, 'AGAIN'),
      event(run.id, 4),
    ]);
    expect((await selectRunEvents(db.db, run.id)).map((e) => [e.seq, e.type])).toEqual([
      [1, 'E1'],
      [2, 'E2'],
      [3, 'E3'],
      [4, 'E4'],
    ]);
    expect(await batchesOf(run.id)).toEqual([
      { first_seq: 1, last_seq: 3, count: 3 },
      { first_seq: 4, last_seq: 4, count: 1 },
    ]);
  });

  it('orders a write by seq and keeps the first of an event given twice', async () => {
    const db = getDb();
    const [run] = await twoRuns();
    await insertRunEventsIdempotent(db.db, [
      event(run.id, 3),
      event(run.id, 1),
      event(run.id, 2),
      event(run.id, 1, 'SECOND'),
    ]);
    expect((await selectRunEvents(db.db, run.id)).map((e) => [e.seq, e.type])).toEqual([
      [1, 'E1'],
      [2, 'E2'],
      [3, 'E3'],
    ]);
    expect(await batchesOf(run.id)).toEqual([{ first_seq: 1, last_seq: 3, count: 3 }]);
  });

  it('refuses a row whose range is backwards', async () => {
    const db = getDb();
    const [run] = await twoRuns();
    await expect(
      db.db.insert(run_event_batches).values({ run_id: run.id, first_seq: 2, last_seq: 1, events: [] }),
    ).rejects.toThrow();
  });
});

/** The migrations folder as it was before event batches: every migration up to `lastTag`. */
async function migrationsUpTo(lastTag: string): Promise<{ folder: string; remove: () => Promise<void> }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'tfbench-migrations-'));
  const folder = path.join(root, 'drizzle');
  await cp(DEFAULT_MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(await readFile(journalPath, 'utf8')) as { entries: Array<{ tag: string }> };
  const last = journal.entries.findIndex((entry) => entry.tag === lastTag);
  expect(last).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, last + 1);
  await writeFile(journalPath, JSON.stringify(journal));
  return { folder, remove: () => rm(root, { recursive: true, force: true }) };
}

async function checkMigration(handle: DatabaseHandle): Promise<void> {
  const before = await migrationsUpTo('0015_config_datasets_benchmark_definitions');
  try {
    await migrate(handle, { migrationsFolder: before.folder });
  } finally {
    await before.remove();
  }
  const scenario = await seedScenario(handle, (await seedAutomation(handle)).id);
  const [run, other] = [await seedRun(handle, scenario.id), await seedRun(handle, scenario.id)];
  await handle.db.execute(sql`
    insert into run_events (run_id, seq, type, at_ms, server_timestamp, payload) values
      (${run.id}, 2, 'PROGRESS', 12.345678901234567, null, '"just text"'::jsonb),
      (${run.id}, 1, 'STARTED', 0.5, '2026-03-04T05:06:07.089Z', '{"a": [1, null]}'::jsonb),
      (${run.id}, 3, 'COMPLETE', 20, null, null),
      (${other.id}, 1, 'STARTED', 1, null, '{}'::jsonb)`);

  expect((await migrate(handle)).applied).toEqual(['0016_run_event_batches']);
  const events = await selectRunEvents(handle.db, run.id);
  expect(events.map(({ created_at: _, ...rest }) => rest)).toEqual([
    {
      run_id: run.id,
      seq: 1,
      type: 'STARTED',
      at_ms: 0.5,
      server_timestamp: new Date('2026-03-04T05:06:07.089Z'),
      payload: { a: [1, null] },
    },
    {
      run_id: run.id,
      seq: 2,
      type: 'PROGRESS',
      at_ms: 12.345678901234567,
      server_timestamp: null,
      payload: 'just text',
    },
    { run_id: run.id, seq: 3, type: 'COMPLETE', at_ms: 20, server_timestamp: null, payload: null },
  ]);
  expect((await selectRunEvents(handle.db, other.id)).map((e) => e.seq)).toEqual([1]);
  // The events of a run moved become one row; new ones are appended after them.
  await insertRunEventsIdempotent(handle.db, [event(run.id, 3), event(run.id, 4)]);
  expect(
    await queryRows<{ run_id: number; first_seq: number; last_seq: number }>(
      handle.db,
      sql`select run_id, first_seq, last_seq from run_event_batches order by run_id, first_seq`,
    ),
  ).toEqual([
    { run_id: run.id, first_seq: 1, last_seq: 3 },
    { run_id: run.id, first_seq: 4, last_seq: 4 },
    { run_id: other.id, first_seq: 1, last_seq: 1 },
  ]);
}

describe('the migration to event batches', () => {
  it('keeps the events stored before it, on the embedded database', async () => {
    const handle = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    try {
      await checkMigration(handle);
    } finally {
      await handle.close();
    }
  });

  it('keeps the events stored before it, on PostgreSQL', async (context) => {
    if (!(await requirePostgres())) context.skip('PostgreSQL is unreachable');
    const database = await createTestDatabaseUrl();
    const handle = await openDatabase({ kind: 'postgres', url: database.url });
    try {
      await checkMigration(handle);
    } finally {
      await handle.close();
      await database.drop();
    }
  });
});
