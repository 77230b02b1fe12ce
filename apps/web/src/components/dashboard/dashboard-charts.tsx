'use client';

import type { KpiQuery, TimeseriesBucket } from '@tfbench/contract';
import { lazyChart } from '@/components/charts/lazy-chart';
import { hasSeriesData, toHistogramRows, toSeriesRows } from '@/lib/analytics';
import { queries } from '@/lib/api';
import { matchEvents } from '@/lib/live';
import { useQuery } from '@/lib/use-query';
import { ChartCard } from './chart-card';

const LatencyChart = lazyChart(() => import('@/components/charts/latency-chart'));
const RateChart = lazyChart(() => import('@/components/charts/rate-chart'));
const HistogramChart = lazyChart(() => import('@/components/charts/histogram-chart'));

const BUCKET_WORDS: Record<string, string> = { '1m': 'minute', '5m': '5 minutes', '1h': 'hour', '1d': 'day' };
const bucketWord = (bucket: string) => BUCKET_WORDS[bucket] ?? 'time bucket';

/** Latency over time, the latency histogram and success rate over time, for the filters. */
export function DashboardCharts({
  filters,
  bucket,
  rangePhrase,
  note,
}: {
  filters: KpiQuery;
  /** Time-series bucket width (1m, 5m, 1h, 1d or auto). */
  bucket: TimeseriesBucket;
  rangePhrase: string;
  /** A remark shown under every chart's description (e.g. a narrower range than the KPIs). */
  note?: string;
}) {
  // Aggregates over a time range change slowly: refresh them at most every 10 s.
  const live = {
    live: true,
    pollMs: 10_000,
    eventThrottleMs: 10_000,
    matchEvent: matchEvents(['run.status'], { scenario_id: filters.scenario_id }),
  };
  const latency = useQuery(queries.timeseries('total', { ...filters, bucket }), live);
  const success = useQuery(queries.timeseries('success_rate', { ...filters, bucket }), live);
  const histogram = useQuery(queries.histogram('total', filters), live);

  const latencyRows = toSeriesRows(latency.data);
  const successRows = toSeriesRows(success.data);
  const histogramRows = toHistogramRows(histogram.data);
  const noCompleted = {
    title: `No completed runs ${rangePhrase}`,
    description: 'Trigger a run or start a benchmark from Scenarios; the chart fills in as runs complete.',
  };

  return (
    <div className="grid grid-cols-1 gap-4 xl:grid-cols-2 2xl:grid-cols-3">
      <ChartCard
        testId="chart-latency"
        title="Latency over time"
        description={`p50 and p95 of total run time, per ${bucketWord(bucket)}.${note ? ` ${note}` : ''}`}
        isLoading={latency.isLoading}
        error={latency.error}
        empty={hasSeriesData(latencyRows, ['p50', 'p95']) ? null : noCompleted}
      >
        <LatencyChart rows={latencyRows} />
      </ChartCard>
      <ChartCard
        testId="chart-success"
        title="Success rate over time"
        description={`Completed ÷ finished runs per ${bucketWord(bucket)}, with its 95% interval.${note ? ` ${note}` : ''}`}
        isLoading={success.isLoading}
        error={success.error}
        empty={
          hasSeriesData(successRows, ['value', 'p50'])
            ? null
            : { ...noCompleted, title: `No finished runs ${rangePhrase}` }
        }
      >
        <RateChart rows={successRows} />
      </ChartCard>
      <ChartCard
        testId="chart-histogram"
        className="xl:col-span-2 2xl:col-span-1"
        title="Latency distribution"
        description={`How many completed runs took how long (total time, log-spaced bins).${note ? ` ${note}` : ''}`}
        isLoading={histogram.isLoading}
        error={histogram.error}
        empty={histogramRows.some((r) => r.count > 0) ? null : noCompleted}
      >
        <HistogramChart rows={histogramRows} />
      </ChartCard>
    </div>
  );
}
