/**
 * Reading tallies for a time range from the rollups: whole buckets from `run_rollups`, the
 * partial minutes at the edges and the runs not rolled up yet from `runs`, all in one
 * snapshot so that no run is counted twice or missed while runs finish concurrently.
 */
import type { RollupResolution } from '@tfbench/domain/model';
import type { Executor } from '../db/database.js';
import {
  type Interval,
  type RollupScope,
  type SketchColumn,
  selectRollupRows,
  selectTallyRuns,
} from '../repositories/run-rollups.js';
import { coalescePieces, decomposeRange, floorTo, type RangePiece } from './buckets.js';
import { RunTally } from './tally.js';

export interface ReadTalliesOptions {
  scope: RollupScope;
  /** Epoch ms, inclusive; -Infinity for no lower bound (only without `bucketMs`). */
  start: number;
  /** Epoch ms, exclusive. */
  end: number;
  /**
   * Width of the output buckets (a multiple of a minute, aligned to the epoch in UTC); one
   * tally for the whole range when absent.
   */
  bucketMs?: number;
  /** The sketches to read; counts are always read. */
  sketches: readonly SketchColumn[];
}

/** Tallies by the start of their output bucket (epoch ms; 0 for the whole range). */
export type TallyMap = Map<number, RunTally>;

/** The pieces to read for the range, split at the output buckets when there are any. */
function piecesOf(options: ReadTalliesOptions): RangePiece[] {
  const { start, end, bucketMs } = options;
  if (bucketMs === undefined) return decomposeRange(start, end);
  if (!Number.isFinite(start)) throw new RangeError('bucketed reads need a finite start');
  const pieces: RangePiece[] = [];
  for (let bucket = floorTo(start, bucketMs); bucket < end; bucket += bucketMs) {
    pieces.push(...decomposeRange(Math.max(bucket, start), Math.min(bucket + bucketMs, end)));
  }
  return coalescePieces(pieces);
}

/**
 * The tallies of the scope's non-warm-up runs created in [start, end), per output bucket.
 * Percentiles read from them are within the sketches' relative accuracy (0.5 %) of the exact
 * ones; counts, rates, error breakdowns, sums and extremes are exact.
 */
export async function readTallies(db: Executor, options: ReadTalliesOptions): Promise<TallyMap> {
  const pieces = piecesOf(options);
  const bucketOf = (ms: number) => (options.bucketMs === undefined ? 0 : floorTo(ms, options.bucketMs));
  const tallies: TallyMap = new Map();
  const tallyAt = (ms: number) => {
    const key = bucketOf(ms);
    let tally = tallies.get(key);
    if (!tally) {
      tally = new RunTally();
      tallies.set(key, tally);
    }
    return tally;
  };

  const byResolution = new Map<RollupResolution, Interval[]>();
  const raw: Interval[] = [];
  const rolled: Interval[] = [];
  for (const piece of coalescePieces(pieces)) {
    const interval = { start: piece.start, end: piece.end };
    if (piece.source === 'raw') {
      raw.push(interval);
    } else {
      byResolution.set(piece.resolution, [...(byResolution.get(piece.resolution) ?? []), interval]);
      rolled.push(interval);
    }
  }

  await db.transaction(
    async (tx) => {
      for (const [resolution, intervals] of byResolution) {
        const rows = await selectRollupRows(tx, resolution, options.scope, intervals, options.sketches);
        for (const row of rows) tallyAt(row.bucket_start.getTime()).addRow(row);
      }
      const edgeRuns = await selectTallyRuns(tx, options.scope, raw, { unrolledOnly: false });
      for (const run of edgeRuns) tallyAt(run.created_at.getTime()).add(run);
      const unrolled = await selectTallyRuns(tx, options.scope, rolled, { unrolledOnly: true });
      for (const run of unrolled) tallyAt(run.created_at.getTime()).add(run);
    },
    // One snapshot: a run that finishes meanwhile is either unrolled here or in a rollup row.
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  return tallies;
}
