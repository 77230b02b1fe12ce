/**
 * The rows the series charts draw, from a sweep's `summary.curve` and a search's
 * `summary.saturation`: one row per point or probe, each with the step benchmark it links to.
 */
import type { BenchmarkSummary } from '@tfbench/contract';

export type SweepCurve = NonNullable<BenchmarkSummary['curve']>;
export type Saturation = NonNullable<BenchmarkSummary['saturation']>;

/** The latency a sweep's curve is drawn of. */
export type CurveMetric = 'ttft' | 'total' | 'itl';

export const CURVE_METRICS: ReadonlyArray<{ value: CurveMetric; label: string }> = [
  { value: 'ttft', label: 'Time to first token' },
  { value: 'total', label: 'Total duration' },
  { value: 'itl', label: 'Inter-token latency' },
];

const FIELD_OF: Record<CurveMetric, 'ttft_ms' | 'total_duration_ms' | 'itl_ms'> = {
  ttft: 'ttft_ms',
  total: 'total_duration_ms',
  itl: 'itl_ms',
};

export interface CurveRow {
  /** Offered rate, runs per second: the x of every sweep chart. */
  offered: number;
  benchmarkId: number;
  point: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  achieved: number | null;
  errorRate: number | null;
  attainment: number | null;
  /** The attainment's 95 % interval, as [lower, upper]; null without an SLO. */
  attainmentBand: [number, number] | null;
  goodput: number | null;
}

/** One row per sweep point, lowest offered rate first, with the latency of `metric`. */
export function curveRows(curve: SweepCurve, metric: CurveMetric): CurveRow[] {
  return [...curve]
    .sort((a, b) => a.offered_rate_per_s - b.offered_rate_per_s)
    .map((p) => {
      const latency = p[FIELD_OF[metric]];
      return {
        offered: p.offered_rate_per_s,
        benchmarkId: p.benchmark_id,
        point: p.point,
        p50: latency.p50,
        p95: latency.p95,
        p99: latency.p99,
        achieved: p.achieved_rate_per_s,
        errorRate: p.error_rate,
        attainment: p.attainment?.estimate ?? null,
        attainmentBand: p.attainment ? [p.attainment.lower, p.attainment.upper] : null,
        goodput: p.goodput_per_s,
      };
    });
}

export interface ProbeRow {
  value: number;
  attainment: number;
  /** Distances from the attainment down and up to its interval's bounds, as ErrorBar draws them. */
  interval: [number, number];
  lower: number;
  upper: number;
  verdict: Saturation['probes'][number]['verdict'];
  runs: number;
  good: number;
  /** The probe's last step benchmark: the one whose runs decided it. */
  benchmarkId: number | null;
}

/** The probes that have an attainment, by load; a probe without outcomes has nothing to draw. */
export function probeRows(saturation: Saturation): ProbeRow[] {
  return saturation.probes
    .filter((p) => p.attainment !== null)
    .sort((a, b) => a.value - b.value)
    .map((p) => {
      const attainment = p.attainment as number;
      return {
        value: p.value,
        attainment,
        interval: [Math.max(0, attainment - p.ci[0]), Math.max(0, p.ci[1] - attainment)],
        lower: p.ci[0],
        upper: p.ci[1],
        verdict: p.verdict,
        runs: p.runs,
        good: p.good,
        benchmarkId: p.benchmark_ids.at(-1) ?? null,
      };
    });
}

/** The unit of a search's load, for axes and sentences. */
export function loadUnit(over: Saturation['over']): string {
  return over === 'rate' ? 'runs/s' : 'in flight';
}

/** A load as the charts print it: whole numbers plain, rates to 3 significant digits. */
export function formatLoad(value: number): string {
  return Number.isInteger(value) ? String(value) : `${+value.toPrecision(3)}`;
}

/** The search's result in one sentence: the knee and the bracket it lies in, or why there is none. */
export function describeSaturation(s: Saturation): string {
  const unit = s.over === 'rate' ? 'runs/s' : 'runs in flight';
  const target = `${+(s.target_attainment * 100).toFixed(2)} %`;
  if (s.value === null)
    return s.probes.length === 0
      ? `No probe has finished yet (target attainment ${target}).`
      : `No load probed kept ${target} SLO attainment.`;
  const [, failing] = s.ci;
  const bracket =
    failing === null
      ? `no load up to the most probed failed`
      : `the knee lies between ${formatLoad(s.value)} and ${formatLoad(failing)} ${unit}`;
  return `Saturation: ${formatLoad(s.value)} ${unit} kept ${target} SLO attainment; ${bracket}.`;
}
