'use client';

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { HistogramRow } from '@/lib/analytics';
import { formatCount, formatMs } from '@/lib/format';
import { CHART } from './chart-theme';

/** Bars of how many runs fell in each latency bin (bins may be log-spaced, so they are labelled). */
export function HistogramChart({ rows }: { rows: HistogramRow[] }) {
  const data = rows.map((r) => ({
    ...r,
    label: `${formatMs(r.lower)}–${formatMs(r.upper)}`,
    short: formatMs(r.upper),
  }));
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
        <CartesianGrid stroke={CHART.grid} strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="short" tick={CHART.tick} stroke={CHART.grid} minTickGap={12} />
        <YAxis
          allowDecimals={false}
          tickFormatter={(v: number) => formatCount(v)}
          tick={CHART.tick}
          stroke={CHART.grid}
          width={40}
        />
        <Tooltip
          {...CHART.tooltip}
          cursor={{ fill: 'var(--accent)', opacity: 0.5 }}
          labelFormatter={(_, payload) => String(payload?.[0]?.payload?.label ?? '')}
          formatter={(value) => [formatCount(Number(value)), 'runs']}
        />
        <Bar dataKey="count" name="runs" fill={CHART.series[0]} radius={[3, 3, 0, 0]} />
      </BarChart>
    </ResponsiveContainer>
  );
}

export default HistogramChart;
