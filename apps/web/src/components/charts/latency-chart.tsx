'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SeriesRow } from '@/lib/analytics';
import { formatDateTime, formatMs } from '@/lib/format';
import { CHART, loneDot, type SeriesStyle, seriesLine, timeAxis, tooltipValue } from './chart-theme';

// The tail is drawn thinner and dashed: it is noisier, and should not outweigh the median.
const LINES = [
  { key: 'p50', name: 'p50', color: CHART.series[0] },
  { key: 'p95', name: 'p95', color: CHART.series[1] },
  { key: 'p99', name: 'p99', color: CHART.series[3], width: 1.5, dashed: true },
] as const satisfies readonly SeriesStyle[];

/**
 * p50 and p95 (and p99 when asked) of a latency over time.
 *
 * @example
 * <LatencyChart rows={rows} />
 */
export function LatencyChart({ rows, showP99 = false }: { rows: SeriesRow[]; showP99?: boolean }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
        <CartesianGrid stroke={CHART.grid} strokeDasharray="3 3" vertical={false} />
        <XAxis {...timeAxis(rows)} />
        <YAxis tickFormatter={(v: number) => formatMs(v)} tick={CHART.tick} stroke={CHART.grid} width={64} />
        <Tooltip
          {...CHART.tooltip}
          labelFormatter={(t) => formatDateTime(new Date(Number(t)))}
          formatter={tooltipValue(formatMs)}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {LINES.filter((l) => showP99 || l.key !== 'p99').map((l) => (
          <Line
            key={l.key}
            {...seriesLine(l)}
            dot={loneDot(
              rows.map((r) => r[l.key]),
              l.color,
            )}
            connectNulls
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}

export default LatencyChart;
