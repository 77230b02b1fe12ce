/**
 * `npm run seed` (and `node dist/seed/main.js` in production images): apply pending
 * migrations, then create the example automations and scenarios of examples.ts
 * that are missing. Idempotent: a second run creates nothing.
 *
 * On the embedded database (no DATABASE_URL) stop the API first: PGlite serves one process.
 */
import { loadConfig } from '@tfbench/core/config';
import { migrate, openDatabase } from '@tfbench/core/db';
import { EXAMPLES } from './examples.js';
import { seedExamples } from './seed-examples.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const target = config.database.kind === 'pglite' ? `PGlite in ${config.database.dataDir}` : 'PostgreSQL';
  const db = await openDatabase(config.database);
  try {
    await migrate(db);
    const report = await seedExamples({ db, outbound: config.outbound }, EXAMPLES);
    const { automations, scenarios } = report;
    console.log(
      `seed: ${target}: created ${automations.created.length} automation(s) and ${scenarios.created.length} scenario(s); ` +
        `${automations.existing.length} automation(s) and ${scenarios.existing.length} scenario(s) already existed`,
    );
    for (const name of [...automations.created, ...scenarios.created]) console.log(`  + ${name}`);
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`seed failed: ${message.replace(/\s*\n\s*/g, '; ')}`);
  process.exitCode = 1;
});
