/**
 * GET /api/v1/benchmarks/{id}/report?format=html: the report as one self-contained page to
 * download, with every name and message the user wrote inert; the JSON report stays the
 * default; a bad format is a 400 naming the field, an unknown benchmark a 404.
 */
import { insertBenchmark, insertRun } from '@tfbench/core/repositories';
import { describeEachDatabase } from '@tfbench/core/testing';
import { expect, it } from 'vitest';
import { expectErrorEnvelope, fieldsOf, seedReadmeExamples, useApp } from './helpers.js';

const HOSTILE = '<script>alert(1)</script>';

describeEachDatabase('the HTML benchmark report', (getDb) => {
  const app = useApp(getDb);

  it('serve a finished benchmark as a self-contained page with its name escaped', async () => {
    await seedReadmeExamples(app());
    const db = getDb().db;
    const benchmark = await insertBenchmark(db, {
      scenario_id: 1,
      name: `nightly ${HOSTILE}`,
      status: 'completed',
      settings: { iterations: 3, concurrency: 1, arrival: 'closed', thresholds: ['success_rate >= 0.9'] },
      threshold_results: [{ expression: 'success_rate >= 0.9', observed: 2 / 3, passed: false, n: 3 }],
      started_at: new Date('2026-01-01T00:00:00Z'),
      finished_at: new Date('2026-01-01T00:00:05Z'),
    });
    for (let i = 0; i < 3; i++) {
      const failed = i === 2;
      await insertRun(db, {
        scenario_id: 1,
        benchmark_id: benchmark.id,
        inputs: {},
        status: failed ? 'failed' : 'completed',
        started_at: new Date(Date.parse('2026-01-01T00:00:00Z') + i * 1_000),
        finished_at: new Date(Date.parse('2026-01-01T00:00:01Z') + i * 1_000),
        total_duration_ms: 900 + i * 50,
        ttft_ms: 100,
        error_code: failed ? 'UPSTREAM_5XX' : null,
        error: failed ? `bad gateway ${HOSTILE}` : null,
      });
    }

    const response = await app().inject({
      method: 'GET',
      url: `/api/v1/benchmarks/${benchmark.id}/report?format=html`,
    });
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="tfbench-benchmark-${benchmark.id}.html"`,
    );
    const page = response.body;
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).not.toContain(HOSTILE);
    expect(page).toContain('nightly &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('bad gateway &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('data-verdict="failed"');
    expect(page).toContain('<code>success_rate &gt;= 0.9</code>');
    expect(page).toContain('<code>UPSTREAM_5XX</code>');
    // Where it ran: the test configuration's mode, the README automation's provider, this database.
    expect(page).toMatch(/<dt>Mode<\/dt><dd>mock/);
    expect(page).toMatch(/<dt>Provider<\/dt><dd>tinyfish<\/dd>/);
    expect(page).toContain(`<dt>Database</dt><dd>${getDb().kind}</dd>`);
    expect(page).not.toMatch(/<script|\ssrc=|\shref=/i);

    const json = await app().inject({ method: 'GET', url: `/api/v1/benchmarks/${benchmark.id}/report` });
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(json.body)).toMatchObject({ report_version: 1, benchmark: { id: benchmark.id } });
    const explicit = await app().inject({
      method: 'GET',
      url: `/api/v1/benchmarks/${benchmark.id}/report?format=json`,
    });
    expect(explicit.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('refuse an unknown format and an unknown benchmark', async () => {
    const refused = await app().inject({ method: 'GET', url: '/api/v1/benchmarks/1/report?format=pdf' });
    expect(refused.statusCode).toBe(400);
    expect(fieldsOf(expectErrorEnvelope(refused).details)).toEqual(['querystring.format']);
    const missing = await app().inject({ method: 'GET', url: '/api/v1/benchmarks/99999/report?format=html' });
    expect(missing.statusCode).toBe(404);
    expect(expectErrorEnvelope(missing).code).toBe('NOT_FOUND');
    const badId = await app().inject({ method: 'GET', url: '/api/v1/benchmarks/abc/report?format=html' });
    expect(badId.statusCode).toBe(400);
    expect(fieldsOf(expectErrorEnvelope(badId).details)).toEqual(['params.id']);
  });
});
