/**
 * `@tfbench/core/reporting`: what the analytics read out of stored runs — time series,
 * histograms, comparisons of two samples, exports and benchmark reports, the Prometheus
 * exposition, and synthetic runs to fill a database for them — computed with the pure
 * statistics of `@tfbench/domain/statistics` from raw runs and the rollups of
 * `@tfbench/core/rollups`. The dashboard KPIs live with the other services
 * (`getDashboardKpis`).
 */

export {
  HISTOGRAM_METRICS,
  type HistogramMetric,
  TIMESERIES_BUCKETS,
  TIMESERIES_METRICS,
  type TimeseriesBucket,
  type TimeseriesMetric,
  TOKEN_FIGURES,
  type TokenFigure,
} from '@tfbench/domain/vocabulary';
export type { CompareRunRow } from '../repositories/run-analytics.js';
export { type AnalyticsFilterParams, toAnalyticsFilter } from './analytics-filter.js';
export {
  type BenchmarkReport,
  type BenchmarkReportHead,
  benchmarkReportJson,
  getBenchmarkReport,
  REPORT_RUN_FIELDS,
  type ReportRun,
} from './benchmark-report.js';
export { getBenchmarkReportHtml, type ReportDeployment } from './benchmark-report-html.js';
export {
  COMPARED_METRICS,
  COMPARED_TOKEN_METRICS,
  type ComparedMetric,
  type ComparedTokenMetric,
  type CompareRowsOptions,
  compareRunRows,
  MAX_BOOTSTRAP_VALUES,
  type MetricComparison,
  type RowComparison,
  seededSample,
} from './compare-run-rows.js';
export {
  type CompareSamplesParams,
  type CompareSide,
  compareSamples,
  MAX_COMPARE_RUNS,
  type SampleComparison,
} from './compare-samples.js';
export {
  EXPORT_COLUMNS,
  EXPORT_FORMATS,
  EXPORT_PAGE_SIZE,
  type ExportFormat,
  type ExportRunsParams,
  exportRuns,
  type RunExport,
} from './export-runs.js';
export {
  getRunHistogram,
  type HistogramParams,
  type RunHistogram,
} from './get-run-histogram.js';
export {
  AUTO_MAX_POINTS,
  type CostPoint,
  DEFAULT_TIMESERIES_RANGE_MS,
  getRunTimeseries,
  type LatencyPoint,
  MAX_POINTS,
  type RatePoint,
  type RunTimeseries,
  type ThroughputPoint,
  type TimeseriesParams,
  type TimeseriesPoint,
} from './get-run-timeseries.js';
export {
  collectReportRuns,
  escapeHtml,
  type HtmlReportEnvironment,
  type HtmlReportInput,
  type ReportPoint,
  type ReportRuns,
  renderHtmlReport,
} from './html-report/index.js';
export {
  DURATION_BUCKETS_S,
  escapeLabelValue,
  PROMETHEUS_CONTENT_TYPE,
  type PrometheusSources,
  renderPrometheusMetrics,
  TTFT_BUCKETS_S,
} from './prometheus.js';
export {
  chooseSource,
  EXACT_RANGE_MAX_MS,
  type FigureSource,
  ROLLUP_RELATIVE_ACCURACY,
  relativeErrorOf,
  rollupScopeOf,
} from './range-policy.js';
export { DEFAULT_SCENARIO_WINDOW_MS, parseSampleRef, type SampleRef } from './sample-ref.js';
export { type SyntheticRunsOptions, syntheticRuns } from './synthetic-runs.js';
