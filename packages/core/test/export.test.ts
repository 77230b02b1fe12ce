/** Run exports (CSV, JSON, NDJSON) page by page, and benchmark reports. */
import { NotFoundError, ValidationError } from '@tfbench/domain/errors';
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/db/database.js';
import {
  benchmarkReportJson,
  EXPORT_COLUMNS,
  EXPORT_PAGE_SIZE,
  exportRuns,
  getBenchmarkReport,
} from '../src/reporting/index.js';
import { type BulkRun, bulkRun, insertRunsInBulk } from '../src/repositories/runs-bulk.js';
import { describeEachDatabase } from '../src/testing/index.js';
import { rejectionAs, seedAutomation, seedBenchmark, seedRun, seedScenario } from './seed.js';

async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
}

/** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += c;
  }
  expect(field).toBe('');
  expect(record).toEqual([]);
  return records;
}

const T0 = Date.parse('2024-06-01T00:00:00Z');

describeEachDatabase('run exports', (getDb) => {
  const deps = () => ({ db: getDb() });

  async function seedAwkwardRuns(handle: DatabaseHandle) {
    const automation = await seedAutomation(handle);
    const scenario = await seedScenario(handle, automation.id);
    await seedRun(handle, scenario.id, {
      status: 'failed',
      error: 'upstream said: "no", then\nclosed, sadly',
      error_code: 'RUN_FAILED',
      inputs: { goal: 'a, "quoted" goal', n: 1 },
      created_at: new Date(T0),
    });
    await seedRun(handle, scenario.id, {
      status: 'completed',
      total_duration_ms: 1234.567,
      inter_token_stats: { count: 1, min: 1, mean: 1, p50: 1, p90: 1, p95: 1, p99: 1, max: 1, stddev: 0 },
      created_at: new Date(T0 + 1000),
    });
    return scenario;
  }

  it('write CSV with every column, quoting where RFC 4180 needs it', async () => {
    await seedAwkwardRuns(getDb());
    const exported = await exportRuns(deps(), { format: 'csv' });
    expect(exported).toMatchObject({ contentType: 'text/csv; charset=utf-8', fileName: 'tfbench-runs.csv' });
    const [header, ...rows] = parseCsv(await collect(exported.chunks));
    expect(header).toEqual(EXPORT_COLUMNS);
    expect(rows).toHaveLength(2);
    const column = (row: string[] | undefined, name: string) => row?.[EXPORT_COLUMNS.indexOf(name as never)];
    // Newest first, as in the run list.
    expect(column(rows[0], 'total_duration_ms')).toBe('1234.567');
    expect(JSON.parse(column(rows[0], 'inter_token_stats') ?? '')).toMatchObject({ count: 1 });
    expect(column(rows[1], 'error')).toBe('upstream said: "no", then\nclosed, sadly');
    expect(JSON.parse(column(rows[1], 'inputs') ?? '')).toEqual({ goal: 'a, "quoted" goal', n: 1 });
    expect(column(rows[1], 'created_at')).toBe(new Date(T0).toISOString());
    expect(column(rows[1], 'total_duration_ms')).toBe('');
  });

  it('write JSON and NDJSON that parse back to the runs', async () => {
    const scenario = await seedAwkwardRuns(getDb());
    const json = JSON.parse(await collect((await exportRuns(deps(), { format: 'json' })).chunks)) as Array<
      Record<string, unknown>
    >;
    expect(json.map((r) => r.status)).toEqual(['completed', 'failed']);
    expect(Object.keys(json[0] ?? {})).toEqual(EXPORT_COLUMNS);
    const ndjson = (
      await collect((await exportRuns(deps(), { format: 'ndjson', status: 'failed' })).chunks)
    ).split('\n');
    expect(ndjson.at(-1)).toBe('');
    expect(ndjson.slice(0, -1).map((line) => JSON.parse(line).error_code)).toEqual(['RUN_FAILED']);
    const none = { scenario_id: scenario.id + 1 };
    expect(await collect((await exportRuns(deps(), { format: 'json', ...none })).chunks)).toBe('[]\n');
    expect(await collect((await exportRuns(deps(), { format: 'ndjson', ...none })).chunks)).toBe('');
    expect(await collect((await exportRuns(deps(), { format: 'csv', ...none })).chunks)).toBe(
      `${EXPORT_COLUMNS.join(',')}\r\n`,
    );
    const bad = await rejectionAs(
      exportRuns(deps(), { format: 'xml' as never, scenario_id: 0 }),
      ValidationError,
    );
    expect(bad.details).toEqual([
      { field: 'format', message: 'must be one of csv, json, ndjson' },
      { field: 'scenario_id', message: expect.any(String) },
    ]);
  });

  it('page through runs sharing one created_at, each exactly once', async () => {
    const automation = await seedAutomation(getDb());
    const scenario = await seedScenario(getDb(), automation.id);
    const same = new Date(T0);
    const rows: BulkRun[] = Array.from({ length: EXPORT_PAGE_SIZE * 2 + 500 }, (_, i) =>
      bulkRun({
        scenario_id: scenario.id,
        created_at: i < 100 ? new Date(T0 - 1000) : same,
        total_duration_ms: i,
      }),
    );
    await insertRunsInBulk(getDb().db, rows);
    const lines = (await collect((await exportRuns(deps(), { format: 'ndjson' })).chunks)).trim().split('\n');
    const ids = lines.map((line) => JSON.parse(line).id as number);
    expect(ids).toHaveLength(rows.length);
    expect(new Set(ids).size).toBe(rows.length);
    // created_at descending, then id descending within one instant.
    expect(ids.slice(0, rows.length - 100)).toEqual(
      [...ids.slice(0, rows.length - 100)].sort((x, y) => y - x),
    );
    expect(ids.slice(-100).every((id) => id <= 100)).toBe(true);
  });

  it('page through runs created in one transaction, whose created_at has microseconds', async () => {
    const automation = await seedAutomation(getDb());
    const scenario = await seedScenario(getDb(), automation.id);
    const count = EXPORT_PAGE_SIZE * 2 + 300;
    const rows = Array.from({ length: count }, () =>
      bulkRun({ scenario_id: scenario.id, created_at: new Date(T0) }),
    );
    await insertRunsInBulk(getDb().db, rows);
    // As now() stamps a benchmark's runs: finer than the millisecond a JavaScript Date holds.
    await getDb().db.execute(sql`update runs set created_at = created_at + interval '456 microseconds'`);
    const lines = (await collect((await exportRuns(deps(), { format: 'ndjson' })).chunks)).trim().split('\n');
    const ids = lines.map((line) => JSON.parse(line).id as number);
    expect(new Set(ids).size).toBe(count);
  });

  it('report a benchmark: settings, summary, thresholds and every run', async () => {
    const automation = await seedAutomation(getDb());
    const scenario = await seedScenario(getDb(), automation.id);
    const benchmark = await seedBenchmark(getDb(), scenario.id);
    await seedRun(getDb(), scenario.id, {
      benchmark_id: benchmark.id,
      is_warmup: true,
      status: 'completed',
      total_duration_ms: 9,
    });
    for (const total of [100, 200, 300]) {
      await seedRun(getDb(), scenario.id, {
        benchmark_id: benchmark.id,
        status: 'completed',
        total_duration_ms: total,
      });
    }
    await seedRun(getDb(), scenario.id, { status: 'completed', total_duration_ms: 5 });
    const report = JSON.parse(
      await collect(benchmarkReportJson(await getBenchmarkReport(deps(), benchmark.id))),
    );
    expect(Object.keys(report)).toEqual([
      'report_version',
      'generated_at',
      'benchmark',
      'scenario',
      'summary',
      'thresholds',
      'headline',
      'runs',
    ]);
    // A pending benchmark has no verdict yet; closed arrival has no schedule to drop from.
    expect(report.headline).toMatchObject({ verdict: null, dropped_runs: null, schedule_lag_p99_ms: null });
    expect(report.benchmark).toMatchObject({ id: benchmark.id, settings: {}, status: 'pending' });
    expect(report.scenario).toMatchObject({ id: scenario.id, name: 'scenario', thresholds: [] });
    expect(report.summary).toMatchObject({ measured_runs: 3, completed_runs: 3 });
    expect(
      report.runs.map((r: { total_duration_ms: number; is_warmup: boolean }) => [
        r.total_duration_ms,
        r.is_warmup,
      ]),
    ).toEqual([
      [9, true],
      [100, false],
      [200, false],
      [300, false],
    ]);
    await rejectionAs(getBenchmarkReport(deps(), 999), NotFoundError);
  });
});
