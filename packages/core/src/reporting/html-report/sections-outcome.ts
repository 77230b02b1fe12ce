/** What the benchmark was judged by: the verdict, each threshold's result, and the errors by code. */
import type { BenchmarkReportHead } from '../benchmark-report.js';
import { html, type SafeHtml } from './escape.js';
import { formatCount, formatNumber, formatPercent } from './format.js';

const VERDICTS: Record<string, { label: string; tone: 'passed' | 'failed' | 'neutral' }> = {
  passed: { label: 'Passed', tone: 'passed' },
  failed: { label: 'Failed', tone: 'failed' },
  no_thresholds: { label: 'No thresholds', tone: 'neutral' },
};

export function verdictPill(head: BenchmarkReportHead): SafeHtml {
  const verdict = head.headline.verdict;
  const shown = verdict ? VERDICTS[verdict] : undefined;
  if (!shown) return html`<span class="pill neutral" data-verdict="none">${head.benchmark.status}</span>`;
  return html`<span class="pill ${shown.tone}" data-verdict="${verdict}">${shown.label}</span>`;
}

/** As the threshold compares it (ms, a rate, a count), with no more digits than a reader uses. */
function formatObserved(value: number): string {
  const magnitude = Math.abs(value);
  return formatNumber(value, magnitude >= 100 ? 1 : magnitude >= 1 ? 3 : 4);
}

export function thresholdTable(head: BenchmarkReportHead): SafeHtml {
  const results = head.thresholds;
  if (results === null) {
    const planned = head.scenario?.thresholds ?? [];
    return html`<p class="empty">Thresholds are evaluated when the benchmark ends${
      planned.length > 0 ? html`: ${planned.map((t, i) => html`${i > 0 ? ', ' : ''}<code>${t}</code>`)}` : ''
    }.</p>`;
  }
  if (results.length === 0)
    return html`<p class="empty">This benchmark had no thresholds: nothing was checked.</p>`;
  const rows = results.map(
    (r) =>
      html`<tr><td><span class="pill small ${r.passed ? 'passed' : 'failed'}">${r.passed ? 'pass' : 'fail'}</span></td><td><code>${r.expression}</code>${
        r.built_in ? html`<span class="ci">built-in check</span>` : ''
      }${r.error ? html`<span class="ci">${r.error}</span>` : ''}</td><td class="num">${
        r.observed === null ? 'no value' : formatObserved(r.observed)
      }</td><td class="num">${formatCount(r.n)}</td></tr>`,
  );
  return html`<div class="table-scroll"><table class="thresholds"><thead><tr><th>Result</th><th>Threshold</th><th class="num">Observed</th><th class="num">Runs</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

export function errorTable(head: BenchmarkReportHead, samples: Record<string, string>): SafeHtml {
  const summary = head.summary;
  const errors = summary?.errors ?? [];
  if (errors.length === 0) return html`<p class="empty">No run failed.</p>`;
  const failed = errors.reduce((sum, e) => sum + e.count, 0);
  const runs = summary?.outcome_runs ?? 0;
  const rows = errors.map((e) => {
    const share = failed > 0 ? e.count / failed : 0;
    return html`<tr><td><code>${e.error_code}</code>${
      samples[e.error_code] ? html`<span class="sample">${samples[e.error_code]}</span>` : ''
    }</td><td class="num">${formatCount(e.count)}</td><td class="num">${
      runs > 0 ? formatPercent(e.count / runs) : ''
    }</td><td class="bar-cell"><div class="share" style="width:${(share * 100).toFixed(1)}%"></div></td></tr>`;
  });
  return html`<div class="table-scroll"><table><thead><tr><th>Error code and a sample message</th><th class="num">Runs</th><th class="num">of all</th><th><span class="ci">share of errors</span></th></tr></thead><tbody>${rows}</tbody></table></div>`;
}
