/**
 * Opening the database: embedded PGlite in a data folder, or a PostgreSQL server through a
 * node-postgres pool. Both give the same Drizzle type, so repositories and services never
 * know which one they run on.
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import type { Config } from '../config/index.js';
import { discardTemplate, migratedTemplate } from './pglite-template.js';
import { YieldingPGlite } from './pglite-yield.js';
import * as schema from './schema.js';

export type Schema = typeof schema;

/** The Drizzle database both drivers produce; what repositories and services receive. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

/** A transaction opened with `db.transaction(...)`. */
export type Transaction = PgTransaction<PgQueryResultHKT, Schema>;

/** Either of the above: repositories accept both, so a service can group calls in one transaction. */
export type Executor = Database | Transaction;

export type DatabaseConfig = Config['database'];

/** An open database with its lifecycle. Close it exactly once, when the process stops. */
export interface DatabaseHandle {
  db: Database;
  /**
   * The database for reads a request can make expensive (analytics, KPIs, the runs list and
   * export). On PostgreSQL its connections carry `statement_timeout` (option
   * `boundedReadTimeoutMs`), so one such statement cannot hold a connection and a CPU for
   * long; the server cancels it with SQLSTATE 57014 (see `isQueryTimeoutError`). It is a pool
   * of its own so that migrations, bulk inserts and the engine never get that timeout. On
   * PGlite it is `db`: PGlite cannot cancel a statement, so there those reads are bounded by
   * their range and bucket caps alone.
   */
  boundedReads: Database;
  kind: DatabaseConfig['kind'];
  /** Resolves when the database answers a trivial query; rejects with the driver's error. */
  ping(): Promise<void>;
  /**
   * Runs `fn` while holding the advisory lock `key`, on one dedicated connection, so that
   * processes sharing a PostgreSQL server (API replicas, workers) do it one at a time.
   * PGlite belongs to one process, so there the lock is an in-process queue.
   */
  withAdvisoryLock<T>(key: number, fn: (db: Database) => Promise<T>): Promise<T>;
  /** Releases the connections (pool) or closes the embedded instance (PGlite). */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /**
   * Called when an idle pooled PostgreSQL connection fails (server restart, network drop).
   * The pool discards that connection by itself; without a listener node-postgres would
   * crash the process, so a no-op listener is installed when none is given.
   */
  onPoolError?: (error: Error) => void;
  /** Most connections the PostgreSQL pool opens (default 10). */
  maxConnections?: number;
  /** `statement_timeout` of the `boundedReads` connections, in ms (default 10,000). */
  boundedReadTimeoutMs?: number;
}

/** Default `statement_timeout` of the bounded-read connections. */
export const DEFAULT_BOUNDED_READ_TIMEOUT_MS = 10_000;

/**
 * Connections of the bounded-read pool: few, because a handful of heavy reads at once is what
 * a server's CPUs can serve; more would only queue inside PostgreSQL.
 */
const BOUNDED_READ_CONNECTIONS = 4;

/** A PGlite `dataDir` of `memory://` keeps the database in memory (tests). */
export const IN_MEMORY_PGLITE = 'memory://';

/**
 * Open the configured database. Does not migrate: call `migrate(handle)` next.
 *
 * @example
 * const handle = await openDatabase(config.database);
 * await migrate(handle);
 * const rows = await handle.db.select().from(automations);
 * await handle.close();
 */
export async function openDatabase(
  config: DatabaseConfig,
  options: OpenDatabaseOptions = {},
): Promise<DatabaseHandle> {
  return config.kind === 'pglite'
    ? openPglite(config.dataDir, config.templateDir ?? null)
    : openPostgres(config.url, options);
}

async function openPglite(dataDir: string, templateDir: string | null): Promise<DatabaseHandle> {
  const client = await openPgliteClient(dataDir, templateDir);
  const db: Database = drizzlePglite({ client, schema });
  const locks = new Map<number, Promise<unknown>>();
  let closed = false;
  return {
    db,
    boundedReads: db,
    kind: 'pglite',
    ping: async () => {
      await client.query('select 1');
    },
    withAdvisoryLock: async (key, fn) => {
      const previous = locks.get(key) ?? Promise.resolve();
      const current = previous.catch(() => {}).then(() => fn(db));
      locks.set(key, current);
      try {
        return await current;
      } finally {
        if (locks.get(key) === current) locks.delete(key);
      }
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await client.close();
    },
  };
}

/**
 * PGlite runs on this thread and answers in promise continuations; the yielding client lets
 * timers and sockets (a provider client's timestamps) run between its answers instead of
 * after a whole burst of them. See pglite-yield.ts. A fresh database (in memory, or a folder
 * that is empty) starts from the migrated template when `templateDir` is given.
 */
async function openPgliteClient(dataDir: string, templateDir: string | null): Promise<YieldingPGlite> {
  const inMemory = dataDir === IN_MEMORY_PGLITE;
  const folder = inMemory ? undefined : dataDir;
  if (folder) await mkdir(folder, { recursive: true });
  const fresh = inMemory || (await readdir(dataDir)).length === 0;
  const template = fresh && templateDir ? await migratedTemplate(templateDir).catch(() => null) : null;
  if (!template) return YieldingPGlite.open(folder);
  try {
    return await YieldingPGlite.open(folder, template.tarball);
  } catch {
    // An unreadable template (damaged on disk): forget it, and create this database the long
    // way, from an empty folder again; `migrate` then runs every migration.
    await discardTemplate(template);
    if (folder) {
      await rm(folder, { recursive: true, force: true });
      await mkdir(folder, { recursive: true });
    }
    return YieldingPGlite.open(folder);
  }
}

async function openPostgres(url: string, options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    // Fail fast when the server is unreachable instead of hanging the first request.
    connectionTimeoutMillis: 5_000,
  });
  const readPool = new pg.Pool({
    connectionString: url,
    max: BOUNDED_READ_CONNECTIONS,
    connectionTimeoutMillis: 5_000,
    statement_timeout: options.boundedReadTimeoutMs ?? DEFAULT_BOUNDED_READ_TIMEOUT_MS,
  });
  for (const each of [pool, readPool]) each.on('error', options.onPoolError ?? (() => {}));
  const db: Database = drizzlePg({ client: pool, schema });
  let closed = false;
  return {
    db,
    boundedReads: drizzlePg({ client: readPool, schema }),
    kind: 'postgres',
    ping: async () => {
      await pool.query('select 1');
    },
    withAdvisoryLock: async (key, fn) => {
      const connection = await pool.connect();
      try {
        await connection.query('select pg_advisory_lock($1)', [key]);
        try {
          return await fn(drizzlePg({ client: connection, schema }));
        } finally {
          await connection.query('select pg_advisory_unlock($1)', [key]);
        }
      } finally {
        connection.release();
      }
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await Promise.all([pool.end(), readPool.end()]);
    },
  };
}
