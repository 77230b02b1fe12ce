/**
 * Applying and inspecting the drizzle-kit migrations in `packages/core/drizzle`. The same
 * SQL files run on PGlite and PostgreSQL, recorded in Drizzle's own bookkeeping table
 * (`drizzle.__drizzle_migrations`), so `drizzle-kit` and these functions agree.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePostgres } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { Database, DatabaseHandle, Executor, Schema } from './database.js';
import { DEFAULT_MIGRATIONS_FOLDER } from './migrations-folder.js';
import { queryRows } from './rows.js';

export { DEFAULT_MIGRATIONS_FOLDER } from './migrations-folder.js';

/** Advisory-lock key that serialises migrations across processes ("tfmg"). */
const MIGRATION_LOCK_KEY = 0x74666d67;

export interface MigrateOptions {
  migrationsFolder?: string;
}

export interface MigrationStatus {
  /** Tags (file names without .sql) of migrations already applied, oldest first. */
  applied: string[];
  /** Tags of migrations this code knows that the database has not applied yet. */
  pending: string[];
  /** True when nothing is pending. */
  current: boolean;
}

export interface MigrateResult {
  /** Tags applied by this call, oldest first; empty when the database was already current. */
  applied: string[];
  status: MigrationStatus;
}

interface JournalEntry {
  tag: string;
  when: number;
}

/**
 * Apply every pending migration, in one transaction, holding a lock so that concurrent
 * starters (several API replicas) cannot apply the same migration twice. Idempotent.
 *
 * @example
 * const { applied } = await migrate(handle); // ['0000_initial_schema'] on a fresh database
 */
export async function migrate(handle: DatabaseHandle, options: MigrateOptions = {}): Promise<MigrateResult> {
  const migrationsFolder = options.migrationsFolder ?? DEFAULT_MIGRATIONS_FOLDER;
  return handle.withAdvisoryLock(MIGRATION_LOCK_KEY, async (db) => {
    const before = await statusOf(db, migrationsFolder);
    if (before.pending.length > 0) await applyWithDrizzle(handle.kind, db, migrationsFolder);
    const after = await statusOf(db, migrationsFolder);
    return { applied: before.pending.filter((tag) => after.applied.includes(tag)), status: after };
  });
}

/** Which migrations the database has and lacks; read-only, for `/health` and the CLI. */
export async function migrationStatus(
  handle: DatabaseHandle,
  options: MigrateOptions = {},
): Promise<MigrationStatus> {
  return statusOf(handle.db, options.migrationsFolder ?? DEFAULT_MIGRATIONS_FOLDER);
}

async function applyWithDrizzle(kind: DatabaseHandle['kind'], db: Database, migrationsFolder: string) {
  // Both drivers' migrators do the same work through the shared dialect; they only differ
  // in the concrete Drizzle class they declare, which `Database` deliberately hides.
  if (kind === 'pglite') {
    await migratePglite(db as unknown as PgliteDatabase<Schema>, { migrationsFolder });
  } else {
    await migrateNodePostgres(db as unknown as NodePgDatabase<Schema>, { migrationsFolder });
  }
}

async function statusOf(db: Executor, migrationsFolder: string): Promise<MigrationStatus> {
  const journal = readJournal(migrationsFolder);
  const lastApplied = await lastAppliedMillis(db);
  // Drizzle's own rule: a migration is applied when its journal time is not after the
  // newest recorded one.
  const applied = journal.filter((e) => lastApplied !== null && e.when <= lastApplied).map((e) => e.tag);
  const pending = journal.filter((e) => lastApplied === null || e.when > lastApplied).map((e) => e.tag);
  return { applied, pending, current: pending.length === 0 };
}

async function lastAppliedMillis(db: Executor): Promise<number | null> {
  const [exists] = await queryRows<{ table: string | null }>(
    db,
    sql`select to_regclass('drizzle.__drizzle_migrations')::text as "table"`,
  );
  if (!exists?.table) return null;
  const [row] = await queryRows<{ last: string | number | null }>(
    db,
    sql`select max(created_at) as "last" from drizzle.__drizzle_migrations`,
  );
  return row?.last === null || row?.last === undefined ? null : Number(row.last);
}

function readJournal(migrationsFolder: string): JournalEntry[] {
  const file = path.join(migrationsFolder, 'meta', '_journal.json');
  let parsed: { entries?: JournalEntry[] };
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as { entries?: JournalEntry[] };
  } catch (error) {
    throw new Error(`cannot read the migrations journal ${file}: ${(error as Error).message}`);
  }
  return [...(parsed.entries ?? [])].sort((a, b) => a.when - b.when);
}
