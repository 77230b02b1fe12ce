/**
 * The report's sections of a series benchmark (arrival sweep or search), from what its summary
 * stores: a sweep's curve (latency percentiles, achieved rate and error rate / attainment
 * against the offered rate, and a table of its points) or a search's probes and knee. Step
 * benchmarks are named by id (the file links nowhere): `tfbench report ID --html` reports each.
 */
import type { Saturation } from '../../benchmarks/search-plan.js';
import type { CurvePoint, SweepReport } from '../../benchmarks/series-summary.js';
import type { BenchmarkReportHead } from '../benchmark-report.js';
import { html, type SafeHtml } from './escape.js';
import { axisMs, DASH, formatMs, formatNumber, formatPercent, trim } from './format.js';
import { legend, panel } from './panel.js';
import { responsiveChart } from './svg-frame.js';
import { type CurveChart, curveSvg, probesSvg } from './svg-series.js';

type Summary = NonNullable<BenchmarkReportHead['summary']>;
/** What a series' stored summary adds to a benchmark's (core's summary type does not name it). */
type SeriesSummary = Partial<SweepReport> & { saturation?: Saturation };

const perS = (v: number | null | undefined) => (v === null || v === undefined ? DASH : `${trim(v)}/s`);
const percent = (v: number) => `${Math.round(v * 100)}%`;

const PERCENTILE_LEGEND: ReadonlyArray<[string, string]> = [
  ['p50', 'p50'],
  ['p95', 'p95'],
  ['p99', 'p99'],
];

function latencyChart(curve: readonly CurvePoint[], field: 'total_duration_ms' | 'ttft_ms'): CurveChart {
  return {
    xs: curve.map((p) => p.offered_rate_per_s),
    lines: (['p50', 'p95', 'p99'] as const).map((q) => ({ tone: q, values: curve.map((p) => p[field][q]) })),
    yTitle: 'latency',
    yLabel: axisMs,
  };
}

function sweepTable(curve: readonly CurvePoint[]): SafeHtml {
  const rows = curve.map(
    (p) =>
      html`<tr><th>${p.point + 1}</th><td class="num">#${p.benchmark_id}</td><td class="num">${perS(p.offered_rate_per_s)}</td><td class="num">${perS(p.achieved_rate_per_s)}</td><td class="num">${formatMs(p.ttft_ms.p95)}</td><td class="num">${formatMs(p.total_duration_ms.p50)}</td><td class="num">${formatMs(p.total_duration_ms.p95)}</td><td class="num">${formatMs(p.total_duration_ms.p99)}</td><td class="num">${formatPercent(p.error_rate)}</td><td class="num">${formatPercent(p.attainment?.estimate)}</td><td class="num">${formatNumber(p.goodput_per_s)}</td></tr>`,
  );
  return html`<div class="table-scroll"><table class="row-headed"><thead><tr><th>Point</th><th class="num">benchmark</th><th class="num">offered</th><th class="num">achieved</th><th class="num">TTFT p95</th><th class="num">total p50</th><th class="num">total p95</th><th class="num">total p99</th><th class="num">errors</th><th class="num">attainment</th><th class="num">goodput/s</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function sweepSections(summary: SeriesSummary): SafeHtml {
  const curve = [...(summary.curve ?? [])].sort((a, b) => a.offered_rate_per_s - b.offered_rate_per_s);
  const sweep = summary.sweep;
  const hint = sweep
    ? `${sweep.points_finished} of ${sweep.points} points of ${sweep.duration_s_per_point} s. Synchronous probe (benchmark #${sweep.synchronous_benchmark_id ?? DASH}): ${perS(sweep.min_rate_per_s)}; throughput probe (#${sweep.throughput_benchmark_id ?? DASH}): ${perS(sweep.max_rate_per_s)}.${sweep.error ? ` The sweep stopped: ${sweep.error}.` : ''}`
    : undefined;
  if (curve.length === 0)
    return html`<div class="grid">${panel('Sweep', html`<p class="empty">No point of the sweep finished.</p>`, { wide: true, hint, id: 'sweep' })}</div>`;
  const xs = curve.map((p) => p.offered_rate_per_s);
  const hasSlo = curve.some((p) => p.attainment !== null);
  const quality: CurveChart = {
    xs,
    lines: [
      { tone: 'failed', values: curve.map((p) => p.error_rate) },
      ...(hasSlo
        ? [
            {
              tone: 'attainment',
              values: curve.map((p) => p.attainment?.estimate ?? null),
              intervals: curve.map((p) =>
                p.attainment ? ([p.attainment.lower, p.attainment.upper] as const) : null,
              ),
            },
          ]
        : []),
    ],
    yTitle: 'share',
    yLabel: percent,
    yMax: 1,
  };
  const achieved: CurveChart = {
    xs,
    lines: [{ tone: 'total', values: curve.map((p) => p.achieved_rate_per_s) }],
    yTitle: 'runs/s',
    yLabel: trim,
    diagonal: true,
  };
  const chart = (label: string, spec: CurveChart) => responsiveChart(label, (size) => curveSvg(spec, size));
  return html`<div class="grid">${panel('Sweep', sweepTable(curve), { wide: true, hint, id: 'sweep' })}${panel(
    'Total time against load',
    html`${chart('Total time p50, p95 and p99 against the offered rate', latencyChart(curve, 'total_duration_ms'))}${legend(PERCENTILE_LEGEND)}`,
    { hint: 'Each point is a constant-rate step benchmark.', id: 'sweep-total' },
  )}${panel(
    'Time to first token against load',
    html`${chart('Time to first token p50, p95 and p99 against the offered rate', latencyChart(curve, 'ttft_ms'))}${legend(PERCENTILE_LEGEND)}`,
    { id: 'sweep-ttft' },
  )}${panel(
    'Achieved against offered rate',
    html`${chart('Achieved rate against the offered rate', achieved)}${legend([
      ['total', 'achieved'],
      ['diagonal', 'achieved = offered'],
    ])}`,
    { hint: 'Below the diagonal, the service did not keep up.', id: 'sweep-achieved' },
  )}${panel(
    hasSlo ? 'Error rate and SLO attainment' : 'Error rate',
    html`${chart('Error rate and SLO attainment against the offered rate', quality)}${legend([
      ['failed', 'error rate'],
      ...(hasSlo ? ([['attainment', 'attainment, 95 % interval']] as Array<[string, string]>) : []),
    ])}`,
    { id: 'sweep-quality' },
  )}</div>`;
}

/** The search's result in one sentence. */
export function saturationSentence(s: Saturation): string {
  const unit = s.over === 'rate' ? 'runs/s' : 'runs in flight';
  const target = `${trim(s.target_attainment * 100)} %`;
  if (s.value === null)
    return s.probes.length === 0 ? 'No probe finished.' : `No load probed kept ${target} SLO attainment.`;
  const failing = s.ci[1];
  return `Saturation: ${trim(s.value)} ${unit} kept ${target} SLO attainment${
    failing === null
      ? '; no load probed failed'
      : `; the knee lies between ${trim(s.value)} and ${trim(failing)} ${unit}`
  }${s.ended ? ` (ended: ${s.ended.replace('_', ' ')})` : ''}.`;
}

function searchSections(s: Saturation): SafeHtml {
  const unit = s.over === 'rate' ? 'runs/s' : 'in flight';
  const probes = [...s.probes].sort((a, b) => a.value - b.value);
  const drawn = probes
    .filter((p) => p.attainment !== null)
    .map((p) => ({
      value: p.value,
      attainment: p.attainment as number,
      lower: p.ci[0],
      upper: p.ci[1],
      verdict: p.verdict,
    }));
  const chart =
    drawn.length > 0
      ? html`${responsiveChart('SLO attainment of each probe against its load', (size) =>
          probesSvg({ probes: drawn, target: s.target_attainment, knee: s.value, bracket: s.ci, unit }, size),
        )}${legend([
          ['pass', 'passed'],
          ['fail', 'failed'],
          ['undecided', 'undecided'],
          ['knee-band', 'knee bracket'],
        ])}`
      : html`<p class="empty">No probe finished.</p>`;
  const rows = probes.map(
    (p) =>
      html`<tr><th>${trim(p.value)}</th><td><span class="pill small ${p.verdict === 'pass' ? 'passed' : p.verdict === 'fail' ? 'failed' : 'neutral'}">${p.verdict}</span></td><td class="num">${formatPercent(p.attainment)}<span class="ci">[${formatPercent(p.ci[0])}, ${formatPercent(p.ci[1])}]</span></td><td class="num">${p.good} / ${p.runs}</td><td class="num">${p.benchmark_ids.map((id) => `#${id}`).join(' ')}</td></tr>`,
  );
  const table = html`<div class="table-scroll"><table class="row-headed"><thead><tr><th>Load (${unit})</th><th>verdict</th><th class="num">attainment</th><th class="num">good / runs</th><th class="num">benchmarks</th></tr></thead><tbody>${rows}</tbody></table></div>`;
  return html`<div class="grid">${panel('Saturation search', chart, {
    hint: saturationSentence(s),
    id: 'saturation',
  })}${panel('Probes', table, { hint: 'Each probe with its 95 % Wilson interval and its step benchmarks.', id: 'probes' })}</div>`;
}

/** The series sections of a sweep or search benchmark; nothing for any other. */
export function seriesSections(summary: Summary | null): SafeHtml {
  const series = (summary ?? {}) as SeriesSummary;
  if (series.saturation) return searchSections(series.saturation);
  if (series.curve || series.sweep) return sweepSections(series);
  return html``;
}
