'use client';

import { useEffect, useRef, useState } from 'react';
import { formatCount, formatMs } from '@/lib/format';
import type { TimelinePoint } from '@/lib/token-figures';
import { CHART } from './chart-theme';

// A run has at most a few hundred points, so a plain SVG stays light and renders the same on
// the server and in tests. It is drawn at the width it is given (measured, so that the labels
// keep their size instead of scaling with the card) and a fixed height.
const DEFAULT_WIDTH = 640;
const HEIGHT = 220;
const PAD = { top: 12, right: 16, bottom: 28, left: 48 };
const PLOT_H = HEIGHT - PAD.top - PAD.bottom;

/** The rendered width of an element, following resizes; `fallback` until it is measured. */
function useWidth<T extends Element>(fallback: number) {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      const measured = entry?.contentRect.width ?? 0;
      if (measured > 0) setWidth(Math.round(measured));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}

interface Marker {
  label: string;
  at_ms: number;
  color: string;
}

/**
 * Chunks received over time from a run's sampled chunk arrivals, with vertical marks at the
 * first chunk of any kind (TTFT) and the first answer chunk; the gap between the two is the
 * time a reasoning model spent thinking.
 *
 * @example
 * <TokenTimelineChart points={cumulativeChunks(run.token_timeline)} ttftMs={120} firstAnswerMs={900} />
 */
export function TokenTimelineChart({
  points,
  ttftMs,
  firstAnswerMs,
}: {
  points: TimelinePoint[];
  ttftMs: number | null;
  firstAnswerMs: number | null;
}) {
  const [ref, width] = useWidth<HTMLDivElement>(DEFAULT_WIDTH);
  const plotW = width - PAD.left - PAD.right;
  const markers: Marker[] = [];
  if (ttftMs !== null) markers.push({ label: 'TTFT', at_ms: ttftMs, color: CHART.series[1] });
  if (firstAnswerMs !== null && firstAnswerMs !== ttftMs) {
    markers.push({ label: 'first answer', at_ms: firstAnswerMs, color: CHART.series[3] });
  }
  const maxT = Math.max(1, ...points.map((p) => p.at_ms), ...markers.map((m) => m.at_ms));
  const maxY = Math.max(1, ...points.map((p) => p.chunks));
  const x = (t: number) => PAD.left + (t / maxT) * plotW;
  const y = (c: number) => PAD.top + PLOT_H - (c / maxY) * PLOT_H;
  // Straight segments between kept arrivals: the chunks between two samples were not kept, so a
  // staircase would draw detail that is not there. The line starts from zero at the first chunk.
  const first = points[0];
  const path = first
    ? `M${x(first.at_ms).toFixed(1)},${y(0).toFixed(1)}${points
        .map((p) => `L${x(p.at_ms).toFixed(1)},${y(p.chunks).toFixed(1)}`)
        .join('')}`
    : '';
  const yTicks = [0, Math.round(maxY / 2), maxY];
  const xTicks = [0, maxT / 2, maxT];

  return (
    <div ref={ref} className="w-full">
      <svg
        width={width}
        height={HEIGHT}
        viewBox={`0 0 ${width} ${HEIGHT}`}
        className="block h-auto max-w-full"
        role="img"
        aria-label={`Chunks received over time: ${formatCount(maxY)} by ${formatMs(maxT)}`}
        data-testid="token-timeline-chart"
      >
        {yTicks.map((c) => (
          <g key={`y${c}`}>
            <line
              x1={PAD.left}
              x2={width - PAD.right}
              y1={y(c)}
              y2={y(c)}
              stroke={CHART.grid}
              strokeDasharray="3 3"
            />
            <text x={PAD.left - 6} y={y(c) + 4} textAnchor="end" fill={CHART.axis} fontSize={11}>
              {formatCount(c)}
            </text>
          </g>
        ))}
        {xTicks.map((t, i) => (
          <text
            key={`x${t}`}
            x={x(t)}
            y={HEIGHT - 8}
            textAnchor={i === 0 ? 'start' : i === xTicks.length - 1 ? 'end' : 'middle'}
            fill={CHART.axis}
            fontSize={11}
          >
            {formatMs(t)}
          </text>
        ))}
        {markers.map((m, i) => (
          <g key={m.label} data-testid={`token-marker-${m.label}`}>
            <line
              x1={x(m.at_ms)}
              x2={x(m.at_ms)}
              y1={PAD.top}
              y2={PAD.top + PLOT_H}
              stroke={m.color}
              strokeDasharray="4 3"
            />
            <text
              x={x(m.at_ms) + 4}
              y={PAD.top + 12 + i * 14}
              fill={m.color}
              fontSize={11}
            >{`${m.label} ${formatMs(m.at_ms)}`}</text>
          </g>
        ))}
        <path
          d={path}
          fill="none"
          stroke={CHART.series[0]}
          strokeWidth={2}
          data-testid="token-timeline-line"
        />
      </svg>
    </div>
  );
}
