/** The engine's event writer on both databases: batches, order, and no loss when a write fails. */
import type { TimedEvent } from '@tfbench/domain/provider';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { defaultWorkerConcurrency, loadConfig } from '../src/config/index.js';
import { type Database, type DatabaseHandle, runs } from '../src/db/index.js';
import { BatchedRunWrites } from '../src/engine/batched-run-writes.js';
import { EventWriter } from '../src/engine/event-writer.js';
import { engineSettingsFrom } from '../src/engine/index.js';
import { silentLogger } from '../src/queue/index.js';
import { selectRunEvents } from '../src/repositories/index.js';
import { describeEachDatabase } from '../src/testing/index.js';
import { seedAutomation, seedRun, seedScenario, sleep } from './seed.js';

function event(seq: number, type = 'PROGRESS', payload: Record<string, unknown> = {}): TimedEvent {
  return {
    seq,
    type,
    at_ms: seq * 1.5,
    server_timestamp: null,
    source: 'upstream',
    payload: { type, ...payload },
  };
}

/** As the engine finishes a run: background writes settled first, then the rest in the outcome's transaction. */
async function finishInTransaction(db: Database, writer: EventWriter): Promise<void> {
  await writer.stopBackgroundWrites();
  await db.transaction((tx) => writer.finish(tx));
}

/** A pending run and a writer of its events with the default settings. */
async function writerOfNewRun(db: DatabaseHandle) {
  const scenario = await seedScenario(db, (await seedAutomation(db)).id);
  const run = await seedRun(db, scenario.id);
  return { run, writer: new EventWriter(db.db, run.id, silentLogger) };
}

describeEachDatabase('EventWriter', (getDb) => {
  it('stores every event in order, in batches, while the run goes on', async () => {
    const db = getDb();
    const scenario = await seedScenario(db, (await seedAutomation(db)).id);
    const run = await seedRun(db, scenario.id);
    const writer = new EventWriter(db.db, run.id, silentLogger, { intervalMs: 10, batchSize: 50 });
    for (let seq = 1; seq <= 500; seq++) writer.push(event(seq));
    // Written in the background, before the end of the run.
    const deadline = Date.now() + 5_000;
    while ((await selectRunEvents(db.db, run.id)).length < 500 && Date.now() < deadline) await sleep(10);
    expect((await selectRunEvents(db.db, run.id)).map((e) => e.seq)).toEqual(
      Array.from({ length: 500 }, (_, i) => i + 1),
    );
    await finishInTransaction(db.db, writer);
    writer.committed();
    expect(writer.backlog).toBe(0);
  });

  it("shares INSERTs between runs' writers, and a run whose rows are refused holds up no other", async () => {
    const db = getDb();
    const scenario = await seedScenario(db, (await seedAutomation(db)).id);
    const shared = new BatchedRunWrites(db.db, 'test-worker');
    const seeded = await Promise.all(Array.from({ length: 12 }, () => seedRun(db, scenario.id)));
    // The last run is deleted: its events break every INSERT they are part of.
    const gone = seeded.at(-1)!;
    await db.db.delete(runs).where(eq(runs.id, gone.id));
    const writers = seeded.map(
      (run) =>
        new EventWriter(db.db, run.id, silentLogger, {
          intervalMs: 5,
          batchSize: 20,
          maxRetryDelayMs: 50,
          insert: (rows) => shared.insertEvents(rows),
        }),
    );
    for (let seq = 1; seq <= 60; seq++) for (const writer of writers) writer.push(event(seq));
    const live = seeded.slice(0, -1);
    const deadline = Date.now() + 10_000;
    const stored = async () =>
      Promise.all(live.map(async (run) => (await selectRunEvents(db.db, run.id)).map((e) => e.seq)));
    while ((await stored()).some((seqs) => seqs.length < 60) && Date.now() < deadline) await sleep(20);
    for (const seqs of await stored()) expect(seqs).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    // The deleted run's events are kept for a retry, not lost and not stored.
    expect(writers.at(-1)!.backlog).toBeGreaterThan(0);
    // A retry still in flight would otherwise meet the next test's TRUNCATE (a deadlock on
    // PostgreSQL: the INSERT's foreign-key lock against the TRUNCATE's).
    await Promise.all(writers.map((writer) => writer.stopBackgroundWrites()));
    for (const writer of writers) writer.discard();
  });

  it('keeps events whose write failed and writes them, in order, once it can', async () => {
    const db = getDb();
    const scenario = await seedScenario(db, (await seedAutomation(db)).id);
    // Events for run 1 before run 1 exists: every write fails its foreign key until it does.
    const writer = new EventWriter(db.db, 1, silentLogger, { intervalMs: 5, maxRetryDelayMs: 50 });
    for (let seq = 1; seq <= 30; seq++) writer.push(event(seq));
    await sleep(100);
    expect(writer.backlog).toBe(30);
    const run = await seedRun(db, scenario.id);
    expect(run.id).toBe(1);
    for (let seq = 31; seq <= 40; seq++) writer.push(event(seq));
    await finishInTransaction(db.db, writer);
    writer.committed();
    const stored = await selectRunEvents(db.db, run.id);
    expect(stored.map((e) => e.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('stores hostile payloads (NUL characters, unreadable timestamps) instead of blocking the run', async () => {
    const db = getDb();
    const { run, writer } = await writerOfNewRun(db);
    writer.push({ ...event(1, 'PROGRESS', { purpose: 'a\u0000b' }), server_timestamp: 'not a date' });
    writer.push(event(2, 'COMPLETE'));
    await finishInTransaction(db.db, writer);
    const stored = await selectRunEvents(db.db, run.id);
    expect(stored.map((e) => e.type)).toEqual(['PROGRESS', 'COMPLETE']);
    expect(stored[0]?.payload).toEqual({ type: 'PROGRESS', purpose: 'a\ufffdb' });
    expect(stored[0]?.server_timestamp).toBeNull();
  });

  it('refuses to finish inside a transaction while background writes may still be in flight', async () => {
    const db = getDb();
    const { run, writer } = await writerOfNewRun(db);
    writer.push(event(1));
    await expect(db.db.transaction((tx) => writer.finish(tx))).rejects.toThrow(/stopBackgroundWrites/);
    // Nothing lost: the event is still there to store the right way.
    await finishInTransaction(db.db, writer);
    expect((await selectRunEvents(db.db, run.id)).map((e) => e.seq)).toEqual([1]);
  });

  it('writes a repeated (run_id, seq) once, so a retried batch is harmless', async () => {
    const db = getDb();
    const { run, writer } = await writerOfNewRun(db);
    writer.push(event(1));
    writer.push(event(1));
    writer.push(event(2));
    await finishInTransaction(db.db, writer);
    expect((await selectRunEvents(db.db, run.id)).map((e) => e.seq)).toEqual([1, 2]);
  });
});

describe('engine configuration', () => {
  it("has defaults that take over a dead worker's runs within 40 s and exit within 30 s of SIGTERM", () => {
    const config = loadConfig({});
    expect(config.engine).toEqual({
      // Sized to the process (heap, file descriptors), in the thousands: runs are I/O-bound.
      workerConcurrency: defaultWorkerConcurrency(),
      shutdownGraceMs: 20_000,
      lockDurationMs: 30_000,
      stalledIntervalMs: 10_000,
      reconcileIntervalMs: 30_000,
      embeddedWorker: true,
      // Runs are sent from a thread of their own unless TFBENCH_SENDER_THREAD=off.
      senderThread: true,
      // Raised to nice -10 while it holds open arrivals for their send instants.
      senderThreadNice: -10,
    });
    expect(loadConfig({ TFBENCH_SENDER_THREAD: 'off' }).engine.senderThread).toBe(false);
    expect(config.redisPrefix).toBe('tfbench');
    const settings = engineSettingsFrom(config);
    expect(settings.heartbeatIntervalMs).toBe(10_000);
    expect(settings.staleAfterMs).toBe(30_000);
    expect(settings.cancelPollIntervalMs).toBe(500);
    expect(settings.workerId).toMatch(/^.+:\d+:[0-9a-f]{6}$/);
  });

  it('runs no embedded worker with Redis unless told to', () => {
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).engine.embeddedWorker).toBe(false);
    expect(
      loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', EMBEDDED_WORKER: 'true' }).engine.embeddedWorker,
    ).toBe(true);
  });

  it('names each bad engine variable', () => {
    let message = '';
    try {
      loadConfig({
        WORKER_CONCURRENCY: '0',
        WORKER_SHUTDOWN_GRACE_S: '60',
        RUN_LOCK_DURATION_MS: 'soon',
        REDIS_PREFIX: 'a b',
      });
    } catch (error) {
      message = (error as Error).message;
    }
    const lines = message.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines.find((l) => l.startsWith('WORKER_CONCURRENCY="0"'))).toMatch(/between 1 and 10000/);
    expect(lines.find((l) => l.startsWith('WORKER_SHUTDOWN_GRACE_S="60"'))).toMatch(/within 30 s of SIGTERM/);
    expect(lines.find((l) => l.startsWith('RUN_LOCK_DURATION_MS="soon"'))).toMatch(/whole number/);
    expect(lines.find((l) => l.startsWith('REDIS_PREFIX="a b"'))).toMatch(/letters, digits/);
  });
});
