/**
 * GET /metrics, parsed back with a strict parser of the Prometheus text exposition format
 * (0.0.4): every line well-formed, every sample in a declared family, families contiguous,
 * no duplicate series, histograms cumulative with +Inf equal to _count. Then the figures are
 * checked against the runs stored.
 */
import { runs } from '@tfbench/core/db';
import { updateScenarioById } from '@tfbench/core/repositories';
import { rollUpPendingRuns } from '@tfbench/core/rollups';
import { describeEachDatabase } from '@tfbench/core/testing';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useSeededApp } from './helpers.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

interface Family {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  help: string;
  samples: Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function parseValue(text: string, where: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  if (text === 'NaN') return Number.NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text))
    throw new Error(`${where}: bad value ${JSON.stringify(text)}`);
  return Number(text);
}

function unescapeText(text: string, quotes: boolean, where: string): string {
  return text.replace(/\\(.)/g, (_, c: string) => {
    if (c === '\\') return '\\';
    if (c === 'n') return '\n';
    if (c === '"' && quotes) return '"';
    throw new Error(`${where}: bad escape \\${c}`);
  });
}

/** Parses `{a="x",b="y"}` at the start of `text`; returns the labels and the rest. */
function parseLabels(text: string, where: string): { labels: Record<string, string>; rest: string } {
  const labels: Record<string, string> = {};
  let i = 1;
  for (;;) {
    if (text[i] === '}') return { labels, rest: text.slice(i + 1) };
    const eq = text.indexOf('=', i);
    if (eq < 0) throw new Error(`${where}: unterminated labels`);
    const name = text.slice(i, eq);
    if (!LABEL_NAME.test(name)) throw new Error(`${where}: bad label name ${JSON.stringify(name)}`);
    if (name in labels) throw new Error(`${where}: duplicate label ${name}`);
    if (text[eq + 1] !== '"') throw new Error(`${where}: label value must be quoted`);
    let j = eq + 2;
    let raw = '';
    while (text[j] !== '"') {
      if (j >= text.length) throw new Error(`${where}: unterminated label value`);
      if (text[j] === '\\') {
        raw += text.slice(j, j + 2);
        j += 2;
      } else {
        if (text[j] === '\n') throw new Error(`${where}: raw newline in a label value`);
        raw += text[j];
        j++;
      }
    }
    labels[name] = unescapeText(raw, true, where);
    i = j + 1;
    if (text[i] === ',') i++;
    else if (text[i] !== '}') throw new Error(`${where}: expected , or } after a label`);
  }
}

/** The family a sample name belongs to, given the declared families. */
function familyOf(name: string, families: Map<string, Family>): Family | undefined {
  const direct = families.get(name);
  if (direct && direct.type !== 'histogram') return direct;
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (!name.endsWith(suffix)) continue;
    const family = families.get(name.slice(0, -suffix.length));
    if (family?.type === 'histogram' || (family?.type === 'summary' && suffix !== '_bucket')) return family;
  }
  return direct?.type === 'histogram' ? undefined : direct;
}

function parsePrometheusText(text: string): Map<string, Family> {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  const families = new Map<string, Family>();
  const seen = new Set<string>();
  const closed = new Set<string>();
  let current: Family | undefined;
  text
    .slice(0, -1)
    .split('\n')
    .forEach((line, index) => {
      const where = `line ${index + 1}`;
      if (line === '') throw new Error(`${where}: empty line`);
      if (line.startsWith('#')) {
        const match = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
        if (!match) throw new Error(`${where}: malformed comment ${JSON.stringify(line)}`);
        const [, keyword, name, rest] = match as unknown as [string, 'HELP' | 'TYPE', string, string];
        if (!METRIC_NAME.test(name)) throw new Error(`${where}: bad metric name ${name}`);
        let family = families.get(name);
        if (!family) {
          if (closed.has(name)) throw new Error(`${where}: family ${name} is not contiguous`);
          if (current) closed.add(current.name);
          family = { name, type: 'untyped', help: '', samples: [] };
          families.set(name, family);
          current = family;
        } else if (family !== current || family.samples.length > 0) {
          throw new Error(`${where}: ${keyword} of ${name} after its samples`);
        }
        if (keyword === 'HELP') family.help = unescapeText(rest, false, where);
        else {
          if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest)) {
            throw new Error(`${where}: unknown type ${rest}`);
          }
          family.type = rest as Family['type'];
        }
        return;
      }
      const nameEnd = line.search(/[{ ]/);
      if (nameEnd <= 0) throw new Error(`${where}: malformed sample ${JSON.stringify(line)}`);
      const name = line.slice(0, nameEnd);
      if (!METRIC_NAME.test(name)) throw new Error(`${where}: bad metric name ${name}`);
      let rest = line.slice(nameEnd);
      let labels: Record<string, string> = {};
      if (rest.startsWith('{')) ({ labels, rest } = parseLabels(rest, where));
      const parts = rest.split(' ');
      if (parts[0] !== '' || parts.length < 2 || parts.length > 3)
        throw new Error(`${where}: expected " value [timestamp]"`);
      const value = parseValue(parts[1] as string, where);
      if (parts[2] !== undefined && !/^-?\d+$/.test(parts[2])) throw new Error(`${where}: bad timestamp`);
      const family = familyOf(name, families);
      if (!family) throw new Error(`${where}: sample ${name} without a TYPE`);
      if (family !== current) throw new Error(`${where}: sample of ${family.name} outside its family`);
      const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
      if (seen.has(key)) throw new Error(`${where}: duplicate series ${key}`);
      seen.add(key);
      if (name.endsWith('_bucket') && !('le' in labels)) throw new Error(`${where}: bucket without le`);
      if (family.type === 'summary' && name === family.name && !('quantile' in labels)) {
        throw new Error(`${where}: summary sample without quantile`);
      }
      if (family.type === 'counter' && !(value >= 0)) throw new Error(`${where}: negative counter`);
      family.samples.push({ name, labels, value });
    });
  for (const family of families.values()) if (family.type === 'histogram') checkHistogram(family);
  return families;
}

function checkHistogram(family: Family): void {
  const series = new Map<string, Sample[]>();
  for (const sample of family.samples) {
    const { le: _le, ...rest } = sample.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    series.set(key, [...(series.get(key) ?? []), sample]);
  }
  for (const [key, samples] of series) {
    const buckets = samples.filter((s) => s.name === `${family.name}_bucket`);
    const count = samples.find((s) => s.name === `${family.name}_count`);
    const sum = samples.find((s) => s.name === `${family.name}_sum`);
    if (!count || !sum) throw new Error(`${family.name}${key}: _sum and _count are required`);
    const bounds = buckets.map((b) => parseValue(b.labels.le as string, family.name));
    if (bounds.at(-1) !== Number.POSITIVE_INFINITY) throw new Error(`${family.name}${key}: no +Inf bucket`);
    bounds.forEach((bound, i) => {
      if (i > 0 && !(bound > (bounds[i - 1] as number)))
        throw new Error(`${family.name}${key}: le not increasing`);
      if (i > 0 && (buckets[i]?.value as number) < (buckets[i - 1]?.value as number)) {
        throw new Error(`${family.name}${key}: buckets not cumulative`);
      }
    });
    if (buckets.at(-1)?.value !== count.value)
      throw new Error(`${family.name}${key}: +Inf bucket differs from _count`);
  }
}

describe('the strict Prometheus parser', () => {
  it('accepts a well-formed exposition and rejects each kind of fault', () => {
    const good = [
      '# HELP x_seconds A "histogram".',
      '# TYPE x_seconds histogram',
      'x_seconds_bucket{a="q\\"\\\\\\n",le="1"} 1',
      'x_seconds_bucket{a="q\\"\\\\\\n",le="+Inf"} 2',
      'x_seconds_sum{a="q\\"\\\\\\n"} 3.5',
      'x_seconds_count{a="q\\"\\\\\\n"} 2',
      '# TYPE up gauge',
      'up 1',
      '',
    ].join('\n');
    const families = parsePrometheusText(good);
    expect(families.get('x_seconds')?.samples[0]?.labels.a).toBe('q"\\\n');
    for (const bad of [
      'up 1\n',
      '# TYPE up gauge\nup one\n',
      '# TYPE up gauge\nup{a=1} 1\n',
      '# TYPE up gauge\nup 1\nup 2\n',
      '# TYPE c counter\nc -1\n',
      '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 0\nh_count 1\n',
      '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_sum 0\nh_count 1\n',
      '# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na{x="1"} 2\n',
      '# TYPE up gauge\nup 1',
    ]) {
      expect(() => parsePrometheusText(bad), bad).toThrow();
    }
  });
});

describeEachDatabase('GET /metrics', (getDb) => {
  const app = useSeededApp(getDb);

  it('exposes well-formed per-scenario histograms, counters and live gauges that match the runs', async () => {
    const { db } = getDb();
    const awkward = 'Chat "quoted" \\ back\nslash';
    await updateScenarioById(db, 1, { name: awkward });
    await db.execute(sql`update ${runs} set status = 'pending' where id = 1`);
    const t = "now() - interval '1 hour'";
    await db.execute(
      sql.raw(`insert into runs (scenario_id, status, total_duration_ms, ttft_ms, inputs, created_at, worker_id, heartbeat_at) values
        (1, 'completed', 400, 40, '{}', ${t}, null, null),
        (1, 'completed', 800, 90, '{}', ${t}, null, null),
        (1, 'completed', 1500, 300, '{}', ${t}, null, null),
        (1, 'completed', 3000, 700, '{}', ${t}, null, null),
        (1, 'completed', 7000, 1500, '{}', ${t}, null, null),
        (1, 'failed', 10, null, '{}', ${t}, null, null),
        (1, 'timeout', 99999, null, '{}', ${t}, null, null),
        (1, 'cancelled', 5, null, '{}', ${t}, null, null),
        (1, 'running', null, null, '{}', now(), 'w1', now()),
        (1, 'running', null, null, '{}', now(), 'w2', now()),
        (1, 'running', null, null, '{}', now(), 'w2', now()),
        (1, 'running', null, null, '{}', now(), 'gone', now() - interval '1 day'),
        (1, 'pending', null, null, '{}', now(), null, null)`),
    );
    // Some runs rolled up, the others read raw: the figures are the same either way.
    await rollUpPendingRuns({ db: getDb() }, { maxRuns: 3 });
    await new Promise((resolve) => setTimeout(resolve, 60));

    const response = await app().inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const families = parsePrometheusText(response.body);

    const scenario = { scenario_id: '1', scenario: awkward };
    const value = (family: string, name: string, labels: Record<string, string>) =>
      families
        .get(family)
        ?.samples.find((s) => s.name === name && JSON.stringify(s.labels) === JSON.stringify(labels))?.value;

    expect(families.get('tfbench_run_duration_seconds')?.type).toBe('histogram');
    const buckets = Object.fromEntries(
      (families.get('tfbench_run_duration_seconds')?.samples ?? [])
        .filter((s) => s.name.endsWith('_bucket'))
        .map((s) => [s.labels.le, s.value]),
    );
    expect(buckets).toMatchObject({ '0.5': 1, '1': 2, '2.5': 3, '5': 4, '10': 5, '1500': 5, '+Inf': 5 });
    expect(value('tfbench_run_duration_seconds', 'tfbench_run_duration_seconds_sum', scenario)).toBeCloseTo(
      12.7,
      9,
    );
    expect(value('tfbench_run_duration_seconds', 'tfbench_run_duration_seconds_count', scenario)).toBe(5);
    expect(
      value('tfbench_run_ttft_seconds', 'tfbench_run_ttft_seconds_bucket', { ...scenario, le: '0.5' }),
    ).toBe(3);

    expect(families.get('tfbench_runs_total')?.type).toBe('counter');
    for (const [status, count] of [
      ['completed', 5],
      ['failed', 1],
      ['timeout', 1],
      ['cancelled', 1],
    ] as const) {
      expect(value('tfbench_runs_total', 'tfbench_runs_total', { ...scenario, status }), status).toBe(count);
    }
    expect(value('tfbench_runs_in_flight', 'tfbench_runs_in_flight', {})).toBe(4);
    expect(value('tfbench_queue_depth', 'tfbench_queue_depth', {})).toBe(2);
    // w1 and w2 heart-beat; "gone" stopped a day ago.
    expect(value('tfbench_workers_live', 'tfbench_workers_live', {})).toBe(2);
    expect(families.get('tfbench_event_loop_delay_seconds')?.type).toBe('summary');
    expect(
      value('tfbench_event_loop_delay_seconds', 'tfbench_event_loop_delay_seconds_count', {}),
    ).toBeGreaterThan(0);
    expect(
      value('tfbench_event_loop_delay_seconds', 'tfbench_event_loop_delay_seconds', { quantile: '0.99' }),
    ).toBeGreaterThanOrEqual(0);
  });

  it('labels benchmarks by status and verdict: failed when any result (built-in checks too) did not pass', async () => {
    const { db } = getDb();
    const passed = '{"expression":"success_rate >= 0.9","observed":1,"passed":true,"n":5}';
    const dropped = '{"expression":"dropped_runs == 0","observed":3,"passed":false,"n":6,"built_in":true}';
    await db.execute(
      sql.raw(`insert into benchmarks (scenario_id, settings, status, threshold_results) values
        (1, '{}', 'completed', '[${passed}]'),
        (1, '{}', 'completed', '[${passed}]'),
        (1, '{}', 'completed', '[${passed},${dropped}]'),
        (1, '{}', 'cancelled', '[]'),
        (1, '{}', 'running', null)`),
    );
    const response = await app().inject({ method: 'GET', url: '/metrics' });
    const families = parsePrometheusText(response.body);
    const family = families.get('tfbench_benchmarks');
    expect(family?.type).toBe('gauge');
    const series = (family?.samples ?? []).map((s) => [s.labels.status, s.labels.verdict, s.value]);
    expect(series).toEqual([
      ['cancelled', 'no_thresholds', 1],
      ['completed', 'failed', 1],
      ['completed', 'passed', 2],
      ['running', '', 1],
    ]);
  });
});
