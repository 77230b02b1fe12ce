/**
 * Adding finished runs to the rollup rows they belong to: per minute, hour and day of
 * created_at, each for the run's scenario and for all scenarios (scenario_id 0).
 */
import { ROLLUP_RESOLUTIONS } from '@tfbench/domain/model';
import type { Executor } from '../db/database.js';
import {
  lockRollupRows,
  type RolledUpRun,
  type RollupKey,
  type StoredRollupRow,
  writeRollupRows,
} from '../repositories/run-rollups.js';
import { floorTo, RESOLUTION_MS } from './buckets.js';
import { RunTally } from './tally.js';

/** Rollup rows locked and written per statement: each is three (or fourteen) array parameters. */
const ROWS_PER_STATEMENT = 500;

/** scenario_id of the rows that aggregate every scenario. */
export const ALL_SCENARIOS = 0;

/** A rollup key as one sortable string: sorting these sorts keys the way rows are locked. */
export function rollupKeyId(key: RollupKey): string {
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

/** Tallies to add to rollup rows, by {@link rollupKeyId}. */
export type RollupDeltas = Map<string, { key: RollupKey; tally: RunTally }>;

/** Adds a run to the deltas of the six rows it belongs to. */
export function addRunToDeltas(deltas: RollupDeltas, run: Omit<RolledUpRun, 'id'>): void {
  for (const key of rollupKeysOf(run)) {
    const id = rollupKeyId(key);
    let entry = deltas.get(id);
    if (!entry) {
      entry = { key, tally: new RunTally() };
      deltas.set(id, entry);
    }
    entry.tally.add(run);
  }
}

/**
 * Adds the deltas to their rollup rows: the rows are created if missing, locked in key order
 * (concurrent writers never deadlock), merged with the deltas in memory and written back.
 * `rowsPerStatement` bounds each statement (default 500).
 */
export async function mergeDeltasIntoRollups(
  tx: Executor,
  deltas: RollupDeltas,
  rowsPerStatement = ROWS_PER_STATEMENT,
): Promise<void> {
  const ordered = [...deltas.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  // Bounded statements keep each round trip and its memory small. Keys and rows travel as a
  // few array parameters: PGlite 0.5 failed ("bad buffer ID") after statements with
  // thousands of bound parameters.
  for (let offset = 0; offset < ordered.length; offset += rowsPerStatement) {
    const chunk = ordered.slice(offset, offset + rowsPerStatement);
    const stored = await lockRollupRows(
      tx,
      chunk.map(([, entry]) => entry.key),
    );
    const byKey = new Map(stored.map((row) => [rollupKeyId(row), row]));
    const merged = chunk.map(([id, entry]) => {
      const row = byKey.get(id);
      // A row just created holds nothing: the delta is the whole row (the common case for
      // bulk loads, and worth skipping the sketch merges for).
      const tally = row && !isEmptyRow(row) ? new RunTally().addRow(row).merge(entry.tally) : entry.tally;
      return { ...entry.key, ...tally.toRow() };
    });
    await writeRollupRows(tx, merged);
  }
}

function isEmptyRow(row: StoredRollupRow): boolean {
  return (
    row.completed_runs + row.failed_runs + row.timeout_runs + row.cancelled_runs === 0 &&
    row.total_sketch === null &&
    row.ttft_sketch === null &&
    row.itl_sketch === null &&
    row.cost_sketch === null
  );
}

/** Adds `runs` (already marked rolled up in this transaction) to their rollup rows. */
export async function applyRunsToRollups(tx: Executor, runs: readonly RolledUpRun[]): Promise<void> {
  if (runs.length === 0) return;
  const deltas: RollupDeltas = new Map();
  for (const run of runs) addRunToDeltas(deltas, run);
  await mergeDeltasIntoRollups(tx, deltas);
}
