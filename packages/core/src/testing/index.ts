/**
 * Test harness for database tests: `@tfbench/core/testing`.
 *
 * Every database test runs once per backend — PGlite in memory and a real PostgreSQL
 * database created for the file and dropped after it — through the same `DatabaseHandle`
 * type the application uses. Between tests the tables are truncated and their identities
 * restarted, so ids start at 1 again.
 *
 * PostgreSQL is reached at `postgres://postgres@127.0.0.1:5432/postgres` unless
 * `TEST_DATABASE_ADMIN_URL` says otherwise. When it is unreachable the PostgreSQL half is
 * skipped with a warning on a developer's machine, and fails the file when `CI=true`.
 *
 * Redis helpers (`requireRedis`, key prefixes and cleanup) live in `redis.ts` and are
 * re-exported here.
 *
 * Besides the config module this folder is the one place that reads `process.env`, and only
 * `CI` and `TEST_DATABASE_ADMIN_URL`.
 */
import { getTableName, is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';
import { pgliteTemplateDir } from '../config/database-config.js';
import { type DatabaseHandle, IN_MEMORY_PGLITE, openDatabase } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import * as schema from '../db/schema.js';
import { createScratchDatabase, type ScratchDatabase, withAdminClient } from '../db/scratch-database.js';
import { redactUrl, skipOrFailUnavailable } from './availability.js';

export { isCi } from './availability.js';
export {
  countRedisKeys,
  deleteRedisKeys,
  requireRedis,
  TEST_REDIS_URL,
  UNREACHABLE_REDIS_URL,
  uniqueRedisPrefix,
} from './redis.js';
export { newSecretBox } from './secrets.js';

export type TestBackend = 'pglite' | 'postgres';

/** The backends every database test runs on, in order. */
export const TEST_BACKENDS: readonly TestBackend[] = ['pglite', 'postgres'];

const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** The maintenance-database URL used to create and drop test databases. */
/**
 * What a test opened and must close whether it passes or not: register each closer as the
 * thing opens; after every test they run, the last opened first, and are forgotten.
 */
export function closeAfterEach(): (close: () => unknown) => void {
  const closers: (() => unknown)[] = [];
  afterEach(async () => {
    for (let close = closers.pop(); close; close = closers.pop()) await close();
  });
  return (close) => {
    closers.push(close);
  };
}

export function testDatabaseAdminUrl(): string {
  const override = process.env.TEST_DATABASE_ADMIN_URL?.trim();
  return override ? override : DEFAULT_ADMIN_URL;
}

/**
 * Declare a suite that runs once per backend. `body` registers tests as inside `describe`;
 * call `getDb()` inside hooks or tests (not at registration time) for the open, migrated
 * handle. Tables are emptied before each test.
 *
 * @example
 * describeEachDatabase('automations', (getDb) => {
 *   it('creates', async () => {
 *     const created = await createAutomation({ db: getDb() }, { name: 'a' });
 *     expect(created.id).toBe(1);
 *   });
 * });
 */
export function describeEachDatabase(
  title: string,
  body: (getDb: () => DatabaseHandle, backend: TestBackend) => void,
): void {
  for (const backend of TEST_BACKENDS) {
    describe(`${title} [${backend}]`, async () => {
      if (backend === 'postgres' && !(await requirePostgres())) {
        describe.skip('PostgreSQL unreachable', () => body(unavailable, backend));
        return;
      }
      let database: TestDatabase | undefined;
      beforeAll(async () => {
        database = await openTestDatabase(backend);
      });
      beforeEach(async () => {
        if (database) await resetDatabase(database.handle);
      });
      afterAll(async () => {
        await database?.dispose();
        database = undefined;
      });
      body(() => {
        if (!database) throw new Error('getDb() was called before the test database was opened');
        return database.handle;
      }, backend);
    });
  }
}

function unavailable(): never {
  throw new Error('PostgreSQL is unavailable');
}

/** An open, migrated test database and the way to get rid of it. */
export interface TestDatabase {
  backend: TestBackend;
  handle: DatabaseHandle;
  /** Closes the handle and, for PostgreSQL, drops the database. Safe to call twice. */
  dispose(): Promise<void>;
}

/**
 * Open a fresh, migrated database on one backend, for suites that manage their own
 * lifecycle. For PostgreSQL, call `requirePostgres()` first to honour the skip/fail rule.
 */
export async function openTestDatabase(backend: TestBackend): Promise<TestDatabase> {
  if (backend === 'pglite') {
    // From the migrated template, as the embedded product opens a fresh folder; migrations
    // themselves are tested on the migrating path (packages/core/test/db.test.ts, PostgreSQL).
    const templateDir = pgliteTemplateDir(process.env);
    const handle = await openDatabase({ kind: 'pglite', dataDir: IN_MEMORY_PGLITE, templateDir });
    await migrate(handle);
    return { backend, handle, dispose: () => handle.close() };
  }
  const created = await createTestDatabaseUrl();
  try {
    const handle = await openDatabase({ kind: 'postgres', url: created.url }, { maxConnections: 4 });
    await migrate(handle);
    return {
      backend,
      handle,
      dispose: async () => {
        await handle.close();
        await created.drop();
      },
    };
  } catch (error) {
    await created.drop();
    throw error;
  }
}

/**
 * Empty every table of the schema and restart its identity, so the next test sees ids from 1.
 * Table names come from the schema, so a new table is covered without touching this file.
 */
export async function resetDatabase(handle: DatabaseHandle): Promise<void> {
  const tables = Object.values(schema as Record<string, unknown>)
    .filter((value): value is PgTable => is(value, PgTable))
    .map((table) => `"${getTableName(table)}"`);
  await handle.db.execute(sql.raw(`TRUNCATE ${tables.join(', ')} RESTART IDENTITY CASCADE`));
}

/** A PostgreSQL database made for one test file (or one spawned process). */
export type CreatedDatabase = ScratchDatabase;

/**
 * Create an empty PostgreSQL database named `tfbench_test_<random>` and return its URL, for
 * tests that hand a `DATABASE_URL` to a child process. Always `drop()` it in `afterAll`.
 *
 * @example
 * const database = await createTestDatabaseUrl();
 * const child = spawn('npx', ['tsx', 'apps/api/src/main.ts'], { env: { ...env, DATABASE_URL: database.url } });
 * // ... afterAll(() => database.drop())
 */
export async function createTestDatabaseUrl(): Promise<CreatedDatabase> {
  return createScratchDatabase(testDatabaseAdminUrl(), 'tfbench_test');
}

let availability: Promise<{ ok: true } | { ok: false; reason: string }> | undefined;

/**
 * Whether PostgreSQL tests can run here. Resolves true when the admin database answers;
 * otherwise warns and resolves false, or — under `CI=true` — rejects with a message naming
 * the URL tried, so that CI fails instead of silently skipping. Probed once per file.
 *
 * @example
 * const postgresReady = await requirePostgres();
 * describe.skipIf(!postgresReady)('api process on PostgreSQL', () => { ... });
 */
export async function requirePostgres(): Promise<boolean> {
  availability ??= probe(testDatabaseAdminUrl());
  const result = await availability;
  if (result.ok) return true;
  return skipOrFailUnavailable(
    'PostgreSQL',
    `PostgreSQL is unreachable at ${redactUrl(testDatabaseAdminUrl())} (${result.reason}); start it or set TEST_DATABASE_ADMIN_URL`,
  );
}

async function probe(adminUrl: string): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    await withAdminClient(adminUrl, (client) => client.query('select 1'));
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: (error as Error).message || String(error) };
  }
}
