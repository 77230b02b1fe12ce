import { type Summary, summarize } from '../statistics/summarize.js';

/**
 * The gaps, in ms, between consecutive progress events and from the last progress event to
 * the completion event. `progressOffsets` are arrival offsets from t0 in arrival order;
 * `completeOffset` is the arrival of the terminal event, or null when none arrived (a
 * timed-out or broken run), in which case there is no final gap.
 *
 * Heartbeats and other keep-alive events must not be passed in: they say nothing about the
 * work's pace (docs/metrics.md).
 *
 * @example
 * interTokenGaps([100, 250, 400], 1000); // [150, 150, 600]
 * interTokenGaps([100], null); // []
 */
export function interTokenGaps(progressOffsets: readonly number[], completeOffset: number | null): number[] {
  const gaps: number[] = [];
  for (let i = 1; i < progressOffsets.length; i++) {
    gaps.push((progressOffsets[i] as number) - (progressOffsets[i - 1] as number));
  }
  const last = progressOffsets[progressOffsets.length - 1];
  if (last !== undefined && completeOffset !== null) gaps.push(completeOffset - last);
  return gaps;
}

/**
 * {@link summarize} of {@link interTokenGaps}: the inter-token statistics of one run.
 * No progress event gives count 0 and null figures; a single progress event followed by
 * completion gives exactly one gap.
 *
 * @example
 * interTokenStats([100, 250, 400], 1000).p50; // 150
 */
export function interTokenStats(progressOffsets: readonly number[], completeOffset: number | null): Summary {
  return summarize(interTokenGaps(progressOffsets, completeOffset));
}
