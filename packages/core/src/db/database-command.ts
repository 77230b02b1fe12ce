/**
 * What the command-line tools that work on the configured database (migrate, seed, secret
 * rotation, bulk seeding) do alike: name the database in their report, close it whatever
 * happens, and end any failure with one line on stderr and exit code 1.
 */
import { type DatabaseConfig, type DatabaseHandle, openDatabase } from './database.js';

/** The database as a report line names it: `PGlite in <folder>` or `PostgreSQL`. */
export function databaseTarget(database: DatabaseConfig): string {
  return database.kind === 'pglite' ? `PGlite in ${database.dataDir}` : 'PostgreSQL';
}

/** Opens the database, runs `work` on it, and closes it, whether `work` succeeded or not. */
export async function withDatabase<T>(
  database: DatabaseConfig,
  work: (handle: DatabaseHandle) => Promise<T>,
): Promise<T> {
  const handle = await openDatabase(database);
  try {
    return await work(handle);
  } finally {
    await handle.close();
  }
}

/**
 * The failure handler of a command's `main()`: `<command> failed: <message>` on one line
 * (config errors come one line per variable; a script reading stderr wants one) and exit 1.
 *
 * @example
 * main().catch(commandFailed('migrate'));
 */
export function commandFailed(command: string): (error: unknown) => void {
  return (error) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`${command} failed: ${message.replace(/\s*\n\s*/g, '; ')}`);
    process.exitCode = 1;
  };
}
