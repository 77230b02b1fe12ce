/**
 * SLO attainment in a comparison of two samples: the share of runs with an outcome that met
 * the SLO on each side, compared as a rate (Newcombe's interval of the difference). The SLO is
 * the baseline benchmark's, else the candidate's; scenario windows carry none.
 */
import { compareRates, type RateComparison } from '@tfbench/domain/statistics';
import { countGoodRuns, type RunSlo, type SloRun } from '@tfbench/domain/thresholds';
import type { Executor } from '../db/database.js';
import { selectBenchmarkById } from '../repositories/benchmarks.js';
import type { CompareRunRow } from '../repositories/run-analytics.js';
import type { SampleRef } from './sample-ref.js';

export type AttainmentComparison = RateComparison & { slo: RunSlo };

async function sloOf(db: Executor, ref: SampleRef): Promise<RunSlo | null> {
  if (ref.kind !== 'benchmark') return null;
  const benchmark = await selectBenchmarkById(db, ref.id);
  const slo = benchmark?.settings.slo;
  return slo && typeof slo === 'object' && !Array.isArray(slo) ? (slo as RunSlo) : null;
}

function sloRunOf(row: CompareRunRow): SloRun {
  return {
    status: row.status,
    total_duration_ms: row.total,
    ttft_ms: row.ttft,
    inter_token_stats: { mean: row.itl_mean },
    token_metrics: { tpot_ms: row.tpot_ms },
  };
}

/** Attainment on both sides under the first side's SLO that exists; null when neither has one. */
export async function compareAttainment(
  db: Executor,
  sides: readonly [SampleRef, SampleRef],
  rows: readonly [readonly CompareRunRow[], readonly CompareRunRow[]],
  alpha: number,
): Promise<AttainmentComparison | null> {
  const slo = (await sloOf(db, sides[0])) ?? (await sloOf(db, sides[1]));
  if (!slo) return null;
  const a = countGoodRuns(rows[0].map(sloRunOf), slo);
  const b = countGoodRuns(rows[1].map(sloRunOf), slo);
  return { ...compareRates(a.good, a.n, b.good, b.n, { alpha }), slo };
}
