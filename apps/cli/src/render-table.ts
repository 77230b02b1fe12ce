/** The summary table printed on stdout when a run ends. */
import { allowance, ms, observed, percent, signed } from './format.js';
import type { RunResult } from './run-result.js';

export interface Paint {
  pass(text: string): string;
  fail(text: string): string;
  bold(text: string): string;
}

/** Escape codes only on a terminal and only without NO_COLOR (https://no-color.org). */
export function paintFor(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): Paint {
  const on = stream.isTTY === true && (env.NO_COLOR ?? '') === '';
  const wrap = (code: number) => (text: string) => (on ? `\u001b[${code}m${text}\u001b[0m` : text);
  return { pass: wrap(32), fail: wrap(31), bold: wrap(1) };
}

export function renderTable(result: RunResult, paint: Paint): string {
  const { metrics, benchmark, scenario } = result;
  const rows: string[][] = [
    ['metric', 'p50', 'p95', 'p99'],
    [
      'total_duration_ms',
      ms(metrics.total_duration_ms.p50),
      ms(metrics.total_duration_ms.p95),
      ms(metrics.total_duration_ms.p99),
    ],
    ['ttft_ms', ms(metrics.ttft_ms.p50), ms(metrics.ttft_ms.p95), ms(metrics.ttft_ms.p99)],
  ];
  const lines = [
    paint.bold(`benchmark ${benchmark.id} · scenario "${scenario.name}" · ${benchmark.status}`),
    '',
    ...aligned(rows),
    '',
    `runs: ${metrics.runs} (${metrics.completed_runs} completed) · success rate: ${percent(metrics.success_rate)}`,
  ];
  if (metrics.errors.length > 0) {
    lines.push(`errors: ${metrics.errors.map((e) => `${e.error_code} × ${e.count}`).join(', ')}`);
  }
  if (result.thresholds.length > 0) {
    lines.push('', 'thresholds:');
    for (const t of result.thresholds) {
      const mark = t.passed ? paint.pass('PASS') : paint.fail('FAIL');
      lines.push(
        `  ${mark}  ${t.expression}  (observed ${observed(t.observed)}${t.error ? `; ${t.error}` : ''})`,
      );
    }
  }
  if (result.baseline) {
    lines.push(
      '',
      `baseline ${result.baseline.ref} (a significant regression beyond the allowed change fails):`,
    );
    for (const check of result.baseline.checks) {
      const mark = check.regressed ? paint.fail('FAIL') : paint.pass('PASS');
      lines.push(
        `  ${mark}  ${check.metric}  ${signed(check.change, check.metric)}  ${check.verdict}  (allowed ${allowance(check)})`,
      );
    }
  }
  if (benchmark.stop_reason) lines.push('', `stopped: ${benchmark.stop_reason}`);
  lines.push('', `verdict: ${verdictText(result, paint)}`);
  return `${lines.join('\n')}\n`;
}

function verdictText(result: RunResult, paint: Paint): string {
  if (result.outcome === 'passed') return paint.pass(result.benchmark.verdict ?? 'passed');
  if (result.outcome === 'threshold_failed') return paint.fail('failed (a threshold failed)');
  if (result.outcome === 'regressed') return paint.fail(`regressed against ${result.baseline?.ref}`);
  return paint.fail(`not completed (benchmark ${result.benchmark.status})`);
}

/** Columns padded to their widest cell. */
export function aligned(rows: string[][]): string[] {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd(),
  );
}
