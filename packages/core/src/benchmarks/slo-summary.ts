/**
 * The SLO figures of a benchmark's summary: attainment (runs meeting the SLO / runs with an
 * outcome, with its 95 % Wilson interval) and goodput (runs meeting the SLO per second from
 * the first start to the last finish). Recomputed from the stored per-run figures.
 */
import { type ProportionInterval, wilsonInterval } from '@tfbench/domain/statistics';
import { countGoodRuns, measurementWindowS, type RunSlo } from '@tfbench/domain/thresholds';
import type { Executor } from '../db/database.js';
import { selectBenchmarkThresholdRuns } from '../repositories/benchmark-summary.js';

export interface SloSummary {
  /** The bounds judged. */
  slo: RunSlo;
  /** Good runs (successes) of the runs with an outcome (n), with the 95 % Wilson interval. */
  attainment: ProportionInterval & { successes: number; n: number; confidence: 0.95 };
  /** Good runs per second of the measurement window; null before two instants are known. */
  goodput_per_s: number | null;
}

/** The SLO figures of benchmark `benchmarkId`'s measured runs under `slo`. */
export async function computeSloSummary(db: Executor, benchmarkId: number, slo: RunSlo): Promise<SloSummary> {
  const runs = await selectBenchmarkThresholdRuns(db, benchmarkId);
  const { good, n } = countGoodRuns(runs, slo);
  const windowS = measurementWindowS(runs);
  return {
    slo,
    attainment: { ...wilsonInterval(good, n), successes: good, n, confidence: 0.95 },
    goodput_per_s: windowS === null ? null : good / windowS,
  };
}
