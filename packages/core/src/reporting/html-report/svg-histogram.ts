/** The latency histogram: completed runs' total time in linear bins, with p50 and p95 marked. */
import { histogram } from '@tfbench/domain/statistics';
import { html, type SafeHtml } from './escape.js';
import { axisMs } from './format.js';
import { type ChartSize, frame, niceMax, niceTicks, plotArea, px } from './svg-frame.js';

/** More bins than this make bars thinner than a label on a phone. */
const MAX_BARS = { wide: 48, narrow: 28 } as const;

export interface Marker {
  label: string;
  value: number;
  /** CSS class of the marker line (its colour). */
  tone: 'p50' | 'p95';
}

export function histogramSvg(
  values: readonly number[],
  markers: readonly Marker[],
  size: ChartSize,
): SafeHtml {
  let bins = histogram(values, { scale: 'linear' });
  if (bins.length > MAX_BARS[size.name])
    bins = histogram(values, { scale: 'linear', bins: MAX_BARS[size.name] });
  const lo = bins[0]?.lower ?? 0;
  const hi = Math.max(bins.at(-1)?.upper ?? 1, lo + 1);
  const top = niceMax(Math.max(...bins.map((b) => b.count), 1), size.yTicks);
  const { box, x, y } = plotArea(size, [lo, hi], top);
  const bars = bins.map((bin) => {
    const x0 = x(bin.lower);
    // Values that are all equal make one zero-wide bin: give it a visible width.
    const width = Math.max(2, x(bin.upper) - x0 - 1);
    const height = box.bottom - y(bin.count);
    return bin.count === 0
      ? html``
      : html`<rect class="bar" x="${px(x0)}" y="${px(y(bin.count))}" width="${px(width)}" height="${px(height)}"><title>${axisMs(bin.lower)}–${axisMs(bin.upper)}: ${bin.count} runs</title></rect>`;
  });
  const lines = markers.map((m, i) => {
    const at = x(m.value);
    const anchor = at > box.right - 60 ? 'end' : 'start';
    const dx = anchor === 'end' ? -4 : 4;
    return html`<line class="marker ${m.tone}" x1="${px(at)}" x2="${px(at)}" y1="${px(box.top)}" y2="${px(box.bottom)}"/><text class="marker-label ${m.tone}" x="${px(at + dx)}" y="${px(box.top + 10 + i * 13)}" text-anchor="${anchor}">${m.label} ${axisMs(m.value)}</text>`;
  });
  const axes = {
    x: niceTicks(lo, hi, size.xTicks).map((v) => ({ at: x(v), label: axisMs(v) })),
    y: niceTicks(0, top, size.yTicks)
      .filter(Number.isInteger)
      .map((v) => ({ at: y(v), label: String(v) })),
    xTitle: 'total time',
    yTitle: 'runs',
  };
  return html`${frame(size, box, axes)}${bars}${lines}`;
}
