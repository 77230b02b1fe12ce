'use client';

import type { LoadCurve } from '@/lib/load-curve';
import { SKETCH_HEIGHT, SKETCH_WIDTH, SketchFigure, SketchSvg } from './sketch-frame';

// The drawing's own units; it stretches to the frame, and the labels are HTML so they keep
// their size at any width.
const PAD = 4;

/** Seconds in the unit that reads best: s, min or h. */
export function formatSeconds(s: number): string {
  if (s >= 3600) return `${+(s / 3600).toFixed(1)} h`;
  if (s >= 120) return `${+(s / 60).toFixed(1)} min`;
  return `${+s.toFixed(1)} s`;
}

function formatValue(v: number): string {
  return v >= 100 ? v.toFixed(0) : `${+v.toFixed(2)}`;
}

/** The SVG path of the curve: straight segments for a rate, steps for runs in flight. */
export function curvePath(curve: LoadCurve, width = SKETCH_WIDTH, height = SKETCH_HEIGHT): string {
  const span = Math.max(...curve.points.map((p) => p.t_s), 1e-9);
  const peak = Math.max(...curve.points.map((p) => p.value), 1e-9);
  const x = (t: number) => (t / span) * width;
  const y = (v: number) => height - (v / peak) * (height - PAD);
  return curve.points
    .map((p, i) => {
      if (i === 0) return `M${x(p.t_s).toFixed(1)},${y(p.value).toFixed(1)}`;
      const step = curve.unit === 'concurrency' ? `H${x(p.t_s).toFixed(1)}` : '';
      return `${step}L${x(p.t_s).toFixed(1)},${y(p.value).toFixed(1)}`;
    })
    .join('');
}

/** A sentence that says what the chart shows, for its caption and its accessible name. */
export function describeCurve(curve: LoadCurve): string {
  const peak = Math.max(...curve.points.map((p) => p.value));
  if (curve.unit === 'concurrency') {
    const inFlight = `${formatValue(peak)} ${runsNoun(peak)} in flight`;
    return curve.duration_s > 0
      ? `Up to ${inFlight} over ${formatSeconds(curve.duration_s)}, then the benchmark ends.`
      : `${inFlight} from start to end.`;
  }
  const runs = curve.expected_runs ?? 0;
  return `${runs.toLocaleString('en-US')} ${runsNoun(runs)} sent over ${formatSeconds(curve.duration_s)}, at most ${formatValue(peak)} per second.`;
}

/** "run" for exactly one, "runs" otherwise (0, 2, or a fraction such as 0.5). */
function runsNoun(count: number): string {
  return count === 1 ? 'run' : 'runs';
}

/** The intended send rate or runs in flight over time, drawn from the form's load settings. */
export function LoadPreview({ curve }: { curve: LoadCurve | null }) {
  if (!curve) {
    return (
      <p
        className="rounded-md border border-dashed p-3 text-xs text-muted-foreground"
        data-testid="load-preview"
      >
        The preview appears once the load settings are valid.
      </p>
    );
  }
  const peak = Math.max(...curve.points.map((p) => p.value));
  const text = describeCurve(curve);
  const unit = curve.unit === 'rate' ? 'runs/s' : 'in flight';
  return (
    <SketchFigure testId="load-preview" caption={text}>
      <div className="grid grid-cols-[auto_1fr] gap-x-2 text-[11px] text-muted-foreground tabular-nums">
        <div className="flex flex-col justify-between text-right" aria-hidden="true">
          <span>{formatValue(peak)}</span>
          <span>0</span>
        </div>
        <SketchSvg label={`Intended load: ${text}`} className="border-l text-primary">
          <path
            d={curvePath(curve)}
            fill="none"
            stroke="currentColor"
            strokeWidth={2}
            strokeLinejoin="round"
            vectorEffect="non-scaling-stroke"
          />
        </SketchSvg>
        <span />
        <div className="flex justify-between" aria-hidden="true">
          <span>{unit}</span>
          <span>{curve.duration_s > 0 ? formatSeconds(curve.duration_s) : 'time'}</span>
        </div>
      </div>
    </SketchFigure>
  );
}
