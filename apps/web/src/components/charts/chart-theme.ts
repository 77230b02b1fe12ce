/** Colours and text styles shared by every chart; CSS variables, so they follow the theme. */
export const CHART = {
  grid: 'var(--border)',
  axis: 'var(--muted-foreground)',
  series: ['var(--chart-1)', 'var(--chart-2)', 'var(--chart-3)', 'var(--chart-4)', 'var(--chart-5)'],
  success: 'var(--success)',
  tick: { fill: 'var(--muted-foreground)', fontSize: 11 },
  tooltip: {
    contentStyle: {
      background: 'var(--popover)',
      border: '1px solid var(--border)',
      borderRadius: 8,
      color: 'var(--popover-foreground)',
      fontSize: 12,
    },
    labelStyle: { color: 'var(--muted-foreground)' },
  },
} as const;

/**
 * The `dot` of a line: Recharts draws no line through a lone point, so a series with a single
 * value (a newcomer's first runs, all in one bucket of a 24 h chart) would look empty. Such a
 * point is drawn as a dot; longer series stay plain lines.
 *
 * @example
 * <Line dataKey="p50" dot={loneDot(rows.map((r) => r.p50), CHART.series[0])} />
 */
export function loneDot(values: ReadonlyArray<number | null | undefined>, color: string) {
  const present = values.filter((v) => v !== null && v !== undefined).length;
  return present === 1 ? { r: 3.5, fill: color, stroke: color } : false;
}
