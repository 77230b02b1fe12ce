/**
 * `npm run seed:bulk -- --runs 1000000`: realistic synthetic runs across 20 scenarios and the
 * last 30 days, in the configured database (DATABASE_URL, or the embedded PGlite folder), with
 * their rollups. For load-testing the dashboard and the analytics (bench/analytics-queries.ts).
 *
 * Flags: --runs N (default 100000), --scenarios N (20), --days N (30), --seed N (1).
 * On the embedded database stop the API first: PGlite serves one process.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '@tfbench/core/config';
import { commandFailed, databaseTarget, migrate, withDatabase } from '@tfbench/core/db';
import { seedBulkRuns } from './seed-bulk-runs.js';

function wholeNumber(name: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const value = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`--${name} must be a whole number of at least ${min}, got ${JSON.stringify(text)}`);
  }
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string' },
      scenarios: { type: 'string' },
      days: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    console.log('npm run seed:bulk -- [--runs 100000] [--scenarios 20] [--days 30] [--seed 1]');
    return;
  }
  const options = {
    runs: wholeNumber('runs', values.runs, 100_000, 1),
    scenarios: wholeNumber('scenarios', values.scenarios, 20, 1),
    days: wholeNumber('days', values.days, 30, 1),
    seed: wholeNumber('seed', values.seed, 1, 0),
  };
  const config = loadConfig();
  const target = databaseTarget(config.database);
  await withDatabase(config.database, async (db) => {
    await migrate(db);
    console.log(
      `seed:bulk: ${target}: ${options.runs.toLocaleString('en-US')} runs, ${options.scenarios} scenarios, ${options.days} days`,
    );
    const started = performance.now();
    const result = await seedBulkRuns(db, { ...options, log: (line) => console.log(line) });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `seed:bulk: ${result.runs.toLocaleString('en-US')} runs (scenarios ${result.scenarioIds[0]}-${result.scenarioIds.at(-1)}) ` +
        `from ${result.start.toISOString()} to ${result.end.toISOString()} and ${result.rollupRows.toLocaleString('en-US')} rollup rows ` +
        `in ${seconds.toFixed(1)} s (inserts ${(result.insertMs / 1000).toFixed(1)} s, rollups ${(result.rollupMs / 1000).toFixed(1)} s)`,
    );
  });
}

main().catch(commandFailed('seed:bulk'));
