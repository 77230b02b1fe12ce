/**
 * The report's figures: the headline tiles, the latency summary with its 95 % intervals (a
 * t-interval for the mean, distribution-free order-statistic intervals for p50 and p95, read
 * from the runs themselves), the rates with their Wilson intervals, the token figures of
 * OpenAI-compatible runs, and the spread across repeats.
 */
import { quantileInterval, tInterval } from '@tfbench/domain/statistics';
import type { Distribution } from '../../repositories/benchmark-summary.js';
import type { BenchmarkReportHead } from '../benchmark-report.js';
import { html, type SafeHtml } from './escape.js';
import { DASH, formatCount, formatMs, formatNumber, formatPercent, formatUsd } from './format.js';
import type { ReportPoint } from './report-runs.js';

type Summary = NonNullable<BenchmarkReportHead['summary']>;
type Format = (value: number | null | undefined) => string;

function sortedValues(points: readonly ReportPoint[], pick: (p: ReportPoint) => number | null): number[] {
  const values: number[] = [];
  for (const p of points) {
    const v = p.status === 'completed' ? pick(p) : null;
    if (v !== null && Number.isFinite(v)) values.push(v);
  }
  return values.sort((a, b) => a - b);
}

function interval(
  lower: number | null | undefined,
  upper: number | null | undefined,
  format: Format,
): SafeHtml {
  if (lower === null || lower === undefined || upper === null || upper === undefined) {
    return html`<span class="ci" title="Too few runs for a 95 % interval">95 % CI ${DASH}</span>`;
  }
  return html`<span class="ci">[${format(lower)}, ${format(upper)}]</span>`;
}

function kpi(label: string, value: string, sub: string | SafeHtml, tone?: 'good' | 'bad'): SafeHtml {
  return html`<div class="kpi ${tone ?? ''}"><div class="label">${label}</div><div class="value">${value}</div><div class="sub">${sub}</div></div>`;
}

export function kpiTiles(summary: Summary | null, head: BenchmarkReportHead): SafeHtml {
  if (!summary) return html``;
  const rate = summary.success_rate;
  const failed = summary.outcome_runs - summary.completed_runs;
  const planned = head.headline.runs_planned;
  const total = summary.total_duration_ms;
  return html`<section class="kpis" aria-label="Headline figures">${[
    kpi(
      'Runs',
      formatCount(summary.outcome_runs),
      planned !== null ? `of ${formatCount(planned)} planned` : '',
    ),
    kpi(
      'Success rate',
      formatPercent(rate.estimate),
      rate.n > 0 ? `95 % CI ${formatPercent(rate.lower)} – ${formatPercent(rate.upper)}` : 'no outcome yet',
      rate.estimate === null
        ? undefined
        : rate.estimate >= 0.99
          ? 'good'
          : rate.estimate < 0.9
            ? 'bad'
            : undefined,
    ),
    kpi('p50 total time', formatMs(total.p50), `mean ${formatMs(total.mean)}`),
    kpi('p95 total time', formatMs(total.p95), `p99 ${formatMs(total.p99)}`),
    kpi(
      'Throughput',
      summary.runs_per_minute === null ? DASH : `${formatNumber(summary.runs_per_minute, 1)}/min`,
      summary.runs_per_minute === null ? '' : `${formatNumber(summary.runs_per_minute / 60, 2)} runs/s`,
    ),
    kpi(
      'Errors',
      formatCount(failed),
      summary.outcome_runs > 0 ? `${formatPercent(failed / summary.outcome_runs)} of runs` : '',
      failed > 0 ? 'bad' : undefined,
    ),
  ]}</section>`;
}

interface LatencyRow {
  label: string;
  metric: string;
  distribution: Distribution | null | undefined;
  /** The completed runs' values, sorted, when the runs carry them: the intervals need them. */
  values?: number[];
}

function latencyRow(row: LatencyRow): SafeHtml {
  const d = row.distribution;
  if (!d) return html``;
  const values = row.values ?? [];
  const mean = values.length > 0 ? tInterval(values) : null;
  const p50 = values.length > 0 ? quantileInterval(values, 0.5) : null;
  const p95 = values.length > 0 ? quantileInterval(values, 0.95) : null;
  const withCi = (value: number | null, ci: SafeHtml | null) => html`${formatMs(value)}${ci}`;
  return html`<tr><th scope="row">${row.label}<span class="ci mono">${row.metric}</span></th><td class="num">${formatCount(d.count)}</td><td class="num">${withCi(d.mean, row.values ? interval(mean?.lower, mean?.upper, formatMs) : null)}</td><td class="num">${formatMs(d.min)}</td><td class="num">${withCi(d.p50, row.values ? interval(p50?.lower, p50?.upper, formatMs) : null)}</td><td class="num">${formatMs(d.p90)}</td><td class="num">${withCi(d.p95, row.values ? interval(p95?.lower, p95?.upper, formatMs) : null)}</td><td class="num">${formatMs(d.p99)}</td><td class="num">${formatMs(d.max)}</td></tr>`;
}

export function latencySummary(summary: Summary | null, points: readonly ReportPoint[]): SafeHtml {
  if (!summary) return html`<p class="empty">No figures yet.</p>`;
  const rows: LatencyRow[] = [
    {
      label: 'Total time',
      metric: 'total_duration_ms',
      distribution: summary.total_duration_ms,
      values: sortedValues(points, (p) => p.totalMs),
    },
    {
      label: 'Time to first event',
      metric: 'ttft_ms',
      distribution: summary.ttft_ms,
      values: sortedValues(points, (p) => p.ttftMs),
    },
    { label: 'Gap between events', metric: 'itl_ms', distribution: summary.itl_ms },
    {
      label: 'Latency from intended start',
      metric: 'latency_from_intended_ms',
      distribution: summary.latency_from_intended_ms,
    },
    { label: 'Schedule lag', metric: 'schedule.lag_ms', distribution: summary.schedule?.lag_ms },
  ];
  return html`<div class="table-scroll"><table class="row-headed"><thead><tr><th>Completed runs</th><th class="num">n</th><th class="num">mean</th><th class="num">min</th><th class="num">p50</th><th class="num">p90</th><th class="num">p95</th><th class="num">p99</th><th class="num">max</th></tr></thead><tbody>${rows.map(latencyRow)}</tbody></table></div>`;
}

export function rateSummary(summary: Summary | null): SafeHtml {
  if (!summary) return html``;
  const rate = summary.success_rate;
  const goal = summary.goal_success_rate;
  const rows: Array<[string, string, SafeHtml | string]> = [
    [
      'Success rate',
      `${formatPercent(rate.estimate)} (${formatCount(rate.successes)} of ${formatCount(rate.n)} runs sent)`,
      rate.n > 0 ? interval(rate.lower, rate.upper, formatPercent) : '',
    ],
  ];
  if (goal.evaluated_runs > 0)
    rows.push([
      'Goal success rate',
      `${formatPercent(goal.estimate)} (${formatCount(goal.successes)} of ${formatCount(goal.n)})`,
      interval(goal.lower, goal.upper, formatPercent),
    ]);
  rows.push(['Runs per minute', formatNumber(summary.runs_per_minute, 1), '']);
  if (summary.schedule) rows.push(['Dropped arrivals', formatCount(summary.schedule.dropped_runs), '']);
  if (summary.cost_usd !== null)
    rows.push([
      'Cost',
      `${formatUsd(summary.cost_usd)} (${formatUsd(summary.cost_per_successful_run_usd)} per completed run)`,
      '',
    ]);
  return html`<dl class="facts">${rows.map(([label, value, ci]) => html`<dt>${label}</dt><dd>${value}${ci}</dd>`)}</dl>`;
}

export function tokenSummary(summary: Summary | null): SafeHtml {
  const tokens = summary?.tokens;
  if (!tokens) return html``;
  const tokensPerS = (v: number | null | undefined) =>
    v === null || v === undefined ? DASH : `${formatNumber(v, 1)} tok/s`;
  const count = (v: number | null | undefined) => formatNumber(v, 0);
  const rows: Array<[string, Distribution, Format]> = [
    ['Time per output token (TPOT)', tokens.tpot_ms, formatMs],
    ['Time to first answer token', tokens.time_to_first_answer_token_ms, formatMs],
    ['Output speed per request', tokens.output_tokens_per_s_per_request, tokensPerS],
    ['Output tokens', tokens.output_tokens, count],
    ['Input tokens', tokens.input_tokens, count],
  ];
  return html`<section class="panel wide"><h2>Tokens</h2><p class="hint">${formatCount(tokens.runs)} completed runs reported tokens: ${formatNumber(tokens.output_tokens_total, 0)} output tokens, ${tokensPerS(tokens.output_tokens_per_s)} overall, ${formatNumber(tokens.requests_per_s, 2)} requests/s.</p><div class="table-scroll"><table class="row-headed"><thead><tr><th>Per request</th><th class="num">n</th><th class="num">mean</th><th class="num">p50</th><th class="num">p90</th><th class="num">p95</th><th class="num">p99</th><th class="num">max</th></tr></thead><tbody>${rows.map(
    ([label, d, format]) =>
      html`<tr><th scope="row">${label}</th><td class="num">${formatCount(d.count)}</td><td class="num">${format(d.mean)}</td><td class="num">${format(d.p50)}</td><td class="num">${format(d.p90)}</td><td class="num">${format(d.p95)}</td><td class="num">${format(d.p99)}</td><td class="num">${format(d.max)}</td></tr>`,
  )}</tbody></table></div></section>`;
}

interface RepeatFigure {
  mean: number;
  halfwidth: number | null;
  lower: number | null;
  upper: number | null;
  n: number;
}

/** The figures of `summary.repeats` worth a line, with how to write them. */
const REPEAT_FIGURES: Array<[string, string, Format]> = [
  ['total_duration_ms.p50', 'p50 total time', formatMs],
  ['total_duration_ms.p95', 'p95 total time', formatMs],
  ['ttft_ms.p50', 'p50 time to first event', formatMs],
  ['success_rate.estimate', 'Success rate', formatPercent],
  ['runs_per_minute', 'Runs per minute', (v) => formatNumber(v, 1)],
];

export function repeatSummary(summary: Summary | null): SafeHtml {
  const repeats = (
    summary as { repeats?: { finished: number; metrics: Record<string, RepeatFigure> } } | null
  )?.repeats;
  if (!repeats) return html``;
  const rows = REPEAT_FIGURES.filter(([key]) => repeats.metrics[key]).map(([key, label, format]) => {
    const m = repeats.metrics[key] as RepeatFigure;
    return html`<tr><th scope="row">${label}</th><td class="num">${format(m.mean)}</td><td class="num">${m.halfwidth === null ? DASH : `± ${format(m.halfwidth)}`}</td><td class="num">${interval(m.lower, m.upper, format)}</td><td class="num">${m.n}</td></tr>`;
  });
  return html`<section class="panel wide"><h2>Across ${repeats.finished} repeats</h2><div class="table-scroll"><table class="row-headed"><thead><tr><th>Figure</th><th class="num">mean</th><th class="num">± (95 %)</th><th class="num">interval</th><th class="num">repeats</th></tr></thead><tbody>${rows}</tbody></table></div></section>`;
}
