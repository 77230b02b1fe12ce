/** The summary as GitHub-flavoured Markdown, for --markdown and GITHUB_STEP_SUMMARY. */
import { allowance, ms, observed, percent, signed } from './format.js';
import type { RunResult } from './run-result.js';

export function renderMarkdown(result: RunResult): string {
  const { metrics, benchmark, scenario } = result;
  const verdict =
    result.outcome === 'passed'
      ? `✅ ${benchmark.verdict ?? 'passed'}`
      : result.outcome === 'threshold_failed'
        ? '❌ failed: a threshold failed'
        : result.outcome === 'regressed'
          ? `❌ regressed against ${result.baseline?.ref}`
          : `❌ not completed (benchmark ${benchmark.status})`;
  const lines = [
    `### tfbench: ${cell(scenario.name)}`,
    '',
    `**Verdict:** ${verdict} · benchmark ${benchmark.id} · ${metrics.runs} runs (${metrics.completed_runs} completed) · success rate ${percent(metrics.success_rate)}`,
    '',
    '| metric | p50 | p95 | p99 |',
    '|---|---:|---:|---:|',
    `| total_duration_ms | ${ms(metrics.total_duration_ms.p50)} | ${ms(metrics.total_duration_ms.p95)} | ${ms(metrics.total_duration_ms.p99)} |`,
    `| ttft_ms | ${ms(metrics.ttft_ms.p50)} | ${ms(metrics.ttft_ms.p95)} | ${ms(metrics.ttft_ms.p99)} |`,
  ];
  if (result.thresholds.length > 0) {
    lines.push('', '| threshold | observed | result |', '|---|---:|---|');
    for (const t of result.thresholds) {
      lines.push(
        `| \`${cell(t.expression)}\` | ${observed(t.observed)} | ${t.passed ? '✅ pass' : '❌ fail'} |`,
      );
    }
  }
  if (result.baseline) {
    lines.push(
      '',
      `| against ${result.baseline.ref} | change | comparison | allowed | gate |`,
      '|---|---:|---|---:|---|',
    );
    for (const check of result.baseline.checks) {
      lines.push(
        `| ${check.metric} | ${signed(check.change, check.metric)} | ${check.verdict} | ${allowance(check)} | ${check.regressed ? '❌ regressed' : '✅ pass'} |`,
      );
    }
  }
  if (metrics.errors.length > 0) {
    lines.push('', `Errors: ${metrics.errors.map((e) => `${cell(e.error_code)} × ${e.count}`).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Text inside a table cell: a pipe or a line break would end the cell. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
