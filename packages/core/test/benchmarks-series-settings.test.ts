/**
 * The slo, sweep and search fields of a benchmark request: each bad value is refused naming
 * its field, and a good request is stored with its defaults.
 */
import { ValidationError } from '@tfbench/domain/errors';
import { describe, expect, it } from 'vitest';
import { benchmarkInputFromRunSettings } from '../src/benchmarks/run-settings-input.js';
import {
  type CreateBenchmarkInput,
  checkBenchmarkInput,
  toBenchmarkSettings,
} from '../src/benchmarks/settings.js';

const base: CreateBenchmarkInput = { scenario_id: 1, iterations: 20, concurrency: 8 };
const sweep: CreateBenchmarkInput = {
  ...base,
  arrival: 'sweep',
  sweep: { points: 3, duration_s_per_point: 2 },
};
const search: CreateBenchmarkInput = {
  ...base,
  arrival: 'search',
  slo: { ttft_ms: 200 },
  search: { target_attainment: 0.95, over: 'concurrency' },
};

function fieldsOf(input: CreateBenchmarkInput): string[] {
  try {
    checkBenchmarkInput(input);
  } catch (error) {
    if (error instanceof ValidationError) return error.details.map((issue) => issue.field);
    throw error;
  }
  return [];
}

describe('slo, sweep and search requests', () => {
  it('accepts good ones and stores the search with its defaults', () => {
    expect(fieldsOf(sweep)).toEqual([]);
    expect(fieldsOf(search)).toEqual([]);
    expect(fieldsOf({ ...base, slo: { ttft_ms: 500, itl_ms: 50, tpot_ms: 50, total_ms: 30000 } })).toEqual(
      [],
    );
    const stored = toBenchmarkSettings(search, [], () => 1, 'api');
    expect(stored).toMatchObject({
      arrival: 'search',
      slo: { ttft_ms: 200 },
      search: {
        target_attainment: 0.95,
        over: 'concurrency',
        start: 1,
        max: 8,
        tolerance: 0.1,
        max_probes: 20,
        max_runs_per_probe: 80,
      },
      sweep: null,
      series_of: null,
    });
  });

  it.each([
    [{ ...sweep, sweep: { points: 0, duration_s_per_point: 2 } }, 'sweep.points'],
    [{ ...sweep, sweep: { points: 51, duration_s_per_point: 2 } }, 'sweep.points'],
    [{ ...sweep, sweep: { points: 3, duration_s_per_point: -1 } }, 'sweep.duration_s_per_point'],
    [{ ...sweep, sweep: { points: 3, duration_s_per_point: 2, extra: 1 } }, 'sweep.extra'],
    [{ ...sweep, sweep: undefined }, 'sweep'],
    [{ ...sweep, rate_per_s: 2 }, 'rate_per_s'],
    [{ ...sweep, duration_s: 10 }, 'duration_s'],
    [{ ...sweep, repeats: 2 }, 'repeats'],
    [{ ...base, sweep: { points: 3, duration_s_per_point: 2 } }, 'sweep'],
    [{ ...search, slo: undefined }, 'slo'],
    [{ ...search, search: { target_attainment: 1.2, over: 'rate' } }, 'search.target_attainment'],
    [{ ...search, search: { target_attainment: 0.9, over: 'latency' } }, 'search.over'],
    [{ ...search, search: { target_attainment: 0.9, over: 'concurrency', max: 9 } }, 'search.max'],
    [{ ...search, search: { target_attainment: 0.9, over: 'rate', start: -1 } }, 'search.start'],
    [{ ...search, search: { target_attainment: 0.9, over: 'rate', start: 10, max: 5 } }, 'search.max'],
    [{ ...search, search: { target_attainment: 0.9, over: 'rate', tolerance: 0 } }, 'search.tolerance'],
    [{ ...search, search: { target_attainment: 0.9, over: 'rate', max_probes: 0 } }, 'search.max_probes'],
    [{ ...search, search: undefined }, 'search'],
    [{ ...base, slo: { ttft_ms: -5 } }, 'slo.ttft_ms'],
    [{ ...base, slo: { ttft_ms: 0 } }, 'slo.ttft_ms'],
    [{ ...base, slo: { latency_ms: 5 } }, 'slo.latency_ms'],
    [{ ...base, slo: {} }, 'slo'],
    [{ ...base, slo: 'fast' }, 'slo'],
    [{ ...base, thresholds: ['attainment >= 0.95'] }, 'thresholds.0'],
    [{ ...base, stop_on: ['goodput < 1'] }, 'stop_on.0'],
  ] as Array<[CreateBenchmarkInput, string]>)('refuses %j naming %s', (input, field) => {
    expect(fieldsOf(input)).toContain(field);
  });

  it('accepts attainment and goodput in thresholds and stop_on with an slo', () => {
    expect(
      fieldsOf({
        ...base,
        slo: { total_ms: 1000 },
        thresholds: ['attainment >= 0.95'],
        stop_on: ['goodput < 1'],
      }),
    ).toEqual([]);
  });

  it('reads the slo, sweep and search a scenario keeps in run_settings', () => {
    const input = benchmarkInputFromRunSettings(4, {
      iterations: 10,
      arrival: 'search',
      slo: { ttft_ms: 300 },
      search: { target_attainment: 0.9, over: 'rate' },
    });
    expect(input).toMatchObject({ slo: { ttft_ms: 300 }, search: { over: 'rate' } });
    expect(fieldsOf(input)).toEqual([]);
    expect(fieldsOf(benchmarkInputFromRunSettings(4, { iterations: 10, arrival: 'sweep' }))).toContain(
      'sweep',
    );
  });
});
