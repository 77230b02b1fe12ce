import { PGlite, types } from '@electric-sql/pglite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PreparedStatements } from '../src/db/pglite-statements.js';
import { YieldingPGlite } from '../src/db/pglite-yield.js';

// The embedded database keeps the statements it runs prepared under a name (parsed and planned
// once). What callers see must not change: the same rows, fields, counts and errors as
// PGlite's own query, inside and outside transactions, across schema changes and rollbacks.
describe('PGlite statements prepared once', () => {
  let db: YieldingPGlite;
  /** PGlite's own query path, on a database of its own, for comparison. */
  let plain: PGlite;

  const SCHEMA = `create table items (
      id serial primary key,
      name text not null unique,
      tags text[] not null default '{}',
      doc jsonb,
      amount numeric,
      at timestamptz not null default '2026-01-02T03:04:05.678Z'
    )`;

  beforeAll(async () => {
    db = await YieldingPGlite.open();
    plain = await PGlite.create();
    await db.exec(SCHEMA);
    await plain.exec(SCHEMA);
  });
  afterAll(async () => {
    await db?.close();
    await plain?.close();
  });
  beforeEach(async () => {
    for (const pg of [db, plain]) await pg.exec('truncate items restart identity');
  });

  /** Names of the statements prepared in the backend now. */
  async function preparedNames(): Promise<string[]> {
    const result = await db.query<{ name: string }>('select name from pg_prepared_statements order by name');
    return result.rows.map((row) => row.name);
  }

  const INSERT = 'insert into items (name, tags, doc, amount) values ($1, $2, $3, $4) returning *';
  const SELECT = 'select id, name, tags, doc, amount, at from items where name = any($1) order by id';

  it('returns what PGlite returns: rows, fields, counts, serialized and parsed values, both row modes', async () => {
    const params = ['a', ['x', 'y,z', 'q"uote'], { nested: [1, 'é', null] }, '12.50'];
    const drizzleParsers = { parsers: { [types.TIMESTAMPTZ]: (value: string) => value } };
    for (const options of [undefined, drizzleParsers, { rowMode: 'array' as const }]) {
      await db.exec('truncate items restart identity');
      await plain.exec('truncate items restart identity');
      expect(await db.query(INSERT, params, options)).toEqual(await plain.query(INSERT, params, options));
      expect(await db.query(SELECT, [['a', 'b']], options)).toEqual(
        await plain.query(SELECT, [['a', 'b']], options),
      );
      const update = 'update items set amount = amount + $1 where id > $2';
      expect(await db.query(update, [1, 0], options)).toEqual(await plain.query(update, [1, 0], options));
      const none = 'select id from items where id < 0';
      expect(await db.query(none, [], options)).toEqual(await plain.query(none, [], options));
    }
  });

  it('parses a text once and runs it by name afterwards, in and out of transactions', async () => {
    const before = await preparedNames();
    await db.query(INSERT, ['b', [], null, null]);
    const afterFirst = await preparedNames();
    expect(afterFirst.length).toBe(before.length + 1);
    await db.transaction(async (tx) => {
      await tx.query(INSERT, ['c', [], null, null]);
      await tx.query(INSERT, ['d', [], null, null]);
    });
    await db.query(INSERT, ['e', [], null, null]);
    expect(await preparedNames()).toEqual(afterFirst);
    expect((await db.query(SELECT, [['b', 'c', 'd', 'e']])).rows).toHaveLength(4);
  });

  it('keeps its statements across savepoints, and reads right after a rollback to one', async () => {
    await db.query(INSERT, ['sp-0', [], null, null]);
    const prepared = await preparedNames();
    await db.transaction(async (tx) => {
      await tx.query('savepoint sp1');
      await tx.query(INSERT, ['sp-1', [], null, null]);
      await tx.query('release savepoint sp1');
      await tx.query(INSERT, ['sp-2', [], null, null]);
    });
    // A savepoint changes no schema: nothing was parsed again.
    expect(await preparedNames()).toEqual(prepared);
    // A rollback to one may undo a schema change: the statements prepared meanwhile go.
    await db.transaction(async (tx) => {
      await tx.query('savepoint sp1');
      await tx.query(`alter table items add column gone text not null default 'z'`);
      expect(Object.keys((await tx.query<object>('select * from items limit 1')).rows[0]!)).toContain('gone');
      await tx.query('rollback to savepoint sp1');
      expect(Object.keys((await tx.query<object>('select * from items limit 1')).rows[0]!)).not.toContain(
        'gone',
      );
    });
    expect(
      (await db.query(SELECT, [['sp-0', 'sp-1', 'sp-2']])).rows.map((row) => (row as { name: string }).name),
    ).toEqual(['sp-0', 'sp-1', 'sp-2']);
  });

  it('gives a failed statement PGlite’s error, and the same statement works afterwards', async () => {
    await db.query(INSERT, ['dup', [], null, null]);
    const failure = await db.query(INSERT, ['dup', [], null, null]).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: '23505', query: INSERT, params: ['dup', [], null, null] });
    const plainFailure = await plain
      .query(INSERT, ['dup', [], null, null])
      .then(() => plain.query(INSERT, ['dup', [], null, null]))
      .catch((error: unknown) => error);
    expect((failure as Error).message).toBe((plainFailure as Error).message);
    expect((await db.query(INSERT, ['after', [], null, null])).rows).toHaveLength(1);
  });

  it('rolls back a transaction whose statement failed, keeps what it prepared, and keeps working', async () => {
    await db.query(INSERT, ['kept', [], null, null]);
    const failed = db.transaction(async (tx) => {
      await tx.query(INSERT, ['in-tx', [], null, null]);
      await tx.query('update items set name = $1 where name = $2', ['kept', 'in-tx']);
    });
    await expect(failed).rejects.toMatchObject({ code: '23505' });
    expect(
      (await db.query(SELECT, [['kept', 'in-tx']])).rows.map((row) => (row as { name: string }).name),
    ).toEqual(['kept']);
    // Prepared inside the rolled-back transaction, still there and usable.
    await db.query('update items set name = $1 where name = $2', ['renamed', 'kept']);
    expect((await db.query(SELECT, [['renamed']])).rows).toHaveLength(1);
  });

  it('reads the new columns after a schema change made with exec or a DDL query', async () => {
    const all = 'select * from items order by id';
    await db.query(INSERT, ['s', [], null, null]);
    expect(Object.keys((await db.query<object>(all)).rows[0]!)).not.toContain('extra');
    await db.exec(`alter table items add column extra text not null default 'x'`);
    expect((await db.query<{ extra: string }>(all)).rows[0]!.extra).toBe('x');
    await db.query('alter table items drop column extra');
    expect(Object.keys((await db.query<object>(all)).rows[0]!)).not.toContain('extra');
  });

  it('forgets a statement first prepared while a schema change waited behind it', async () => {
    const all = 'select * from items order by id';
    await db.query(INSERT, ['w', [], null, null]);
    // Issued together: the read is answered (and prepared) first, then the column is added.
    const [before] = await Promise.all([
      db.query<object>(all),
      db.exec(`alter table items add column later text not null default 'y'`),
    ]);
    try {
      expect(Object.keys(before.rows[0]!)).not.toContain('later');
      expect((await db.query<{ later: string }>(all)).rows[0]!.later).toBe('y');
    } finally {
      await db.exec('alter table items drop column later');
    }
  });

  it('keeps at most its capacity of statements prepared, closing the least recently used', async () => {
    const pg = await PGlite.create();
    try {
      const statements = new PreparedStatements(pg, 3);
      const names = async () =>
        (await pg.query<{ name: string }>('select name from pg_prepared_statements')).rows.map(
          (row) => row.name,
        );
      for (let k = 1; k <= 5; k += 1) {
        await statements.run(`select ${k} as k`, [], undefined, false);
        // The first statement stays in use, so it is never the least recently used.
        expect((await statements.run('select $1::int as first', [7], undefined, false)).rows).toEqual([
          { first: 7 },
        ]);
      }
      expect((await names()).length).toBeLessThanOrEqual(4);
      expect((await statements.run('select 5 as k', [], undefined, false)).rows).toEqual([{ k: 5 }]);
      expect((await statements.run('select 1 as k', [], undefined, false)).rows).toEqual([{ k: 1 }]);
      expect((await names()).length).toBeLessThanOrEqual(4);
    } finally {
      await pg.close();
    }
  });

  it('answers as PGlite does once the instance is closed', async () => {
    const closing = await YieldingPGlite.open();
    await closing.query('select $1::int as one', [1]);
    await closing.close();
    await expect(closing.query('select $1::int as one', [1])).rejects.toThrow('PGlite is closed');
  });

  it('leaves statements that are not plain reads or writes to PGlite', () => {
    const statements = new PreparedStatements(db);
    expect(statements.serves('  SELECT 1')).toBe(true);
    expect(statements.serves('with x as (select 1) update items set name = name')).toBe(true);
    expect(statements.serves('create table t (a int)')).toBe(false);
    expect(statements.serves('begin')).toBe(false);
    expect(statements.serves('select 1', { paramTypes: [23] })).toBe(false);
  });
});
