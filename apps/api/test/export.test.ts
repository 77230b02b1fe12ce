/**
 * GET /api/v1/runs/export and GET /api/v1/benchmarks/{id}/report over a real socket. The
 * export of 200,000 runs is read as it streams while the process's heap is sampled after
 * forced garbage collections: what stays alive must not grow with the rows sent.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { syntheticRuns } from '@tfbench/core/reporting';
import { insertBenchmark, insertRunsInBulk } from '@tfbench/core/repositories';
import { describeEachDatabase } from '@tfbench/core/testing';
import { expect, it } from 'vitest';
import { expectErrorEnvelope, fieldsOf, seedReadmeExamples, useListeningApp } from './helpers.js';

const EXPORTED_RUNS = 100_000;

// A collectable heap: without forcing collections, garbage would look like retained memory.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function retainedHeapBytes(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

describeEachDatabase('streamed exports', (getDb) => {
  const { app, base } = useListeningApp(getDb);

  it(`export ${EXPORTED_RUNS.toLocaleString('en')} runs as CSV in flat memory`, async () => {
    await seedReadmeExamples(app());
    const start = Date.parse('2024-05-01T00:00:00Z');
    for (const batch of syntheticRuns({
      runs: EXPORTED_RUNS - 1,
      scenarioIds: [1],
      start,
      end: start + 30 * 86_400_000,
    })) {
      await insertRunsInBulk(getDb().db, batch);
    }

    const baseline = retainedHeapBytes();
    const response = await fetch(`${base()}/api/v1/runs/export?format=csv&scenario_id=1`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="tfbench-runs.csv"');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let bytes = 0;
    let lines = 0;
    let nextSample = 0;
    let peak = 0;
    let head = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      for (const byte of value) if (byte === 10) lines++;
      if (head.length < 64) head += Buffer.from(value.subarray(0, 64)).toString('utf8');
      if (bytes >= nextSample) {
        peak = Math.max(peak, retainedHeapBytes() - baseline);
        nextSample = bytes + 8 * 1024 * 1024;
      }
    }
    peak = Math.max(peak, retainedHeapBytes() - baseline);
    expect(head.startsWith('id,scenario_id,benchmark_id,trigger,status')).toBe(true);
    // The header plus one line per run (the README run included; no field holds a newline).
    expect(lines).toBe(EXPORTED_RUNS + 1);
    // Far more text than the heap may grow: buffering it would show here.
    expect(bytes).toBeGreaterThan(40 * 1024 * 1024);
    expect(peak, `retained heap grew by ${(peak / 1048576).toFixed(1)} MiB`).toBeLessThan(16 * 1024 * 1024);
  }, 600_000);

  it('check the parameters before streaming, and stream a benchmark report', async () => {
    await seedReadmeExamples(app());
    const refused = await fetch(`${base()}/api/v1/runs/export?format=xlsx&status=done`);
    expect(refused.status).toBe(400);
    const body = { statusCode: refused.status, body: await refused.text() };
    expect(fieldsOf(expectErrorEnvelope(body).details).sort()).toEqual([
      'querystring.format',
      'querystring.status',
    ]);

    const ndjson = await fetch(`${base()}/api/v1/runs/export?format=ndjson`);
    expect(ndjson.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    const lines = (await ndjson.text()).trim().split('\n');
    expect(lines.map((line) => JSON.parse(line).id)).toEqual([1]);

    const benchmark = await insertBenchmark(getDb().db, { scenario_id: 1, name: 'b' });
    const report = await fetch(`${base()}/api/v1/benchmarks/${benchmark.id}/report`);
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const json = (await report.json()) as Record<string, unknown>;
    expect(json).toMatchObject({ report_version: 1, benchmark: { id: benchmark.id, name: 'b' }, runs: [] });
    const missing = await fetch(`${base()}/api/v1/benchmarks/999/report`);
    expect(missing.status).toBe(404);
  });
});
