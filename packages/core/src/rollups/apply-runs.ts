/**
 * Adding finished runs to the rollup rows they belong to: per minute, hour and day of
 * created_at, each for the run's scenario and for all scenarios (scenario_id 0).
 */
import type { Executor } from '../db/database.js';
import { ROLLUP_RESOLUTIONS } from '../domain/index.js';
import {
  lockRollupRows,
  type RolledUpRun,
  type RollupKey,
  writeRollupRows,
} from '../repositories/run-rollups.js';
import { floorTo, RESOLUTION_MS } from './buckets.js';
import { RunTally } from './tally.js';

/** Rollup rows locked and written per statement (see the PGlite note below). */
const ROWS_PER_STATEMENT = 100;

/** scenario_id of the rows that aggregate every scenario. */
export const ALL_SCENARIOS = 0;

function keyString(key: RollupKey): string {
  return `${key.resolution}|${String(key.scenario_id).padStart(10, '0')}|${key.bucket_start.toISOString()}`;
}

/** The six rows a run belongs to. */
export function rollupKeysOf(run: Pick<RolledUpRun, 'scenario_id' | 'created_at'>): RollupKey[] {
  const keys: RollupKey[] = [];
  for (const resolution of ROLLUP_RESOLUTIONS) {
    const bucket_start = new Date(floorTo(run.created_at.getTime(), RESOLUTION_MS[resolution]));
    keys.push({ resolution, scenario_id: ALL_SCENARIOS, bucket_start });
    keys.push({ resolution, scenario_id: run.scenario_id, bucket_start });
  }
  return keys;
}

/**
 * Adds `runs` (already marked rolled up in this transaction) to their rollup rows: the rows
 * are created if missing, locked in key order (concurrent writers never deadlock), merged
 * with the runs' tallies in memory and written back.
 */
export async function applyRunsToRollups(tx: Executor, runs: readonly RolledUpRun[]): Promise<void> {
  if (runs.length === 0) return;
  const deltas = new Map<string, { key: RollupKey; tally: RunTally }>();
  for (const run of runs) {
    for (const key of rollupKeysOf(run)) {
      const id = keyString(key);
      let entry = deltas.get(id);
      if (!entry) {
        entry = { key, tally: new RunTally() };
        deltas.set(id, entry);
      }
      entry.tally.add(run);
    }
  }
  const ordered = [...deltas.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  // Bounded statements: PGlite 0.5 fails ("bad buffer ID") on an upsert of a few hundred
  // rows with large jsonb values; 100 rows per statement stays well clear of that.
  for (let offset = 0; offset < ordered.length; offset += ROWS_PER_STATEMENT) {
    const chunk = ordered.slice(offset, offset + ROWS_PER_STATEMENT);
    const stored = await lockRollupRows(
      tx,
      chunk.map(([, entry]) => entry.key),
    );
    const byKey = new Map(stored.map((row) => [keyString(row), row]));
    const merged = chunk.map(([id, entry]) => {
      const row = byKey.get(id);
      const tally = row ? new RunTally().addRow(row).merge(entry.tally) : entry.tally;
      return { ...entry.key, ...tally.toRow() };
    });
    await writeRollupRows(tx, merged);
  }
}
