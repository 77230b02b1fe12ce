/**
 * Throwaway PostgreSQL databases for tests and benchmarks: created under a prefix with a random
 * suffix through a maintenance database, and dropped (sessions still on them disconnected)
 * when done. Kept apart from `@tfbench/core/testing`, which loads vitest, so the benchmarks can
 * use it too.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface ScratchDatabase {
  /** Connection URL of the new, empty (unmigrated) database. */
  url: string;
  name: string;
  /** Drops the database, disconnecting any session still on it. Safe to call twice. */
  drop(): Promise<void>;
}

/**
 * @example
 * const database = await createScratchDatabase('postgres://postgres@127.0.0.1:5432/postgres', 'tfbench_bench');
 * // ... finally: await database.drop();
 */
export async function createScratchDatabase(adminUrl: string, prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await withAdminClient(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await withAdminClient(adminUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      );
    },
  };
}

/** Runs `fn` on a short-lived connection to the maintenance database. */
export async function withAdminClient<T>(
  adminUrl: string,
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  // An idle client whose server goes away emits 'error'; without a listener that would crash.
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
