import type { RunDetail } from '@tfbench/contract';

type TokenTimeline = NonNullable<RunDetail['token_timeline']>;

/**
 * A tokens-per-second figure without its unit (for a column headed with it), with precision
 * that suits its size.
 *
 * @example
 * formatTokenRate(0.5); // '0.50'
 * formatTokenRate(42.37); // '42.4'
 * formatTokenRate(1234.5); // '1,235'
 */
export function formatTokenRate(perS: number): string {
  if (!Number.isFinite(perS)) return '—';
  const abs = Math.abs(perS);
  const digits = abs < 10 ? 2 : abs < 100 ? 1 : 0;
  return perS.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/**
 * Output speed in tokens per second, with its unit.
 *
 * @example
 * formatTokensPerS(42.37); // '42.4 tok/s'
 */
export function formatTokensPerS(perS: number): string {
  return `${formatTokenRate(perS)} tok/s`;
}

/** One kept chunk arrival: when it came (ms since t0) and how many chunks had come by then. */
export interface TimelinePoint {
  at_ms: number;
  chunks: number;
}

/**
 * The cumulative chunk count over time from a run's sampled chunk arrivals. The timeline keeps
 * each sampled chunk's arrival index, so the count at a kept chunk is exact even though the
 * chunks between two samples are not drawn; points come out in time order.
 *
 * @example
 * cumulativeChunks({ total_chunks: 3, stride: 1, at_ms: [10, 20, 35], index: [0, 1, 2] });
 * // [{ at_ms: 10, chunks: 1 }, { at_ms: 20, chunks: 2 }, { at_ms: 35, chunks: 3 }]
 */
export function cumulativeChunks(timeline: TokenTimeline): TimelinePoint[] {
  const points: TimelinePoint[] = [];
  const n = Math.min(timeline.at_ms.length, timeline.index.length);
  for (let i = 0; i < n; i++) {
    const at = timeline.at_ms[i];
    const index = timeline.index[i];
    if (at === undefined || index === undefined || !Number.isFinite(at)) continue;
    points.push({ at_ms: at, chunks: index + 1 });
  }
  return points.sort((a, b) => a.at_ms - b.at_ms || a.chunks - b.chunks);
}

/**
 * Tokens per chunk on average, when both counts are known: a stream that packs several tokens
 * into a chunk draws a chunk curve below its token count, and the chart says by how much.
 */
export function tokensPerChunk(outputTokens: number | null, chunks: number | null): number | null {
  if (outputTokens === null || chunks === null || chunks <= 0) return null;
  return outputTokens / chunks;
}
