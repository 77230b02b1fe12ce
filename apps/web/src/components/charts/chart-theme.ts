import { formatAxisTime } from '@/lib/format';

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

/** A line series as the charts describe it: its data key, legend name and look. */
export interface SeriesStyle {
  key: string;
  name: string;
  color: string;
  width?: number;
  /** Dashed: the tail percentile drawn next to the median, TTFT next to the total. */
  dashed?: boolean;
}

/**
 * The props of a `<Line>` that draws `series`: a smooth line in its colour, dashed or not.
 *
 * @example
 * <Line key={s.key} {...seriesLine(s)} connectNulls />
 */
export function seriesLine(series: SeriesStyle) {
  return {
    type: 'monotone',
    dataKey: series.key,
    name: series.name,
    stroke: series.color,
    strokeWidth: series.width ?? 2,
    strokeDasharray: series.dashed ? '4 3' : undefined,
  } as const;
}

/**
 * A tooltip's value formatter: numbers in `format`, a [low, high] band as "low – high", anything
 * else as text.
 */
export function tooltipValue(format: (value: number) => string) {
  return (value: unknown) =>
    typeof value === 'number'
      ? format(value)
      : Array.isArray(value)
        ? value.map((v) => format(Number(v))).join(' – ')
        : String(value);
}

/**
 * The props of an `<Area>` that shades a 95% interval (rows hold it as [low, high]) behind the
 * success-rate line it belongs to.
 *
 * @example
 * <Area dataKey="band" name="95% interval" {...intervalBand} />
 */
export const intervalBand = {
  stroke: 'none',
  fill: CHART.success,
  fillOpacity: 0.18,
  connectNulls: true,
  isAnimationActive: false,
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

/**
 * The props of a time X axis over rows with `t` (epoch ms): ticks labelled for the span the
 * rows cover (times within a day, dates beyond), spaced so that labels do not collide.
 *
 * @example
 * <XAxis {...timeAxis(rows)} />
 */
export function timeAxis(rows: ReadonlyArray<{ t: number }>) {
  const span = rows.length > 1 ? (rows.at(-1)?.t ?? 0) - (rows[0]?.t ?? 0) : 0;
  return {
    dataKey: 't',
    type: 'number',
    scale: 'time',
    domain: ['dataMin', 'dataMax'],
    tickFormatter: (t: number) => formatAxisTime(t, span),
    tick: CHART.tick,
    stroke: CHART.grid,
    minTickGap: 24,
  } as const;
}
