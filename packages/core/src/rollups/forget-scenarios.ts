import type { Executor } from '../db/database.js';
import {
  deleteRollupRowsOfScenarios,
  lockRollupRows,
  type RollupKey,
  selectBucketsOfScenarios,
  selectScenarioRowsOfBuckets,
  writeRollupRows,
} from '../repositories/run-rollups.js';
import { ALL_SCENARIOS } from './apply-runs.js';
import { RunTally } from './tally.js';

/**
 * Takes scenarios whose runs are being deleted out of the rollups: their own rows go, and the
 * all-scenarios rows of the buckets they touched are rebuilt from the remaining scenarios'
 * rows (a sketch cannot subtract). Call it inside the transaction that deletes the runs.
 */
export async function forgetScenariosInRollups(tx: Executor, scenarioIds: readonly number[]): Promise<void> {
  if (scenarioIds.length === 0) return;
  const buckets = await selectBucketsOfScenarios(tx, scenarioIds);
  for (let offset = 0; offset < buckets.length; offset += 500) {
    const keys: RollupKey[] = buckets
      .slice(offset, offset + 500)
      .map((bucket) => ({ ...bucket, scenario_id: ALL_SCENARIOS }));
    // Lock the aggregate rows first, as every writer does, then read what remains under them.
    await lockRollupRows(tx, keys);
    const remaining = await selectScenarioRowsOfBuckets(tx, keys, scenarioIds);
    const rebuilt = new Map<string, RunTally>();
    const id = (resolution: string, start: Date) => `${resolution}|${start.toISOString()}`;
    for (const key of keys) rebuilt.set(id(key.resolution, key.bucket_start), new RunTally());
    for (const row of remaining) rebuilt.get(id(row.resolution, row.bucket_start))?.addRow(row);
    await writeRollupRows(
      tx,
      keys.map((key) => ({
        ...key,
        ...(rebuilt.get(id(key.resolution, key.bucket_start)) ?? new RunTally()).toRow(),
      })),
    );
  }
  await deleteRollupRowsOfScenarios(tx, scenarioIds);
}
