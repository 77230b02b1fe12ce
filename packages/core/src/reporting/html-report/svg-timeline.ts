/**
 * The two over-time charts. Latency: every run as a dot where it started (total time, and time
 * to first token beneath it; failures as red crosses) with the p50 and p95 of each time bucket
 * as lines. Throughput: the runs that ended per second in each bucket, completed stacked under
 * failed.
 */
import { html, type SafeHtml, trusted } from './escape.js';
import { axisMs, trim } from './format.js';
import type { ReportPoint } from './report-runs.js';
import { type ChartSize, frame, niceMax, niceTicks, plotArea, px, type Scale } from './svg-frame.js';
import type { TimeBucket, TimeBuckets } from './time-buckets.js';

/** Dots drawn at most per series; above it every k-th run is drawn (the lines use them all). */
const MAX_DOTS = 3_000;

function everyKth<T>(items: readonly T[], max = MAX_DOTS): readonly T[] {
  if (items.length <= max) return items;
  const k = Math.ceil(items.length / max);
  return items.filter((_, i) => i % k === 0);
}

function timeAxis(time: TimeBuckets, x: Scale, size: ChartSize) {
  return niceTicks(0, time.spanMs, size.xTicks).map((v) => ({ at: x(v), label: axisMs(v) }));
}

/** A polyline through the buckets' midpoints, broken where a bucket has no value. */
function bucketLine(
  buckets: readonly TimeBucket[],
  value: (b: TimeBucket) => number | null,
  x: Scale,
  y: Scale,
): string {
  const segments: string[][] = [[]];
  for (const b of buckets) {
    const v = value(b);
    if (v === null) {
      if ((segments.at(-1) as string[]).length > 0) segments.push([]);
      continue;
    }
    (segments.at(-1) as string[]).push(`${px(x((b.fromMs + b.toMs) / 2))},${px(y(v))}`);
  }
  return segments
    .filter((s) => s.length > 0)
    .map((s) => (s.length === 1 ? `M${s[0]}h0.1` : `M${s.join('L')}`))
    .join('');
}

export function latencyTimelineSvg(
  points: readonly ReportPoint[],
  time: TimeBuckets,
  size: ChartSize,
): SafeHtml {
  let highest = 0;
  for (const p of points) highest = Math.max(highest, p.totalMs ?? 0, p.ttftMs ?? 0);
  const top = niceMax(highest, size.yTicks);
  const { box, x, y } = plotArea(size, [0, time.spanMs], top);
  const at = (p: ReportPoint) => x(p.startMs - time.originMs);
  const completed = everyKth(points.filter((p) => p.status === 'completed' && p.totalMs !== null));
  const failed = everyKth(points.filter((p) => p.status !== 'completed' && p.totalMs !== null));
  const ttft = completed.filter((p) => p.ttftMs !== null);
  // Few runs get big dots; thousands get small ones that still show the density.
  const r =
    (completed.length <= 200 ? 3 : completed.length <= 1_000 ? 2.4 : 1.8) * (size.name === 'wide' ? 1 : 0.8);
  const dots = (list: readonly ReportPoint[], value: (p: ReportPoint) => number) =>
    list.map((p) => `<circle cx="${px(at(p))}" cy="${px(y(value(p)))}" r="${r}"/>`).join('');
  const crosses = failed
    .map((p) => {
      const cx = at(p);
      const cy = y(p.totalMs as number);
      return `M${px(cx - 3)},${px(cy - 3)}l6,6m0,-6l-6,6`;
    })
    .join('');
  const axes = {
    x: timeAxis(time, x, size),
    y: niceTicks(0, top, size.yTicks).map((v) => ({ at: y(v), label: axisMs(v) })),
    xTitle: 'time since the first start',
    yTitle: 'latency',
  };
  return html`${frame(size, box, axes)}<g class="dots ttft">${trusted(dots(ttft, (p) => p.ttftMs as number))}</g><g class="dots total">${trusted(dots(completed, (p) => p.totalMs as number))}</g><path class="crosses" d="${crosses}"/><path class="line p50" d="${bucketLine(time.buckets, (b) => b.p50Ms, x, y)}"/><path class="line p95" d="${bucketLine(time.buckets, (b) => b.p95Ms, x, y)}"/>`;
}

export function throughputSvg(time: TimeBuckets, size: ChartSize): SafeHtml {
  const perSecond = 1_000 / time.stepMs;
  const top = niceMax(
    Math.max(...time.buckets.map((b) => (b.completed + b.failed) * perSecond), 0),
    size.yTicks,
  );
  const { box, x, y } = plotArea(size, [0, time.spanMs], top);
  const bars = time.buckets.map((b) => {
    const x0 = x(b.fromMs) + 0.5;
    const width = Math.max(1, x(Math.min(b.toMs, time.spanMs)) - x(b.fromMs) - 1);
    const yCompleted = y(b.completed * perSecond);
    const yAll = y((b.completed + b.failed) * perSecond);
    return html`<rect class="bar" x="${px(x0)}" y="${px(yCompleted)}" width="${px(width)}" height="${px(box.bottom - yCompleted)}"><title>${axisMs(b.fromMs)}–${axisMs(b.toMs)}: ${b.completed} completed, ${b.failed} failed</title></rect>${
      b.failed > 0
        ? html`<rect class="bar failed" x="${px(x0)}" y="${px(yAll)}" width="${px(width)}" height="${px(yCompleted - yAll)}"/>`
        : html``
    }`;
  });
  const axes = {
    x: timeAxis(time, x, size),
    y: niceTicks(0, top, size.yTicks).map((v) => ({ at: y(v), label: trim(v) })),
    xTitle: `time since the first start (${axisMs(time.stepMs)} buckets)`,
    yTitle: 'runs/s',
  };
  return html`${frame(size, box, axes)}${bars}`;
}
