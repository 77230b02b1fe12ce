/**
 * /api/v1/analytics: time series, histograms and comparisons of runs. Each handler is one
 * core call; ranges wider than a day are answered from the rollups (see docs/performance.md).
 */
import * as wire from '@tfbench/contract';
import { compareSamples, getRunHistogram, getRunTimeseries } from '@tfbench/core/reporting';
import { boundedReadDeps } from '../http/bounded-reads.js';
import { routePlugin } from './declare.js';

export const analyticsRoutes = routePlugin('analytics', (app, { route, deps }) => {
  const services = boundedReadDeps(deps.db);

  app.get(
    '/timeseries',
    route('viewer', {
      summary: 'A metric per time bucket',
      description:
        'Per bucket: count, p50, p95, p99 and mean for latency metrics and cost; the rate with its Wilson interval for success_rate; runs per minute for throughput. Range: from (default: to minus 24 h) to to (default: now). Filters as for the KPIs.',
      querystring: wire.timeseriesQuery,
      response: { 200: wire.timeseries.meta({ description: 'The series.' }), ...wire.boundedReadErrors },
    }),
    async (request) => getRunTimeseries(services, request.query),
  );

  app.get(
    '/histogram',
    route('viewer', {
      summary: 'The distribution of a metric',
      description:
        'Histogram bins of a figure of the completed runs matching the filters; log-spaced for latencies unless scale=linear.',
      querystring: wire.histogramQuery,
      response: { 200: wire.histogramResponse.meta({ description: 'The bins.' }), ...wire.boundedReadErrors },
    }),
    async (request) => getRunHistogram(services, request.query),
  );

  app.get(
    '/compare',
    route('viewer', {
      summary: 'Compare two samples of runs',
      description:
        'Per metric (total_duration_ms, ttft_ms, itl_mean, cost_usd): n, p50, p95, p99 and mean of a and b, the change in %, seeded bootstrap intervals of the differences of medians and of p95, a Mann-Whitney U test and a verdict at alpha; the success-rate difference with its Newcombe interval; and an overall verdict. See docs/thresholds.md.',
      querystring: wire.compareQuery,
      response: { 200: wire.comparison.meta({ description: 'The comparison.' }), ...wire.boundedReadErrors },
    }),
    async (request) => compareSamples(services, request.query),
  );
});
