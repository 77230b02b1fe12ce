/**
 * `npm run migrate`: apply pending migrations to the configured database and say what was
 * done. Any failure — a bad environment included — ends with one line on stderr and exit 1.
 */
import { loadConfig } from '../config/index.js';
import { commandFailed, databaseTarget, withDatabase } from './database-command.js';
import { migrate } from './migrate.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const target = databaseTarget(config.database);
  // Migrating is this command's whole job: a fresh folder is migrated step by step, never
  // copied from the cached template, so its output lists what it applied.
  const database =
    config.database.kind === 'pglite' ? { ...config.database, templateDir: null } : config.database;
  const { applied, status } = await withDatabase(database, migrate);
  if (applied.length === 0) {
    console.log(`migrate: ${target} is up to date (${status.applied.length} applied, none pending)`);
  } else {
    console.log(`migrate: applied ${applied.length} migration(s) to ${target}: ${applied.join(', ')}`);
  }
}

main().catch(commandFailed('migrate'));
