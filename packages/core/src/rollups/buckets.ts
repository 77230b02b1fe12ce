/**
 * Time arithmetic of the rollups: bucket sizes, alignment (UTC, from the epoch, so a day starts
 * at 00:00Z), and the split of a time range into whole rollup buckets plus raw edges.
 */
import type { RollupResolution } from '@tfbench/domain/model';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** The bucket sizes, finest first. */
const BUCKET_LEVELS: ReadonlyArray<{ resolution: RollupResolution; ms: number }> = [
  { resolution: 'minute', ms: MINUTE_MS },
  { resolution: 'hour', ms: HOUR_MS },
  { resolution: 'day', ms: DAY_MS },
];

/** Length of a bucket of each resolution, in ms. */
export const RESOLUTION_MS: Readonly<Record<RollupResolution, number>> = {
  minute: MINUTE_MS,
  hour: HOUR_MS,
  day: DAY_MS,
};

/** Start of the bucket of `size` ms holding instant `ms` (epoch ms). */
export function floorTo(ms: number, size: number): number {
  return Math.floor(ms / size) * size;
}

/** The first bucket boundary of `size` ms at or after `ms`. */
export function ceilTo(ms: number, size: number): number {
  return Math.ceil(ms / size) * size;
}

/**
 * A part of a time range [start, end) in epoch ms: either whole rollup buckets of one
 * resolution, or a stretch read from raw runs. `start` may be -Infinity (no lower bound).
 */
export type RangePiece =
  | { source: 'rollup'; resolution: RollupResolution; start: number; end: number }
  | { source: 'raw'; start: number; end: number };

/**
 * Splits [start, end) into the coarsest whole buckets that fit — days in the middle, hours and
 * minutes towards the edges — and raw stretches for the partial minutes at both ends. The
 * pieces are disjoint, in order, and cover the range exactly, so their sums are the range's.
 * `start` may be -Infinity: then everything before the last whole day comes from day buckets.
 *
 * @example
 * decomposeRange(Date.parse('2024-06-01T10:30:15Z'), Date.parse('2024-06-03T02:00:00Z'));
 * // raw 10:30:15-10:31, minutes to 11:00, hours to 06-02 00:00, one day, hours to 02:00
 */
export function decomposeRange(start: number, end: number): RangePiece[] {
  const pieces: RangePiece[] = [];
  // Level -1 is raw runs; level i is the bucket of BUCKET_LEVELS[i].
  const emit = (level: number, a: number, b: number) => {
    if (!(a < b)) return;
    const resolution = BUCKET_LEVELS[level]?.resolution;
    pieces.push(
      resolution ? { source: 'rollup', resolution, start: a, end: b } : { source: 'raw', start: a, end: b },
    );
  };
  // [a, b) is whole in units of `level`: the whole buckets of the next coarser level go in
  // the middle, its partial ones at both ends stay at this level.
  const split = (a: number, b: number, level: number) => {
    const coarser = BUCKET_LEVELS[level + 1];
    const c1 = coarser ? ceilTo(a, coarser.ms) : a;
    const c2 = coarser ? floorTo(b, coarser.ms) : a;
    if (!(c1 < c2)) return emit(level, a, b);
    emit(level, a, c1);
    split(c1, c2, level + 1);
    emit(level, c2, b);
  };
  if (start < end) split(start, end, -1);
  return pieces;
}

/**
 * Joins touching pieces of the same source and resolution into one interval each, so a query
 * covers e.g. 720 consecutive hours with one range condition.
 */
export function coalescePieces(pieces: readonly RangePiece[]): RangePiece[] {
  const sorted = [...pieces].sort(
    (x, y) => keyOf(x).localeCompare(keyOf(y)) || x.start - y.start || x.end - y.end,
  );
  const out: RangePiece[] = [];
  for (const piece of sorted) {
    const last = out[out.length - 1];
    if (last && keyOf(last) === keyOf(piece) && last.end >= piece.start) {
      last.end = Math.max(last.end, piece.end);
    } else {
      out.push({ ...piece });
    }
  }
  return out;
}

function keyOf(piece: RangePiece): string {
  return piece.source === 'raw' ? 'raw' : piece.resolution;
}
