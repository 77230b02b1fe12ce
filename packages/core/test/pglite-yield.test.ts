import { count, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { automations, type DatabaseHandle } from '../src/db/index.js';
import { YieldingPGlite } from '../src/db/pglite-yield.js';
import { queryRows } from '../src/db/rows.js';
import { openTestDatabase, resetDatabase, type TestDatabase } from '../src/testing/index.js';

// The embedded PGlite answers in promise continuations on this thread. Without a yield, a
// burst of queries resolves in one microtask drain and no timer or socket callback runs until
// every answer is in (docs/performance.md, "Run engine throughput"). These tests check the property, not speed.
describe('PGlite yields to the event loop between answers', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    handle = database.handle;
  });
  afterAll(async () => {
    await database?.dispose();
  });
  beforeEach(async () => {
    await resetDatabase(handle);
  });

  const BURST = 300;

  it('lets a 5 ms interval timer and an immediate run while a burst of 300 queries and transactions is answered', async () => {
    const { db } = handle;
    let ticks = 0;
    /** The tick count seen as each operation was answered. */
    const ticksAtAnswer: number[] = [];
    let answeredBeforeImmediate = -1;
    const timer = setInterval(() => {
      ticks += 1;
    }, 5);
    try {
      const burst = Array.from({ length: BURST }, async (_, i): Promise<string | number | undefined> => {
        const answer =
          i % 3 === 0
            ? await db.transaction(async (tx) => {
                const [row] = await tx
                  .insert(automations)
                  .values({ name: `burst-${i}` })
                  .returning();
                const [again] = await tx.select().from(automations).where(eq(automations.id, row!.id));
                return again!.name;
              })
            : (await queryRows<{ i: number }>(db, sql`select ${i}::int as i`))[0]?.i;
        ticksAtAnswer.push(ticks);
        return answer;
      });
      // Scheduled after every operation was issued: it runs once the loop gets a turn.
      setImmediate(() => {
        answeredBeforeImmediate = ticksAtAnswer.length;
      });
      const answers = await Promise.all(burst);

      // Results are each operation's own.
      answers.forEach((answer, i) => {
        expect(answer).toBe(i % 3 === 0 ? `burst-${i}` : i);
      });
      const [stored] = await db.select({ n: count() }).from(automations);
      expect(stored!.n).toBe(Math.ceil(BURST / 3));
    } finally {
      clearInterval(timer);
    }

    // The immediate ran before the burst was fully answered (without the yield it runs only
    // after the last answer), and the interval fired between answers, not only after them.
    expect(answeredBeforeImmediate).toBeGreaterThanOrEqual(0);
    expect(answeredBeforeImmediate).toBeLessThan(BURST);
    expect(ticksAtAnswer).toHaveLength(BURST);
    expect(ticksAtAnswer[ticksAtAnswer.length - 1]).toBeGreaterThan(0);
    expect(new Set(ticksAtAnswer).size).toBeGreaterThan(1);
  });

  it('rolls a transaction back when its callback throws, amid concurrent work', async () => {
    const { db } = handle;
    const results = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) =>
        db.transaction(async (tx) => {
          await tx.insert(automations).values({ name: `tx-${i}` });
          await tx.insert(automations).values({ name: `tx-${i}-second` });
          if (i % 4 === 0) throw new Error(`abort ${i}`);
          return i;
        }),
      ),
    );

    results.forEach((result, i) => {
      if (i % 4 === 0) {
        expect(result.status).toBe('rejected');
        expect((result as PromiseRejectedResult).reason).toBeInstanceOf(Error);
        expect(((result as PromiseRejectedResult).reason as Error).message).toBe(`abort ${i}`);
      } else {
        expect(result).toEqual({ status: 'fulfilled', value: i });
      }
    });
    const names = (await db.select({ name: automations.name }).from(automations)).map((row) => row.name);
    const expected = Array.from({ length: 60 }, (_, i) => i)
      .filter((i) => i % 4 !== 0)
      .flatMap((i) => [`tx-${i}`, `tx-${i}-second`]);
    expect(names.sort()).toEqual(expected.sort());
  });

  it("keeps Drizzle's explicit rollback and nested savepoints working", async () => {
    const { db } = handle;

    await expect(
      db.transaction(async (tx) => {
        await tx.insert(automations).values({ name: 'rolled-back' });
        tx.rollback();
      }),
    ).rejects.toThrow(/rollback/i);

    await db.transaction(async (tx) => {
      await tx.insert(automations).values({ name: 'outer' });
      await expect(
        tx.transaction(async (inner) => {
          await inner.insert(automations).values({ name: 'inner' });
          throw new Error('inner fails');
        }),
      ).rejects.toThrow('inner fails');
      await tx.transaction(async (inner) => {
        await inner.insert(automations).values({ name: 'inner-kept' });
      });
    });

    const rows = await db
      .select({ name: automations.name })
      .from(automations)
      .where(inArray(automations.name, ['rolled-back', 'outer', 'inner', 'inner-kept']));
    expect(rows.map((row) => row.name).sort()).toEqual(['inner-kept', 'outer']);
  });

  it('still answers ping and the advisory-lock queue', async () => {
    await handle.ping();
    const order: number[] = [];
    await Promise.all(
      [1, 2, 3].map((n) =>
        handle.withAdvisoryLock(42, async (db) => {
          await db.insert(automations).values({ name: `lock-${n}` });
          order.push(n);
        }),
      ),
    );
    expect(order).toEqual([1, 2, 3]);
  });
});

// A backlog of statements must not run back to back either: the queue is ours, and each
// statement yields when its turn comes (a yield before PGlite's own lock would be passed by
// the whole backlog in one turn of the loop).
describe('PGlite gives the event loop a turn between the statements of a backlog', () => {
  let client: YieldingPGlite | undefined;
  afterAll(async () => {
    await client?.close();
  });

  it('runs a due timer between queued statements instead of after the whole backlog', async () => {
    client = await YieldingPGlite.open();
    const statements = 40;
    let answered = 0;
    let answeredWhenTimerRan = -1;
    const queued = Array.from({ length: statements }, () =>
      client!.query('select count(*) from generate_series(1, 2000)').then(() => {
        answered++;
      }),
    );
    setTimeout(() => {
      answeredWhenTimerRan = answered;
    }, 0);
    await Promise.all(queued);
    expect(answered).toBe(statements);
    // The timer waits for a statement or two, not for forty.
    expect(answeredWhenTimerRan).toBeGreaterThanOrEqual(0);
    expect(answeredWhenTimerRan).toBeLessThanOrEqual(3);
  });

  it('keeps statements in the order they were handed over, through failures and transactions', async () => {
    await client!.exec('create table ordered (n integer)');
    const order: string[] = [];
    await Promise.all([
      client!.query('insert into ordered values (1)').then(() => order.push('insert 1')),
      client!.query('select * from missing_table').catch(() => order.push('failed')),
      client!
        .transaction(async (tx) => {
          await tx.query('insert into ordered values (2)');
          await tx.query('insert into ordered values (3)');
        })
        .then(() => order.push('transaction')),
      client!
        .query<{ n: number }>('select count(*)::int as n from ordered')
        .then((r) => order.push(`count ${r.rows[0]?.n}`)),
    ]);
    expect(order).toEqual(['insert 1', 'failed', 'transaction', 'count 3']);
  });
});
