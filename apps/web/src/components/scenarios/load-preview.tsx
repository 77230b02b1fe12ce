'use client';

import type { LoadCurve } from '@/lib/load-curve';

const WIDTH = 480;
const HEIGHT = 120;
const PAD = { left: 36, right: 8, top: 8, bottom: 20 };

function formatSeconds(s: number): string {
  if (s >= 3600) return `${+(s / 3600).toFixed(1)} h`;
  if (s >= 120) return `${+(s / 60).toFixed(1)} min`;
  return `${+s.toFixed(1)} s`;
}

function formatValue(v: number): string {
  return v >= 100 ? v.toFixed(0) : `${+v.toFixed(2)}`;
}

/** The SVG path of the curve: straight segments for a rate, steps for runs in flight. */
export function curvePath(curve: LoadCurve, width = WIDTH, height = HEIGHT): string {
  const span = Math.max(...curve.points.map((p) => p.t_s), 1e-9);
  const peak = Math.max(...curve.points.map((p) => p.value), 1e-9);
  const x = (t: number) => PAD.left + (t / span) * (width - PAD.left - PAD.right);
  const y = (v: number) => height - PAD.bottom - (v / peak) * (height - PAD.top - PAD.bottom);
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
    return curve.duration_s > 0
      ? `Up to ${formatValue(peak)} runs in flight over ${formatSeconds(curve.duration_s)}, then the benchmark ends.`
      : `${formatValue(peak)} runs in flight from start to end.`;
  }
  const runs = curve.expected_runs ?? 0;
  return `${runs.toLocaleString('en-US')} runs sent over ${formatSeconds(curve.duration_s)}, at most ${formatValue(peak)} per second.`;
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
    <figure className="grid gap-1 rounded-md border p-2" data-testid="load-preview">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="h-auto w-full text-primary"
        role="img"
        aria-label={`Intended load: ${text}`}
      >
        <line
          x1={PAD.left}
          x2={WIDTH - PAD.right}
          y1={HEIGHT - PAD.bottom}
          y2={HEIGHT - PAD.bottom}
          className="stroke-border"
        />
        <line x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={HEIGHT - PAD.bottom} className="stroke-border" />
        <text x={PAD.left - 4} y={PAD.top + 8} textAnchor="end" className="fill-muted-foreground text-[10px]">
          {formatValue(peak)}
        </text>
        <text
          x={PAD.left - 4}
          y={HEIGHT - PAD.bottom}
          textAnchor="end"
          className="fill-muted-foreground text-[10px]"
        >
          0
        </text>
        <text x={PAD.left} y={HEIGHT - 6} className="fill-muted-foreground text-[10px]">
          {unit}
        </text>
        <text
          x={WIDTH - PAD.right}
          y={HEIGHT - 6}
          textAnchor="end"
          className="fill-muted-foreground text-[10px]"
        >
          {curve.duration_s > 0 ? formatSeconds(curve.duration_s) : 'time'}
        </text>
        <path d={curvePath(curve)} fill="none" stroke="currentColor" strokeWidth={2} strokeLinejoin="round" />
      </svg>
      <figcaption className="text-xs text-muted-foreground" data-testid="load-preview-caption">
        {text}
      </figcaption>
    </figure>
  );
}
