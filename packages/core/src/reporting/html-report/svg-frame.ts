/**
 * What every chart of the report shares: its two sizes (a wide one, and a narrow one a phone
 * shows instead so the labels stay legible), linear scales with 1-2-5 ticks, and the frame of
 * grid lines and axis labels. Charts are SVG drawn here as text: no script, no request.
 */
import { html, type SafeHtml } from './escape.js';

export interface ChartSize {
  name: 'wide' | 'narrow';
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
  /** About this many ticks per axis. */
  xTicks: number;
  yTicks: number;
}

export const WIDE: ChartSize = {
  name: 'wide',
  width: 560,
  height: 250,
  margin: { top: 18, right: 14, bottom: 34, left: 52 },
  xTicks: 7,
  yTicks: 5,
};

export const NARROW: ChartSize = {
  name: 'narrow',
  width: 340,
  height: 220,
  margin: { top: 16, right: 10, bottom: 32, left: 46 },
  xTicks: 4,
  yTicks: 4,
};

/** The drawing area inside the margins, in SVG units. */
export interface PlotBox {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export function plotBox(size: ChartSize): PlotBox {
  const { margin } = size;
  return {
    left: margin.left,
    right: size.width - margin.right,
    top: margin.top,
    bottom: size.height - margin.bottom,
  };
}

export type Scale = (value: number) => number;

export function linearScale([d0, d1]: [number, number], [r0, r1]: [number, number]): Scale {
  const span = d1 - d0 || 1;
  return (value) => r0 + ((value - d0) / span) * (r1 - r0);
}

/** Where a chart of `size` draws, and its scales: x over `xDomain` left to right, y from 0 up to `yTop`. */
export function plotArea(
  size: ChartSize,
  xDomain: [number, number],
  yTop: number,
): { box: PlotBox; x: Scale; y: Scale } {
  const box = plotBox(size);
  return {
    box,
    x: linearScale(xDomain, [box.left, box.right]),
    y: linearScale([0, yTop], [box.bottom, box.top]),
  };
}

/** A coordinate with one decimal: enough for a screen, short in the file. */
export function px(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** Round tick values (multiples of 1, 2 or 5 × 10^k) covering [min, max], about `count` of them. */
export function niceTicks(min: number, max: number, count: number): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) {
    ticks.push(Number.parseFloat(v.toPrecision(12)));
  }
  return ticks;
}

/** The top of a y axis: a tick at or above `max`, so the largest value sits inside the frame. */
export function niceMax(max: number, count: number): number {
  if (!(max > 0)) return 1;
  const ticks = niceTicks(0, max, count);
  const last = ticks.at(-1) as number;
  return last >= max ? last : last + (ticks[1] ?? last) - (ticks[0] ?? 0);
}

export interface Tick {
  at: number;
  label: string;
}

/** Horizontal grid lines with y labels, the x axis with its labels, and the axis titles. */
export function frame(
  size: ChartSize,
  box: PlotBox,
  axes: { x: Tick[]; y: Tick[]; xTitle: string; yTitle: string },
): SafeHtml {
  const grid = axes.y.map(
    (t) =>
      html`<line class="grid" x1="${px(box.left)}" x2="${px(box.right)}" y1="${px(t.at)}" y2="${px(t.at)}"/><text class="tick" x="${px(box.left - 6)}" y="${px(t.at + 4)}" text-anchor="end">${t.label}</text>`,
  );
  const xLabels = axes.x.map(
    (t) =>
      html`<line class="axis" x1="${px(t.at)}" x2="${px(t.at)}" y1="${px(box.bottom)}" y2="${px(box.bottom + 4)}"/><text class="tick" x="${px(t.at)}" y="${px(box.bottom + 16)}" text-anchor="middle">${t.label}</text>`,
  );
  return html`${grid}<line class="axis" x1="${px(box.left)}" x2="${px(box.right)}" y1="${px(box.bottom)}" y2="${px(box.bottom)}"/>${xLabels}<text class="axis-title" x="${px(box.right)}" y="${px(size.height - 3)}" text-anchor="end">${axes.xTitle}</text><text class="axis-title" x="${px(box.left - 6)}" y="${px(box.top - 7)}" text-anchor="end">${axes.yTitle}</text>`;
}

/** An SVG element of `size`, scaling to its container's width, with a text alternative. */
export function svg(size: ChartSize, label: string, body: SafeHtml): SafeHtml {
  return html`<svg class="chart-${size.name}" viewBox="0 0 ${size.width} ${size.height}" role="img" aria-label="${label}" preserveAspectRatio="xMidYMid meet">${body}</svg>`;
}

/** Both sizes of one chart; the stylesheet shows the one that fits the screen (wide on paper). */
export function responsiveChart(label: string, draw: (size: ChartSize) => SafeHtml): SafeHtml {
  return html`<div class="chart">${svg(WIDE, label, draw(WIDE))}${svg(NARROW, label, draw(NARROW))}</div>`;
}
