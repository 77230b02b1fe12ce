import type { Benchmark } from '@tfbench/contract';

/** One benchmark of a scenario as a point of its trend: when it ran and its figures. */
export interface TrendPoint {
  /** When it finished (or was created, while it has not), epoch ms: the x axis. */
  t: number;
  id: number;
  name: string | null;
  status: string;
  p50_total: number | null;
  p95_total: number | null;
  p50_ttft: number | null;
  p95_ttft: number | null;
  /** Success rate, 0 to 1; null without runs with an outcome. */
  success: number | null;
  /** Measured runs with an outcome behind the success rate. */
  n: number;
}

/**
 * The trend of a scenario's benchmarks, oldest first: the ones with a summary (finished, or
 * with figures so far), so a benchmark still waiting for its first run draws nothing.
 *
 * @example
 * trendPoints(benchmarks).map((p) => p.p95_total);
 */
export function trendPoints(benchmarks: readonly Benchmark[]): TrendPoint[] {
  const points: TrendPoint[] = [];
  for (const b of benchmarks) {
    const { summary } = b;
    if (!summary) continue;
    const point: TrendPoint = {
      t: Date.parse(b.finished_at ?? b.created_at),
      id: b.id,
      name: b.name,
      status: b.status,
      p50_total: summary.total_duration_ms.p50,
      p95_total: summary.total_duration_ms.p95,
      p50_ttft: summary.ttft_ms.p50,
      p95_ttft: summary.ttft_ms.p95,
      success: summary.success_rate.estimate,
      n: summary.success_rate.n,
    };
    const hasFigures = [point.p50_total, point.p95_total, point.p50_ttft, point.success].some(
      (v) => v !== null,
    );
    if (hasFigures && Number.isFinite(point.t)) points.push(point);
  }
  return points.sort((a, b) => a.t - b.t || a.id - b.id);
}
