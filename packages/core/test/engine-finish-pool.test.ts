/**
 * Storing a run's outcome must not hold a pooled connection while it waits for the run's
 * background event write, which needs a connection of its own: with every connection held by
 * a finishing run, those writes (and every other query) waited until the pool's connect
 * timeout failed them. Found by the engine throughput bench (docs/performance.md). Shown
 * here with a pool of one connection, where one finishing run is enough.
 */
import type { TimedEvent } from '@tfbench/domain/provider';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/index.js';
import { type DatabaseHandle, openDatabase } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { createEngine } from '../src/engine/create-engine.js';
import { runEnqueuer } from '../src/engine/enqueue-run.js';
import { EventWriter } from '../src/engine/event-writer.js';
import { finishRun } from '../src/engine/finish-run.js';
import { notExecuted } from '../src/engine/outcome-columns.js';
import { createEventBus, type EventBus } from '../src/events/index.js';
import { createConcurrencyLimiter, createQueue, type Logger } from '../src/queue/index.js';
import { selectRunEvents } from '../src/repositories/index.js';
import { type CreatedDatabase, createTestDatabaseUrl, requirePostgres } from '../src/testing/index.js';
import { seedAutomation, seedRun, seedScenario, sleep } from './seed.js';

function event(seq: number): TimedEvent {
  return {
    seq,
    type: 'PROGRESS',
    at_ms: seq,
    server_timestamp: null,
    source: 'upstream',
    payload: { type: 'PROGRESS' },
  };
}

describe('finishing a run on a pool of one connection', async () => {
  const ready = await requirePostgres();
  let created: CreatedDatabase | undefined;
  let db: DatabaseHandle | undefined;
  let bus: EventBus | undefined;

  beforeAll(async () => {
    if (!ready) return;
    created = await createTestDatabaseUrl();
    db = await openDatabase({ kind: 'postgres', url: created.url }, { maxConnections: 1 });
    await migrate(db);
    bus = await createEventBus({});
  });
  afterAll(async () => {
    await bus?.close();
    await db?.close();
    await created?.drop();
  });

  it.skipIf(!ready)(
    'lets the background event write land before the outcome transaction takes the connection',
    async () => {
      const handle = db!;
      const warnings: string[] = [];
      const logger: Logger = {
        debug: () => {},
        info: () => {},
        warn: (_obj, msg) => warnings.push(msg ?? ''),
        error: (_obj, msg) => warnings.push(msg ?? ''),
      };
      const queue = createQueue({});
      const limiter = createConcurrencyLimiter({});
      const engine = createEngine({
        db: handle,
        queue,
        bus: bus!,
        providers: {},
        limiter,
        config: loadConfig({ LOG_LEVEL: 'silent' }),
        logger,
        enqueueRun: runEnqueuer(queue),
      });
      const scenario = await seedScenario(handle, (await seedAutomation(handle)).id);
      const run = await seedRun(handle, scenario.id, { status: 'running' });

      // Someone else holds the only connection for a moment.
      // (Drizzle runs a query when it is awaited or then-ed; start it now.)
      const busy = handle.db.execute(sql`select pg_sleep(0.3)`).then(() => undefined);
      await sleep(30);
      const writer = new EventWriter(handle.db, run.id, logger, { intervalMs: 0 });
      writer.push(event(1)); // background batch 1: waits for the connection
      await sleep(30);
      writer.push(event(2)); // background batch 2: chained after batch 1
      await sleep(30);
      const finishing = finishRun(
        engine.context,
        run,
        scenario,
        notExecuted('failed', 'TEST_END', 'ended by the test'),
        {
          writer,
        },
      );
      await busy;
      const result = await finishing;

      expect(result.kind).toBe('finished');
      expect((await selectRunEvents(handle.db, run.id)).map((e) => e.seq)).toEqual([1, 2]);
      // Before the fix, batch 2 waited for the connection the outcome's transaction held,
      // until the pool's connect timeout failed it ("writing run events failed; retrying").
      expect(warnings).toEqual([]);
      await engine.close();
      await queue.close({ graceMs: 0, abortGraceMs: 0 });
      await limiter.close();
    },
  );
});
