/**
 * `npm run seed` (and `node dist/seed/main.js` in production images): apply pending
 * migrations, then create the example automations and scenarios of examples.ts
 * that are missing. Idempotent: a second run creates nothing.
 *
 * On the embedded database (no DATABASE_URL) stop the API first: PGlite serves one process.
 */
import { loadConfig } from '@tfbench/core/config';
import { commandFailed, databaseTarget, migrate, withDatabase } from '@tfbench/core/db';
import { EXAMPLES } from './examples.js';
import { seedExamples } from './seed-examples.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const { automations, scenarios } = await withDatabase(config.database, async (db) => {
    await migrate(db);
    return seedExamples({ db, outbound: config.outbound }, EXAMPLES);
  });
  console.log(
    `seed: ${databaseTarget(config.database)}: created ${automations.created.length} automation(s) and ${scenarios.created.length} scenario(s); ` +
      `${automations.existing.length} automation(s) and ${scenarios.existing.length} scenario(s) already existed`,
  );
  for (const name of [...automations.created, ...scenarios.created]) console.log(`  + ${name}`);
}

main().catch(commandFailed('seed'));
