/**
 * The benchmark report as one self-contained HTML file (inline CSS and SVG, no script, no
 * request): pure rendering from the report's head, its runs reduced to points, and where it
 * ran. Shared by the API (`?format=html`) and, through it, the CLI.
 */
export { escapeHtml, html, SafeHtml } from './escape.js';
export { renderHtmlReport } from './layout.js';
export type { HtmlReportEnvironment, HtmlReportInput } from './report-input.js';
export { collectReportRuns, type ReportPoint, type ReportRuns } from './report-runs.js';
export { chooseStepMs, type TimeBucket, type TimeBuckets, timeBuckets } from './time-buckets.js';
