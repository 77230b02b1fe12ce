'use client';

import {
  CartesianGrid,
  ErrorBar,
  ReferenceArea,
  ReferenceLine,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatPercent } from '@/lib/format';
import { formatLoad, loadUnit, type ProbeRow, type Saturation } from '@/lib/series-chart';
import { CHART } from './chart-theme';
import { type ChartSize, FixedOrResponsive } from './fixed-or-responsive';

const VERDICT_COLOR: Record<ProbeRow['verdict'], string> = {
  pass: CHART.success,
  fail: 'var(--destructive)',
  undecided: CHART.series[2],
};

/**
 * A saturation search's probes: each load's SLO attainment with its 95 % interval, the target
 * as a line, and the bracket the knee lies in (highest pass to lowest fail) shaded, the knee
 * itself marked. Clicking a probe opens its step benchmark.
 */
export function SaturationChart({
  saturation,
  rows,
  onOpenStep,
  size,
}: {
  saturation: Saturation;
  rows: ProbeRow[];
  onOpenStep?: (benchmarkId: number) => void;
  /** A fixed size instead of the container's (where it cannot be measured). */
  size?: ChartSize;
}) {
  const unit = loadUnit(saturation.over);
  const [passing, failing] = saturation.ci;
  const byVerdict = (['pass', 'fail', 'undecided'] as const).map((verdict) => ({
    verdict,
    rows: rows.filter((r) => r.verdict === verdict),
  }));
  return (
    <FixedOrResponsive
      size={size}
      draw={(fixed) => (
        <ScatterChart {...fixed} margin={{ top: 12, right: 16, bottom: 12, left: 0 }}>
          <CartesianGrid stroke={CHART.grid} strokeDasharray="3 3" />
          <XAxis
            dataKey="value"
            type="number"
            name="load"
            // Room right of the highest load, so the knee's label fits when the knee is the highest.
            domain={[0, (highest: number) => highest * 1.2]}
            allowDecimals={saturation.over === 'rate'}
            tickFormatter={(v: number) => formatLoad(v)}
            tick={CHART.tick}
            stroke={CHART.grid}
            label={{ value: `load (${unit})`, position: 'insideBottom', offset: -8, fontSize: 11 }}
          />
          <YAxis
            dataKey="attainment"
            type="number"
            name="attainment"
            domain={[0, 1]}
            tickFormatter={(v: number) => formatPercent(v, 0)}
            tick={CHART.tick}
            stroke={CHART.grid}
            width={48}
          />
          {passing !== null && failing !== null ? (
            <ReferenceArea
              x1={passing}
              x2={failing}
              fill={CHART.series[0]}
              fillOpacity={0.12}
              ifOverflow="extendDomain"
              label={{ value: 'knee bracket', fontSize: 11, fill: CHART.axis, position: 'insideTop' }}
            />
          ) : null}
          {saturation.value !== null ? (
            <ReferenceLine
              x={saturation.value}
              stroke={CHART.series[0]}
              strokeWidth={2}
              label={{
                value: `knee ${formatLoad(saturation.value)}`,
                fontSize: 11,
                fill: CHART.series[0],
                position: 'insideBottomLeft',
              }}
            />
          ) : null}
          <ReferenceLine
            y={saturation.target_attainment}
            stroke={CHART.axis}
            strokeDasharray="4 3"
            label={{
              value: `target ${formatPercent(saturation.target_attainment, 0)}`,
              fontSize: 11,
              fill: CHART.axis,
              position: 'insideBottomRight',
            }}
          />
          <Tooltip
            {...CHART.tooltip}
            formatter={(value, name) =>
              name === 'load' ? `${formatLoad(Number(value))} ${unit}` : formatPercent(Number(value))
            }
          />
          {byVerdict.map(({ verdict, rows: group }) =>
            group.length === 0 ? null : (
              <Scatter
                key={verdict}
                name={verdict}
                data={group}
                fill={VERDICT_COLOR[verdict]}
                isAnimationActive={false}
                onClick={(point) => {
                  const id = (point as { payload?: ProbeRow }).payload?.benchmarkId;
                  if (onOpenStep && typeof id === 'number') onOpenStep(id);
                }}
                style={onOpenStep ? { cursor: 'pointer' } : undefined}
              >
                <ErrorBar
                  dataKey="interval"
                  direction="y"
                  width={6}
                  stroke={VERDICT_COLOR[verdict]}
                  isAnimationActive={false}
                />
              </Scatter>
            ),
          )}
        </ScatterChart>
      )}
    />
  );
}

export default SaturationChart;
