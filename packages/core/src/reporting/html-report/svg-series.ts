/**
 * The charts of a series benchmark. A sweep's curve: values against the offered rate, one
 * polyline with dots per line (latency percentiles, achieved rate beside the achieved = offered
 * diagonal, error rate and SLO attainment with its interval as whiskers). A search's probes:
 * each load's attainment with its interval, the target as a dashed line, the bracket the knee
 * lies in shaded and the knee marked.
 */
import { html, type SafeHtml, trusted } from './escape.js';
import { trim } from './format.js';
import { type ChartSize, frame, niceMax, niceTicks, plotArea, px, type Scale } from './svg-frame.js';

/** One line of a curve chart: a CSS tone and a value per x (null: a gap). */
export interface CurveLine {
  tone: string;
  values: ReadonlyArray<number | null>;
  /** Optional whiskers per x: [lower, upper]. */
  intervals?: ReadonlyArray<readonly [number, number] | null>;
}

export interface CurveChart {
  xs: readonly number[];
  lines: readonly CurveLine[];
  yTitle: string;
  yLabel: (value: number) => string;
  /** A fixed top (1 for shares); otherwise the largest value, rounded up. */
  yMax?: number;
  /** Draw the y = x diagonal (achieved against offered). */
  diagonal?: boolean;
}

function polyline(xs: readonly number[], values: ReadonlyArray<number | null>, x: Scale, y: Scale): string {
  const segments: string[][] = [[]];
  xs.forEach((v, i) => {
    const value = values[i];
    if (value === null || value === undefined) {
      if ((segments.at(-1) as string[]).length > 0) segments.push([]);
      return;
    }
    (segments.at(-1) as string[]).push(`${px(x(v))},${px(y(value))}`);
  });
  return segments
    .filter((s) => s.length > 0)
    .map((s) => (s.length === 1 ? `M${s[0]}h0.1` : `M${s.join('L')}`))
    .join('');
}

function xAxis(lowest: number, highest: number, x: Scale, size: ChartSize) {
  return niceTicks(lowest, highest, size.xTicks).map((v) => ({ at: x(v), label: trim(v) }));
}

function whiskers(xs: readonly number[], line: CurveLine, x: Scale, y: Scale): string {
  return (line.intervals ?? [])
    .map((band, i) => {
      const at = xs[i];
      if (!band || at === undefined) return '';
      const cx = x(at);
      return `M${px(cx)},${px(y(band[0]))}V${px(y(band[1]))}M${px(cx - 3)},${px(y(band[0]))}h6M${px(cx - 3)},${px(y(band[1]))}h6`;
    })
    .join('');
}

/** A curve against the offered rate. */
export function curveSvg(chart: CurveChart, size: ChartSize): SafeHtml {
  const lowest = Math.min(...chart.xs, 0);
  const highest = Math.max(...chart.xs, lowest + 1e-9);
  const values = chart.lines.flatMap((l) => l.values.filter((v): v is number => v !== null));
  const top = chart.yMax ?? niceMax(Math.max(...values, chart.diagonal ? highest : 0, 0), size.yTicks);
  const { box, x, y } = plotArea(size, [lowest, highest], top);
  const axes = {
    x: xAxis(lowest, highest, x, size),
    y: niceTicks(0, top, size.yTicks).map((v) => ({ at: y(v), label: chart.yLabel(v) })),
    xTitle: 'offered rate (runs/s)',
    yTitle: chart.yTitle,
  };
  const diagonal = chart.diagonal
    ? html`<path class="line diagonal" d="M${px(x(lowest))},${px(y(Math.min(lowest, top)))}L${px(x(Math.min(highest, top)))},${px(y(Math.min(highest, top)))}"/>`
    : '';
  const lines = chart.lines.map((line) => {
    const dots = chart.xs
      .map((v, i) => {
        const value = line.values[i];
        return value === null || value === undefined
          ? ''
          : `<circle cx="${px(x(v))}" cy="${px(y(value))}" r="3"/>`;
      })
      .join('');
    const bands = line.intervals
      ? html`<path class="whisker ${line.tone}" d="${whiskers(chart.xs, line, x, y)}"/>`
      : '';
    return html`${bands}<path class="line ${line.tone}" d="${polyline(chart.xs, line.values, x, y)}"/><g class="dots ${line.tone}">${trusted(dots)}</g>`;
  });
  return html`${frame(size, box, axes)}${diagonal}${lines}`;
}

export interface ProbePoint {
  value: number;
  attainment: number;
  lower: number;
  upper: number;
  verdict: 'pass' | 'fail' | 'undecided';
}

export interface ProbeChart {
  probes: readonly ProbePoint[];
  target: number;
  knee: number | null;
  bracket: readonly [number | null, number | null];
  unit: string;
}

/** A search's probes: attainment by load, the target, the knee and its bracket. */
export function probesSvg(chart: ProbeChart, size: ChartSize): SafeHtml {
  const highest = niceMax(
    Math.max(...chart.probes.map((p) => p.value), chart.bracket[1] ?? 0, chart.knee ?? 0, 1),
    size.xTicks,
  );
  const { box, x, y } = plotArea(size, [0, highest], 1);
  const axes = {
    x: xAxis(0, highest, x, size),
    y: niceTicks(0, 1, size.yTicks).map((v) => ({ at: y(v), label: `${Math.round(v * 100)}%` })),
    xTitle: `load (${chart.unit})`,
    yTitle: 'share',
  };
  const [passing, failing] = chart.bracket;
  const band =
    passing !== null && failing !== null
      ? html`<rect class="knee-band" x="${px(x(passing))}" y="${px(box.top)}" width="${px(Math.max(1, x(failing) - x(passing)))}" height="${px(box.bottom - box.top)}"><title>The knee lies between ${trim(passing)} and ${trim(failing)} ${chart.unit}</title></rect>`
      : '';
  const knee =
    chart.knee !== null
      ? html`<line class="knee" x1="${px(x(chart.knee))}" x2="${px(x(chart.knee))}" y1="${px(box.top)}" y2="${px(box.bottom)}"/><text class="marker-label knee" x="${px(x(chart.knee) + 4)}" y="${px(box.top + 11)}">knee ${trim(chart.knee)}</text>`
      : '';
  const target = html`<line class="marker target" x1="${px(box.left)}" x2="${px(box.right)}" y1="${px(y(chart.target))}" y2="${px(y(chart.target))}"/><text class="marker-label target" x="${px(box.right - 4)}" y="${px(y(chart.target) + 13)}" text-anchor="end">target ${trim(chart.target * 100)}%</text>`;
  const probes = chart.probes.map((p) => {
    const cx = x(p.value);
    return html`<g class="probe ${p.verdict}"><path d="M${px(cx)},${px(y(p.lower))}V${px(y(p.upper))}M${px(cx - 3)},${px(y(p.lower))}h6M${px(cx - 3)},${px(y(p.upper))}h6"/><circle cx="${px(cx)}" cy="${px(y(p.attainment))}" r="4"><title>${trim(p.value)} ${chart.unit}: ${trim(p.attainment * 100)}% (${trim(p.lower * 100)}–${trim(p.upper * 100)}%), ${p.verdict}</title></circle></g>`;
  });
  return html`${frame(size, box, axes)}${band}${target}${knee}${probes}`;
}
