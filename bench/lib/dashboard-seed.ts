/**
 * A PGlite data folder with many realistic runs for bench/dashboard-lcp.ts: one automation,
 * a few scenarios and `runs` synthetic runs spread over the last `spanHours`, inserted in bulk
 * and added to the rollups, as the engine would have done run by run.
 */
import { migrate, openDatabase } from '@tfbench/core/db';
import { syntheticRuns } from '@tfbench/core/reporting';
import { insertAutomation, insertRunsInBulk, insertScenario } from '@tfbench/core/repositories';
import { rollUpPendingRuns } from '@tfbench/core/rollups';

export interface SeedOptions {
  dataDir: string;
  runs: number;
  scenarios: number;
  /** created_at of the runs falls in [now - spanHours, now). */
  spanHours: number;
  seed: number;
  /** Progress lines. */
  log: (line: string) => void;
}

export interface SeedResult {
  runs: number;
  insertMs: number;
  rollupMs: number;
}

export async function seedDashboardData(options: SeedOptions): Promise<SeedResult> {
  const handle = await openDatabase({ kind: 'pglite', dataDir: options.dataDir });
  try {
    await migrate(handle);
    const automation = await insertAutomation(handle.db, {
      name: 'Bench · product grid',
      provider: 'tinyfish',
      config: { mode: 'sse' },
      default_inputs: { url: 'https://scrapeme.live/shop', goal: 'List the first three products' },
    });
    const scenarioIds: number[] = [];
    for (let i = 1; i <= options.scenarios; i++) {
      const scenario = await insertScenario(handle.db, {
        name: `Bench scenario ${i}`,
        automation_id: automation.id,
        inputs_template: {},
        run_settings: {},
        thresholds: [],
        assertions: [],
      });
      scenarioIds.push(scenario.id);
    }

    const end = Date.now();
    const start = end - options.spanHours * 3_600_000;
    let t = Date.now();
    let inserted = 0;
    for (const batch of syntheticRuns({ runs: options.runs, scenarioIds, start, end, seed: options.seed })) {
      inserted += await insertRunsInBulk(handle.db, batch);
      if (inserted % 20_000 === 0) options.log(`  ${inserted.toLocaleString('en-US')} runs inserted`);
    }
    const insertMs = Date.now() - t;
    t = Date.now();
    const rolled = await rollUpPendingRuns({ db: handle }, { batchSize: 5_000 });
    options.log(`  ${rolled.toLocaleString('en-US')} runs added to the rollups`);
    return { runs: inserted, insertMs, rollupMs: Date.now() - t };
  } finally {
    await handle.close();
  }
}
