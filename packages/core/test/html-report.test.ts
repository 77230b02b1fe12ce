/**
 * The HTML report renderer: one self-contained document (no script, nothing fetched), every
 * section present, and user-provided text (names, error messages) inert.
 */
import { describe, expect, it } from 'vitest';
import { chooseStepMs, html, timeBuckets } from '../src/reporting/html-report/index.js';
import { escapeHtml, renderHtmlReport } from '../src/reporting/index.js';
import { HOSTILE, reportInput } from './html-report-fixture.js';

/** Tags and attributes that would make a browser fetch something or run code. */
const FETCHING = [
  /^<(script|link|img|iframe|object|embed|image|use)\b/i,
  /\s(src|href|srcset|action)=/i,
  /\son[a-z]+=/i,
];

/** The document's tags: escaped text holds no `<`, so whatever markup a name carried is not here. */
function tagsOf(page: string): string[] {
  return page.match(/<[^>]*>/g) ?? [];
}

describe('renderHtmlReport', () => {
  const page = renderHtmlReport(reportInput({ withTokens: true }));

  it('is one document that fetches nothing and runs nothing', () => {
    expect(page.startsWith('<!doctype html>')).toBe(true);
    const offending = tagsOf(page).filter((tag) => FETCHING.some((pattern) => pattern.test(tag)));
    expect(offending).toEqual([]);
    const css = page.slice(page.indexOf('<style>'), page.indexOf('</style>'));
    expect(css).not.toMatch(/url\(|@import/);
    // The policy forbids every fetch and script even if something slipped through (quotes escaped).
    expect(page).toContain('content="default-src &#39;none&#39;;');
    // The only URL is the one inside an error message, as escaped text.
    expect(page.match(/https?:\/\//g)).toEqual(['https://']);
    expect(page).toContain('HTTP 502 from https://upstream.example/v1: &lt;script&gt;');
  });

  it('escapes every name and message', () => {
    expect(page).not.toContain(HOSTILE);
    const escaped = escapeHtml(HOSTILE);
    expect(page).toContain(`Benchmark #42 · nightly ${escaped}`);
    expect(page).toContain(`Checkout ${escaped}`);
    expect(page).toContain(`Shop ${escaped}`);
    expect(page).toContain(`<title>tfbench · Benchmark #42 · nightly ${escaped}</title>`);
  });

  it('shows the verdict, each threshold, the summary with intervals and the errors', () => {
    expect(page).toContain('data-verdict="failed"');
    expect(page).toMatch(/pass<\/span><\/td><td><code>p95\(total_duration_ms\) &lt; 2000<\/code>/);
    expect(page).toMatch(/fail<\/span><\/td><td><code>success_rate &gt;= 0.99<\/code>/);
    // p50 and p95 of the total time with their 95 % intervals.
    expect(page).toMatch(/total_duration_ms<\/span><\/th>(<td class="num">.*?<\/td>){4}/);
    expect(page.match(/<span class="ci">\[/g)?.length).toBeGreaterThanOrEqual(6);
    expect(page).toContain('<code>UPSTREAM_5XX</code>');
    expect(page).toContain('<code>TIMEOUT</code>');
  });

  it('draws the histogram, latency over time and throughput, wide and narrow', () => {
    for (const id of ['histogram', 'latency-over-time', 'throughput']) {
      const section = page.slice(
        page.indexOf(`id="${id}"`),
        page.indexOf('</section>', page.indexOf(`id="${id}"`)),
      );
      expect(section, id).toContain('class="chart-wide"');
      expect(section, id).toContain('class="chart-narrow"');
    }
    expect(page).toMatch(/<rect class="bar"/);
    expect(page).toMatch(/<path class="line p95" d="M[\d.,L]+"/);
  });

  it('shows tokens, settings and environment', () => {
    expect(page).toContain('Time per output token (TPOT)');
    expect(page).toMatch(/<dt>Concurrency<\/dt><dd>5<\/dd>/);
    expect(page).toMatch(/<dt>Mode<\/dt><dd>mock/);
    expect(page).toMatch(/<dt>Provider<\/dt><dd>openai<\/dd>/);
    expect(page).toMatch(/<dt>Database<\/dt><dd>pglite<\/dd>/);
    expect(page).toMatch(/<dt>tfbench<\/dt><dd>0.1.0<\/dd>/);
  });

  it('leaves out tokens when the runs had none, and says when nothing completed', () => {
    const plain = renderHtmlReport(reportInput());
    expect(plain).not.toContain('TPOT');
    const empty = reportInput({ runs: 0 });
    const none = renderHtmlReport({ ...empty, head: { ...empty.head, summary: null, thresholds: null } });
    expect(none).toContain('No run completed.');
    expect(none).toContain('Thresholds are evaluated when the benchmark ends');
  });
});

describe('html', () => {
  it('escapes interpolations but keeps nested html', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p>${inner}${'"&\''}${null}${[1, '<']}</p>`.text).toBe(
      '<p><b>&lt;i&gt;</b>&quot;&amp;&#39;1&lt;</p>',
    );
  });
});

describe('timeBuckets', () => {
  it('picks a readable step and counts runs where they ended', () => {
    expect(chooseStepMs(60_000)).toBe(2_000);
    expect(chooseStepMs(3_600_000)).toBe(120_000);
    const { points } = reportInput().runs;
    const time = timeBuckets(points);
    expect(time?.stepMs).toBe(2_000);
    const ended = time?.buckets.reduce((sum, b) => sum + b.completed + b.failed, 0);
    expect(ended).toBe(points.length);
    expect(timeBuckets([])).toBeNull();
  });
});
