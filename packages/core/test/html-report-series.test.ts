/**
 * The HTML report of a series benchmark: a sweep's curve (latency, achieved rate, error rate and
 * attainment against the offered rate, and its points) and a search's probes with the knee,
 * drawn as inline SVG in both sizes, fetching nothing; other benchmarks get neither section.
 */
import { describe, expect, it } from 'vitest';
import type { HtmlReportInput } from '../src/reporting/index.js';
import { renderHtmlReport } from '../src/reporting/index.js';
import { reportInput } from './html-report-fixture.js';

const percentiles = (p50: number) => ({ p50, p95: p50 * 1.5, p99: p50 * 2 });

const attainment = (estimate: number) => ({
  estimate,
  lower: Math.max(0, estimate - 0.05),
  upper: Math.min(1, estimate + 0.03),
  successes: Math.round(estimate * 40),
  n: 40,
  confidence: 0.95,
});

const CURVE = [2, 5, 8].map((rate, point) => ({
  point,
  benchmark_id: 101 + point,
  offered_rate_per_s: rate,
  achieved_rate_per_s: Math.min(rate, 6.5),
  ttft_ms: percentiles(100 + point * 80),
  total_duration_ms: percentiles(800 + point * 400),
  itl_ms: percentiles(20),
  error_rate: point * 0.05,
  attainment: attainment(1 - point * 0.2),
  goodput_per_s: rate * (1 - point * 0.2),
}));

const SATURATION = {
  over: 'rate' as const,
  target_attainment: 0.95,
  value: 4,
  ci: [4, 8] as [number, number],
  probes: [
    { value: 1, attainment: 1, pass: true, ids: [201] },
    { value: 2, attainment: 0.99, pass: true, ids: [202] },
    { value: 4, attainment: 0.97, pass: true, ids: [203, 205] },
    { value: 8, attainment: 0.6, pass: false, ids: [204] },
  ].map((p) => ({
    value: p.value,
    runs: 40,
    good: Math.round(p.attainment * 40),
    attainment: p.attainment,
    ci: [p.attainment - 0.04, Math.min(1, p.attainment + 0.02)] as [number, number],
    verdict: p.pass ? ('pass' as const) : ('fail' as const),
    decided_by: 'interval' as const,
    benchmark_ids: p.ids,
  })),
  ended: 'converged' as const,
};

function withSummary(extra: Record<string, unknown>, settings: Record<string, unknown> = {}): string {
  const input = reportInput();
  const summary = { ...input.head.summary, ...extra } as HtmlReportInput['head']['summary'];
  const benchmark = { ...input.head.benchmark, settings: { ...input.head.benchmark.settings, ...settings } };
  return renderHtmlReport({ ...input, head: { ...input.head, benchmark, summary } });
}

function section(page: string, id: string): string {
  const start = page.indexOf(`id="${id}"`);
  expect(start, id).toBeGreaterThan(0);
  return page.slice(start, page.indexOf('</section>', start));
}

describe('renderHtmlReport of a series', () => {
  it('charts a sweep: latency percentiles, achieved and error/attainment against the offered rate', () => {
    const page = withSummary(
      {
        sweep: {
          points: 3,
          duration_s_per_point: 10,
          min_rate_per_s: 2,
          max_rate_per_s: 8,
          synchronous_benchmark_id: 99,
          throughput_benchmark_id: 100,
          points_finished: 3,
        },
        curve: CURVE,
      },
      {
        arrival: 'sweep',
        sweep: { points: 3, duration_s_per_point: 10 },
        slo: { ttft_ms: 500 },
        until_ci_halfwidth: { metric: 'ttft_ms', halfwidth: 20 },
      },
    );
    expect(page).toContain(
      '<dt>Arrival</dt><dd>sweep (a series of constant-rate steps)</dd><dt>Series</dt><dd>3 points of 10 s</dd><dt>SLO</dt><dd>ttft_ms ≤ 500</dd>',
    );
    expect(page).toContain('until the CI half-width of ttft_ms ≤ 20');
    for (const id of ['sweep-total', 'sweep-ttft', 'sweep-achieved', 'sweep-quality']) {
      const chart = section(page, id);
      expect(chart, id).toContain('class="chart-wide"');
      expect(chart, id).toContain('class="chart-narrow"');
      expect(chart, id).toContain('offered rate (runs/s)');
    }
    // One dot per point on each percentile line, in both sizes.
    const total = section(page, 'sweep-total');
    for (const q of ['p50', 'p95', 'p99']) {
      const dots = total.match(new RegExp(`<g class="dots ${q}">(.*?)</g>`, 'g')) ?? [];
      expect(dots).toHaveLength(2);
      expect(dots[0]?.match(/<circle/g)).toHaveLength(3);
      expect(total).toMatch(new RegExp(`<path class="line ${q}" d="M[\\d.,]+L[\\d.,]+L[\\d.,]+"`));
    }
    expect(section(page, 'sweep-achieved')).toContain('class="line diagonal"');
    const quality = section(page, 'sweep-quality');
    expect(quality).toContain('Error rate and SLO attainment');
    expect(quality).toMatch(/<path class="whisker attainment" d="M/);
    // The table names each point's step benchmark and its figures.
    const table = section(page, 'sweep');
    expect(table).toContain('Synchronous probe (benchmark #99): 2/s; throughput probe (#100): 8/s.');
    expect(table).toMatch(
      /<th>3<\/th><td class="num">#103<\/td><td class="num">8\/s<\/td><td class="num">6.5\/s<\/td>/,
    );
    expect(page).not.toContain('id="saturation"');
    // No tag links or fetches anything (the fixture's hostile names are escaped text).
    expect(page.match(/<[^>]*\s(src|href)=[^>]*>/g)).toBeNull();
  });

  it("charts a search's probes with the target, the knee and its bracket", () => {
    const page = withSummary({ saturation: SATURATION });
    const chart = section(page, 'saturation');
    expect(chart).toContain(
      'Saturation: 4 runs/s kept 95 % SLO attainment; the knee lies between 4 and 8 runs/s (ended: converged).',
    );
    expect(chart.match(/<g class="probe pass">/g)).toHaveLength(6);
    expect(chart.match(/<g class="probe fail">/g)).toHaveLength(2);
    expect(chart).toContain('class="knee-band"');
    expect(chart).toContain('knee 4</text>');
    expect(chart).toContain('target 95%</text>');
    const probes = section(page, 'probes');
    expect(probes).toMatch(/<th>4<\/th><td><span class="pill small passed">pass<\/span>/);
    expect(probes).toContain('#203 #205');
    expect(page).not.toContain('id="sweep"');
  });

  it('says so when no point finished, and adds nothing to an ordinary benchmark', () => {
    const empty = withSummary({
      sweep: {
        points: 3,
        duration_s_per_point: 10,
        min_rate_per_s: null,
        max_rate_per_s: null,
        synchronous_benchmark_id: 99,
        throughput_benchmark_id: null,
        points_finished: 0,
        error: 'the synchronous probe ended without a completed run',
      },
      curve: [],
    });
    expect(section(empty, 'sweep')).toContain('No point of the sweep finished.');
    expect(section(empty, 'sweep')).toContain(
      'The sweep stopped: the synchronous probe ended without a completed run.',
    );
    const plain = renderHtmlReport(reportInput());
    expect(plain).not.toContain('id="sweep"');
    expect(plain).not.toContain('id="saturation"');
  });
});
