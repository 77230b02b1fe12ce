/**
 * Time arithmetic of the rollups: bucket sizes, alignment (UTC, from the epoch, so a day starts
 * at 00:00Z), and the split of a time range into whole rollup buckets plus raw edges.
 */
import type { RollupResolution } from '@tfbench/domain/model';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

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
  const raw = (a: number, b: number) => {
    if (a < b) pieces.push({ source: 'raw', start: a, end: b });
  };
  const rollup = (resolution: RollupResolution, a: number, b: number) => {
    if (a < b) pieces.push({ source: 'rollup', resolution, start: a, end: b });
  };
  if (!(start < end)) return pieces;
  const m1 = ceilTo(start, MINUTE_MS);
  const m2 = floorTo(end, MINUTE_MS);
  if (!(m1 < m2)) {
    raw(start, end);
    return pieces;
  }
  raw(start, m1);
  const h1 = ceilTo(m1, HOUR_MS);
  const h2 = floorTo(m2, HOUR_MS);
  if (!(h1 < h2)) {
    rollup('minute', m1, m2);
  } else {
    rollup('minute', m1, h1);
    const d1 = ceilTo(h1, DAY_MS);
    const d2 = floorTo(h2, DAY_MS);
    if (!(d1 < d2)) {
      rollup('hour', h1, h2);
    } else {
      rollup('hour', h1, d1);
      rollup('day', d1, d2);
      rollup('hour', d2, h2);
    }
    rollup('minute', h2, m2);
  }
  raw(m2, end);
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
