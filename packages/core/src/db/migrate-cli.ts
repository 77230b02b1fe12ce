/**
 * `npm run migrate`: apply pending migrations to the configured database and say what was
 * done. Any failure — a bad environment included — ends with one line on stderr and exit 1.
 */
import { loadConfig } from '../config/index.js';
import { openDatabase } from './database.js';
import { migrate } from './migrate.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const target = config.database.kind === 'pglite' ? `PGlite in ${config.database.dataDir}` : 'PostgreSQL';
  // Migrating is this command's whole job: a fresh folder is migrated step by step, never
  // copied from the cached template, so its output lists what it applied.
  const handle = await openDatabase(
    config.database.kind === 'pglite' ? { ...config.database, templateDir: null } : config.database,
  );
  try {
    const { applied, status } = await migrate(handle);
    if (applied.length === 0) {
      console.log(`migrate: ${target} is up to date (${status.applied.length} applied, none pending)`);
    } else {
      console.log(`migrate: applied ${applied.length} migration(s) to ${target}: ${applied.join(', ')}`);
    }
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  // Config errors come one line per variable; keep the whole thing on one line.
  console.error(`migrate failed: ${message.replace(/\s*\n\s*/g, '; ')}`);
  process.exitCode = 1;
});
