'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SeriesRow } from '@/lib/analytics';
import { formatAxisTime, formatDateTime, formatMs } from '@/lib/format';
import { CHART, loneDot } from './chart-theme';

/**
 * p50 and p95 (and p99 when asked) of a latency over time.
 *
 * @example
 * <LatencyChart rows={rows} />
 */
export function LatencyChart({ rows, showP99 = false }: { rows: SeriesRow[]; showP99?: boolean }) {
  const span = rows.length > 1 ? (rows.at(-1)?.t ?? 0) - (rows[0]?.t ?? 0) : 0;
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
        <CartesianGrid stroke={CHART.grid} strokeDasharray="3 3" vertical={false} />
        <XAxis
          dataKey="t"
          type="number"
          scale="time"
          domain={['dataMin', 'dataMax']}
          tickFormatter={(t: number) => formatAxisTime(t, span)}
          tick={CHART.tick}
          stroke={CHART.grid}
          minTickGap={24}
        />
        <YAxis tickFormatter={(v: number) => formatMs(v)} tick={CHART.tick} stroke={CHART.grid} width={64} />
        <Tooltip
          {...CHART.tooltip}
          labelFormatter={(t) => formatDateTime(new Date(Number(t)))}
          formatter={(value) => (typeof value === 'number' ? formatMs(value) : String(value))}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Line
          type="monotone"
          dataKey="p50"
          name="p50"
          stroke={CHART.series[0]}
          strokeWidth={2}
          dot={loneDot(
            rows.map((r) => r.p50),
            CHART.series[0],
          )}
          connectNulls
        />
        <Line
          type="monotone"
          dataKey="p95"
          name="p95"
          stroke={CHART.series[1]}
          strokeWidth={2}
          dot={loneDot(
            rows.map((r) => r.p95),
            CHART.series[1],
          )}
          connectNulls
        />
        {showP99 ? (
          <Line
            type="monotone"
            dataKey="p99"
            name="p99"
            stroke={CHART.series[3]}
            strokeWidth={1.5}
            strokeDasharray="4 3"
            dot={loneDot(
              rows.map((r) => r.p99),
              CHART.series[3],
            )}
            connectNulls
          />
        ) : null}
      </LineChart>
    </ResponsiveContainer>
  );
}

export default LatencyChart;
