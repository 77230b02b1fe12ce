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
