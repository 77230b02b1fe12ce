'use client';

import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { asRatio, type SeriesRow } from '@/lib/analytics';
import { formatDateTime, formatPercent } from '@/lib/format';
import { CHART, intervalBand, loneDot, timeAxis, tooltipValue } from './chart-theme';

/** A success rate (0–100 %) over time. */
export function RateChart({ rows }: { rows: SeriesRow[] }) {
  const data = rows.map((r) => ({
    t: r.t,
    rate: asRatio(r.value ?? r.p50),
    // The 95 % interval as a band: wide where few runs finished, so a dip there is not news.
    band: r.ciLower !== null && r.ciUpper !== null ? [r.ciLower, r.ciUpper] : null,
    count: r.count,
  }));
  return (
    <ResponsiveContainer width="100%" height="100%">
      <AreaChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
        <CartesianGrid stroke={CHART.grid} strokeDasharray="3 3" vertical={false} />
        <XAxis {...timeAxis(rows)} />
        <YAxis
          domain={[0, 1]}
          tickFormatter={(v: number) => formatPercent(v, 0)}
          tick={CHART.tick}
          stroke={CHART.grid}
          width={48}
        />
        <Tooltip
          {...CHART.tooltip}
          labelFormatter={(t) => formatDateTime(new Date(Number(t)))}
          formatter={tooltipValue(formatPercent)}
        />
        <Area type="monotone" dataKey="band" name="95% interval" {...intervalBand} />
        <Area
          type="monotone"
          dataKey="rate"
          name="success rate"
          stroke={CHART.success}
          strokeWidth={2}
          fill="none"
          connectNulls
          dot={loneDot(
            data.map((d) => d.rate),
            CHART.success,
          )}
        />
      </AreaChart>
    </ResponsiveContainer>
  );
}

export default RateChart;
