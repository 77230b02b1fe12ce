'use client';

import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatMs, formatPercent } from '@/lib/format';
import { type CurveRow, formatLoad } from '@/lib/series-chart';
import { CHART, intervalBand, type SeriesStyle, seriesLine, tooltipValue } from './chart-theme';
import { type ChartSize, FixedOrResponsive } from './fixed-or-responsive';

/** What a sweep chart shows against the offered rate. */
export type CurveView = 'latency' | 'throughput' | 'quality';

const LATENCY: readonly SeriesStyle[] = [
  { key: 'p50', name: 'p50', color: CHART.series[0] },
  { key: 'p95', name: 'p95', color: CHART.series[1] },
  { key: 'p99', name: 'p99', color: CHART.series[3], width: 1.5, dashed: true },
];

const THROUGHPUT: readonly SeriesStyle[] = [{ key: 'achieved', name: 'achieved', color: CHART.series[0] }];

const QUALITY: readonly SeriesStyle[] = [
  { key: 'attainment', name: 'SLO attainment', color: CHART.success },
  { key: 'errorRate', name: 'error rate', color: CHART.series[4], dashed: true },
];

const LINES: Record<CurveView, readonly SeriesStyle[]> = {
  latency: LATENCY,
  throughput: THROUGHPUT,
  quality: QUALITY,
};

const rate = (v: number) => `${formatLoad(v)}/s`;
const FORMAT: Record<CurveView, (v: number) => string> = {
  latency: formatMs,
  throughput: rate,
  quality: (v) => formatPercent(v, 0),
};

/**
 * A sweep's curve against the offered rate: latency percentiles, achieved rate (with the
 * offered = achieved diagonal), or error rate and SLO attainment (with its 95 % interval).
 * Clicking a point opens its step benchmark.
 *
 * @example
 * <SweepCurveChart rows={curveRows(curve, 'ttft')} view="latency" onOpenStep={(id) => router.push(`/benchmarks/${id}`)} />
 */
export function SweepCurveChart({
  rows,
  view,
  onOpenStep,
  size,
}: {
  rows: CurveRow[];
  view: CurveView;
  onOpenStep?: (benchmarkId: number) => void;
  /** A fixed size instead of the container's (where it cannot be measured). */
  size?: ChartSize;
}) {
  const format = FORMAT[view];
  const top = Math.max(...rows.map((r) => Math.max(r.offered, r.achieved ?? 0)), 0);
  // The x axis starts at the lowest offered rate: the diagonal starts there too, so that its
  // label sits inside the plot rather than clipped off its left edge.
  const low = Math.min(...rows.map((r) => r.offered), top);
  return (
    <FixedOrResponsive
      size={size}
      draw={(fixed) => (
        <ComposedChart
          {...fixed}
          data={rows}
          margin={{ top: 8, right: 12, bottom: 12, left: 0 }}
          onClick={(state) => {
            const index = Number(state?.activeTooltipIndex);
            const row = Number.isInteger(index) ? rows[index] : undefined;
            if (row && onOpenStep) onOpenStep(row.benchmarkId);
          }}
          style={onOpenStep ? { cursor: 'pointer' } : undefined}
        >
          <CartesianGrid stroke={CHART.grid} strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="offered"
            type="number"
            domain={['dataMin', 'dataMax']}
            tickFormatter={(v: number) => formatLoad(v)}
            tick={CHART.tick}
            stroke={CHART.grid}
            label={{ value: 'offered rate (runs/s)', position: 'insideBottom', offset: -8, fontSize: 11 }}
          />
          <YAxis
            tickFormatter={(v: number) => format(v)}
            tick={CHART.tick}
            stroke={CHART.grid}
            width={64}
            domain={view === 'quality' ? [0, 1] : view === 'throughput' ? [0, top] : undefined}
          />
          <Tooltip
            {...CHART.tooltip}
            labelFormatter={(v) => `offered ${rate(Number(v))}`}
            formatter={tooltipValue(format)}
          />
          <Legend verticalAlign="top" wrapperStyle={{ fontSize: 12 }} />
          {view === 'quality' ? (
            <Area
              dataKey="attainmentBand"
              name="attainment 95% interval"
              legendType="none"
              {...intervalBand}
            />
          ) : null}
          {view === 'throughput' ? (
            <ReferenceLine
              segment={[
                { x: low, y: low },
                { x: top, y: top },
              ]}
              stroke={CHART.axis}
              strokeDasharray="4 3"
              ifOverflow="hidden"
              label={{
                value: 'achieved = offered',
                fontSize: 11,
                fill: CHART.axis,
                position: 'insideBottomRight',
              }}
            />
          ) : null}
          {LINES[view].map((line) => (
            <Line
              key={line.key}
              {...seriesLine(line)}
              type="linear"
              dot={{ r: 3, fill: line.color, stroke: line.color }}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </ComposedChart>
      )}
    />
  );
}

export default SweepCurveChart;
