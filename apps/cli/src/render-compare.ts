/**
 * `tfbench compare`'s result as a table for the terminal and as Markdown: per metric the
 * median and p95 of each side, their changes with bootstrap intervals, the Mann-Whitney p,
 * the verdict; the success rates with Newcombe's interval; then the gate.
 */
import type { MetricComparison, RowComparison } from '@tfbench/core/reporting';
import type { BaselineResult } from './baseline.js';
import { allowance, ms, percent, signed } from './format.js';
import { cell } from './render-markdown.js';
import { aligned, type Paint } from './render-table.js';

export interface CompareResult {
  a: { label: string; runs: number; sampled: boolean };
  b: { label: string; runs: number; sampled: boolean };
  comparison: RowComparison;
  gate: BaselineResult;
  /** 98 when b regressed against a beyond --max-regression, else 0. */
  exit_code: 0 | 98;
}

type Row = [string, string, string, string, string, string, string, string, string];

const HEADER: Row = [
  'metric',
  'A p50',
  'B p50',
  'change p50 [CI]',
  'A p95',
  'B p95',
  'change p95 [CI]',
  'p',
  'verdict',
];

function rows(result: CompareResult): Row[] {
  const { comparison } = result;
  const out: Row[] = [];
  for (const [metric, compared] of Object.entries(comparison.metrics) as Array<[string, MetricComparison]>) {
    // A figure neither side has (cost of free runs, ITL of TinyFish runs) says nothing.
    if (compared.a.n === 0 && compared.b.n === 0) continue;
    const value = metric === 'cost_usd' ? usd : ms;
    out.push([
      metric,
      value(compared.a.p50),
      value(compared.b.p50),
      change(compared.median_difference),
      value(compared.a.p95),
      value(compared.b.p95),
      change(compared.p95_difference),
      compared.mann_whitney ? pValue(compared.mann_whitney.p_value) : '–',
      compared.verdict,
    ]);
  }
  const rate = comparison.success_rate;
  const points = (value: number | null) => (value === null ? null : value * 100);
  out.push([
    'success_rate',
    percent(rate.a.rate),
    percent(rate.b.rate),
    `${signed(points(rate.difference), 'success_rate')} ${interval(points(rate.ci_lower), points(rate.ci_upper))}`,
    '',
    '',
    '',
    '',
    rate.verdict,
  ]);
  return out;
}

export function renderCompareTable(result: CompareResult, paint: Paint): string {
  const confidence = Math.round(result.comparison.success_rate.confidence * 100);
  const lines = [
    paint.bold(`A: ${result.a.label} · ${side(result.a)}`),
    paint.bold(`B: ${result.b.label} · ${side(result.b)}`),
    '',
    ...aligned([HEADER, ...rows(result)]),
    '',
    `changes are B against A, with ${confidence} % intervals (bootstrap; success rate: Newcombe); p: Mann-Whitney U`,
    '',
    'gate (a significant regression beyond the allowed change fails):',
  ];
  for (const check of result.gate.checks) {
    const mark = check.regressed ? paint.fail('FAIL') : paint.pass('PASS');
    lines.push(
      `  ${mark}  ${check.metric}  ${signed(check.change, check.metric)}  ${check.verdict}  (allowed ${allowance(check)})`,
    );
  }
  lines.push('', `verdict: ${verdictText(result, paint)}`);
  return `${lines.join('\n')}\n`;
}

export function renderCompareMarkdown(result: CompareResult): string {
  const lines = [
    `### tfbench compare: ${cell(result.b.label)} against ${cell(result.a.label)}`,
    '',
    `**Verdict:** ${result.gate.regressed ? '❌ regressed' : '✅ no regression beyond the allowed change'} · A: ${side(result.a)} · B: ${side(result.b)}`,
    '',
    `| ${HEADER.join(' | ')} |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows(result).map((row) => `| ${row.map(cell).join(' | ')} |`),
    '',
    '| gate | change | comparison | allowed | result |',
    '|---|---:|---|---:|---|',
    ...result.gate.checks.map(
      (check) =>
        `| ${check.metric} | ${signed(check.change, check.metric)} | ${check.verdict} | ${allowance(check)} | ${check.regressed ? '❌ regressed' : '✅ pass'} |`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

function verdictText(result: CompareResult, paint: Paint): string {
  if (result.gate.regressed)
    return paint.fail(
      `B regressed against A (${result.gate.checks
        .filter((c) => c.regressed)
        .map((c) => c.metric)
        .join(', ')})`,
    );
  return paint.pass(`no regression beyond the allowed change (comparison: ${result.comparison.verdict})`);
}

function side(s: CompareResult['a']): string {
  return `${s.runs} runs${s.sampled ? ' (a random sample)' : ''}`;
}

function change(difference: MetricComparison['median_difference']): string {
  if (difference.estimate_pct === null) return '–';
  return `${signed(difference.estimate_pct, 'pct')} ${interval(difference.ci_lower_pct, difference.ci_upper_pct)}`;
}

function interval(lower: number | null, upper: number | null): string {
  if (lower === null || upper === null) return '';
  const bound = (value: number) => `${value > 0 ? '+' : ''}${value.toFixed(1)}`;
  return `[${bound(lower)}, ${bound(upper)}]`;
}

function usd(value: number | null): string {
  return value === null ? '–' : `$${Number(value.toPrecision(4))}`;
}

function pValue(p: number): string {
  return p < 0.0001 ? '<0.0001' : p.toFixed(4);
}
