/**
 * The benchmark's time cut into equal buckets for the over-time charts: per bucket the runs
 * that finished in it (completed and failed, for throughput) and the p50/p95 of the total time
 * of the completed runs that started in it (for latency).
 */
import { percentileOfSorted } from '@tfbench/domain/statistics';
import type { ReportPoint } from './report-runs.js';

export interface TimeBucket {
  /** ms from the first start. */
  fromMs: number;
  toMs: number;
  completed: number;
  failed: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

export interface TimeBuckets {
  /** The first start, ms since the epoch: the charts' time zero. */
  originMs: number;
  spanMs: number;
  stepMs: number;
  buckets: TimeBucket[];
}

/** Bucket widths a reader can name, in ms. */
const STEPS_MS = [
  100, 250, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000,
  1_800_000, 3_600_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000,
];

/** About this many buckets: enough to see a trend, few enough for each to hold some runs. */
const TARGET_BUCKETS = 40;

const OUTCOMES = new Set(['completed', 'failed', 'timeout']);

export function chooseStepMs(spanMs: number, target = TARGET_BUCKETS): number {
  return STEPS_MS.find((step) => spanMs / step <= target) ?? (STEPS_MS.at(-1) as number);
}

/** Null when no run started. */
export function timeBuckets(points: readonly ReportPoint[], target = TARGET_BUCKETS): TimeBuckets | null {
  const first = points[0];
  if (!first) return null;
  const originMs = first.startMs;
  let lastMs = originMs;
  for (const p of points) lastMs = Math.max(lastMs, p.endMs ?? p.startMs);
  const spanMs = Math.max(1, lastMs - originMs);
  const stepMs = chooseStepMs(spanMs, target);
  const count = Math.max(1, Math.ceil(spanMs / stepMs));
  const latencies: number[][] = Array.from({ length: count }, () => []);
  const buckets: TimeBucket[] = latencies.map((_, i) => ({
    fromMs: i * stepMs,
    toMs: (i + 1) * stepMs,
    completed: 0,
    failed: 0,
    p50Ms: null,
    p95Ms: null,
  }));
  const indexOf = (ms: number) => Math.min(count - 1, Math.floor((ms - originMs) / stepMs));
  for (const p of points) {
    if (p.endMs !== null && OUTCOMES.has(p.status)) {
      const bucket = buckets[indexOf(p.endMs)] as TimeBucket;
      if (p.status === 'completed') bucket.completed++;
      else bucket.failed++;
    }
    if (p.status === 'completed' && p.totalMs !== null) latencies[indexOf(p.startMs)]?.push(p.totalMs);
  }
  latencies.forEach((values, i) => {
    values.sort((a, b) => a - b);
    const bucket = buckets[i] as TimeBucket;
    bucket.p50Ms = percentileOfSorted(values, 0.5);
    bucket.p95Ms = percentileOfSorted(values, 0.95);
  });
  return { originMs, spanMs, stepMs, buckets };
}
