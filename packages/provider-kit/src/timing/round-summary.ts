/** Microsecond rounding of the summaries an outcome carries. */
import type { DelaySummary } from '@tfbench/domain/measurement';
import type { Summary } from '@tfbench/domain/statistics';
import { roundMs } from './clock.js';

/** Every figure rounded to the microsecond: differences of rounded offsets carry float dust. */
export function roundSummary(s: Summary): Summary {
  return {
    count: s.count,
    min: roundOrNull(s.min),
    mean: roundOrNull(s.mean),
    p50: roundOrNull(s.p50),
    p90: roundOrNull(s.p90),
    p95: roundOrNull(s.p95),
    p99: roundOrNull(s.p99),
    max: roundOrNull(s.max),
    stddev: roundOrNull(s.stddev),
  };
}

export function roundDelays(d: DelaySummary): DelaySummary {
  return {
    samples: d.samples,
    mean: roundOrNull(d.mean),
    p50: roundOrNull(d.p50),
    p99: roundOrNull(d.p99),
    max: roundOrNull(d.max),
  };
}

export function roundOrNull(value: number | null): number | null {
  return value === null ? null : roundMs(value);
}
