/**
 * The whole report page: header and verdict, headline tiles, thresholds and errors, the
 * charts, the figures with their intervals, tokens, repeats, settings and environment. One
 * self-contained HTML document; its Content-Security-Policy forbids every request and every
 * script, so even a file edited by hand cannot make the browser fetch anything.
 */
import { html, type SafeHtml, trusted } from './escape.js';
import { formatInstant, formatMs, toDate } from './format.js';
import { legend, panel } from './panel.js';
import type { HtmlReportInput } from './report-input.js';
import { kpiTiles, latencySummary, rateSummary, repeatSummary, tokenSummary } from './sections-figures.js';
import { errorTable, thresholdTable, verdictPill } from './sections-outcome.js';
import { seriesSections } from './sections-series.js';
import { environmentList, settingsList } from './sections-setup.js';
import { REPORT_CSS } from './styles.js';
import { responsiveChart } from './svg-frame.js';
import { histogramSvg } from './svg-histogram.js';
import { latencyTimelineSvg, throughputSvg } from './svg-timeline.js';
import { timeBuckets } from './time-buckets.js';

const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** Time buckets for `runs` runs with about `perBucket` in each: 3 to 40 of them. */
function bucketsFor(runs: number, perBucket: number): number {
  return Math.min(40, Math.max(3, Math.round(runs / perBucket)));
}

function charts(input: HtmlReportInput): SafeHtml {
  const { points } = input.runs;
  const summary = input.head.summary;
  const totals = points
    .filter((p) => p.status === 'completed' && p.totalMs !== null)
    .map((p) => p.totalMs as number)
    .sort((a, b) => a - b);
  // Latency buckets need several runs each for a p95 to mean something; throughput bars less.
  const latencyTime = timeBuckets(points, bucketsFor(totals.length, 8));
  const time = timeBuckets(points, bucketsFor(points.length, 3));
  const none = (what: string) => html`<p class="empty">${what}</p>`;
  const markers = [
    ...(summary?.total_duration_ms.p50 != null
      ? [{ label: 'p50', value: summary.total_duration_ms.p50, tone: 'p50' as const }]
      : []),
    ...(summary?.total_duration_ms.p95 != null
      ? [{ label: 'p95', value: summary.total_duration_ms.p95, tone: 'p95' as const }]
      : []),
  ];
  const histogram =
    totals.length > 0
      ? html`${responsiveChart('Histogram of the total time of completed runs', (size) => histogramSvg(totals, markers, size))}${legend(
          [
            ['completed', 'completed runs per bin'],
            ['p50', 'p50'],
            ['p95', 'p95'],
          ],
        )}`
      : none('No run completed.');
  const timeline =
    latencyTime && totals.length > 0
      ? html`${responsiveChart('Latency of each run over the benchmark', (size) => latencyTimelineSvg(points, latencyTime, size))}${legend(
          [
            ['total', 'total time'],
            ['ttft', 'time to first event'],
            ['p50', 'p50 per bucket'],
            ['p95', 'p95 per bucket'],
            ['failed', 'failed run'],
          ],
        )}`
      : none('No run completed.');
  const throughput = time
    ? html`${responsiveChart('Runs ended per second over the benchmark', (size) => throughputSvg(time, size))}${legend(
        [
          ['completed', 'completed'],
          ['failed', 'failed or timed out'],
        ],
      )}`
    : none('No run started.');
  return html`<div class="grid">${panel('Latency distribution', histogram, { hint: 'Total time of the completed runs.', id: 'histogram' })}${panel(
    'Latency over time',
    timeline,
    {
      hint: 'Each run where it started; lines are the p50 and p95 of each time bucket.',
      id: 'latency-over-time',
    },
  )}${panel('Throughput', throughput, { hint: 'Runs that ended per second.', id: 'throughput' })}${panel(
    'Errors by code',
    errorTable(input.head, input.runs.errorSamples),
    { id: 'errors' },
  )}</div>`;
}

function header(input: HtmlReportInput): SafeHtml {
  const { head } = input;
  const b = head.benchmark;
  const started = toDate(b.started_at);
  const finished = toDate(b.finished_at);
  const scenario = head.scenario ? head.scenario.name : `scenario #${b.scenario_id}`;
  return html`<header class="header"><div><div class="eyebrow">tfbench benchmark report</div><h1>Benchmark #${b.id}${b.name ? html` · ${b.name}` : ''}</h1><div class="meta"><span>Scenario: ${scenario}</span><span>Status: ${b.status}</span><span>Started ${formatInstant(started)}</span>${
    started && finished ? html`<span>Took ${formatMs(finished.getTime() - started.getTime())}</span>` : ''
  }</div></div><div class="verdict">${verdictPill(head)}<span class="muted">${input.environment.mode} · ${input.environment.provider ?? 'provider unknown'}</span></div></header>`;
}

function banners(input: HtmlReportInput): SafeHtml {
  const b = input.head.benchmark;
  return html`${
    b.finished_at
      ? ''
      : html`<p class="banner">This benchmark was still ${b.status} when the report was made: the figures are partial.</p>`
  }${b.stop_reason ? html`<p class="banner">Stopped early: ${b.stop_reason}</p>` : ''}`;
}

/** The report as one HTML document. */
export function renderHtmlReport(input: HtmlReportInput): string {
  const { head } = input;
  const summary = head.summary;
  const title = `tfbench · Benchmark #${head.benchmark.id}${head.benchmark.name ? ` · ${head.benchmark.name}` : ''}`;
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CSP}"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light"><title>${title}</title><style>${trusted(REPORT_CSS)}</style></head>
<body><main>${header(input)}${banners(input)}${kpiTiles(summary, head)}<div class="grid">${panel('Thresholds', thresholdTable(head), { wide: true, id: 'thresholds' })}</div>${seriesSections(summary)}${charts(input)}<div class="grid">${panel(
    'Summary',
    html`${latencySummary(summary, input.runs.points)}<h2 class="sub-heading">Rates</h2>${rateSummary(summary)}`,
    {
      wide: true,
      hint: 'Completed measured runs (warm-ups left out). Brackets: 95 % confidence intervals.',
      id: 'summary',
    },
  )}${tokenSummary(summary)}${repeatSummary(summary)}${panel('Settings', settingsList(head), { id: 'settings' })}${panel(
    'Environment',
    environmentList(head, input.environment),
    { id: 'environment' },
  )}</div><footer>Made by tfbench ${input.environment.tfbench_version} on ${formatInstant(head.generated_at)} · report version ${head.report_version}</footer></main></body></html>
`;
  return page.text;
}
