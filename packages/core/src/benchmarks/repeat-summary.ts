/**
 * `summary.repeats` of a repeated benchmark: every numeric figure of the repeats' summaries
 * (p95 of total_duration_ms, the success rate's estimate, runs per minute, cost, ...) as the
 * mean across the repeats with its Student-t interval, so run-to-run variation shows as an
 * interval rather than hiding in one lucky or unlucky run (AIPerf's multi-run confidence).
 */
import { type MeanInterval, tInterval } from '@tfbench/domain/statistics';

/** Leaves that describe an interval or a sample size, not a figure to average. */
const NOT_FIGURES = new Set(['lower', 'upper', 'confidence', 'n', 'successes', 'repeats']);

export interface RepeatsSummary {
  /** Repeats asked for. */
  requested: number;
  /** Repeats finished so far (the figures are over these). */
  finished: number;
  /** The benchmarks of the repeats, first to last. */
  benchmark_ids: number[];
  confidence: number;
  /** Keyed by the figure's path in the summary, e.g. `total_duration_ms.p95`. */
  metrics: Record<string, Omit<MeanInterval, 'confidence'>>;
}

/** The numeric leaves of a summary, by dotted path. */
function figuresOf(value: unknown, path: string, into: Map<string, number>): void {
  if (typeof value === 'number' && Number.isFinite(value)) {
    into.set(path, value);
    return;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  for (const [key, inner] of Object.entries(value)) {
    if (NOT_FIGURES.has(key)) continue;
    figuresOf(inner, path ? `${path}.${key}` : key, into);
  }
}

/**
 * Mean ± t-interval across the repeats' summaries, for every figure at least one repeat has.
 *
 * @example
 * summarizeRepeats([{ id: 1, summary: { ttft_ms: { p95: 10 } } }, { id: 2, summary: { ttft_ms: { p95: 14 } } }], 2)
 *   .metrics['ttft_ms.p95']; // { mean: 12, halfwidth: 25.4, ... n: 2 }
 */
export function summarizeRepeats(
  repeats: ReadonlyArray<{ id: number; summary: unknown }>,
  requested: number,
  confidence = 0.95,
): RepeatsSummary {
  const values = new Map<string, number[]>();
  for (const repeat of repeats) {
    const figures = new Map<string, number>();
    figuresOf(repeat.summary, '', figures);
    for (const [path, value] of figures) values.set(path, [...(values.get(path) ?? []), value]);
  }
  const metrics: RepeatsSummary['metrics'] = {};
  for (const [path, sample] of [...values].sort(([a], [b]) => a.localeCompare(b))) {
    const interval = tInterval(sample, confidence);
    if (!interval) continue;
    const { confidence: _confidence, ...figures } = interval;
    metrics[path] = figures;
  }
  return {
    requested,
    finished: repeats.length,
    benchmark_ids: repeats.map((repeat) => repeat.id),
    confidence,
    metrics,
  };
}
