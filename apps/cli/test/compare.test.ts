/**
 * `tfbench compare A B` on summary files: a slower B exits 98 with the regressed metric
 * named, an equal B exits 0; the table has each side's median and p95 with the changes'
 * intervals; --markdown and --out write the same result; a side it cannot read exits 1.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CompareResult } from '../src/render-compare.js';
import { SAMPLES_FORMAT, type SampleRun } from '../src/samples.js';
import { runCli, useTempDir } from './harness.js';

/** A summary file of `n` completed runs around `medianMs`, spread evenly by ±10 %. */
function summary(id: number, medianMs: number, n = 40, failed = 0): string {
  const runs: SampleRun[] = Array.from({ length: n }, (_, i) => {
    const spread = (i / (n - 1) - 0.5) * 0.2;
    const total = medianMs * (1 + spread);
    return {
      status: i < failed ? 'failed' : 'completed',
      total_duration_ms: total,
      ttft_ms: total / 4,
      itl_mean_ms: null,
      cost_usd: null,
      assertions_passed: null,
    };
  });
  return JSON.stringify({
    tfbench: { mode: 'standalone', server: null, mock_mode: true },
    benchmark: { id },
    exit_code: 0,
    samples: { format: SAMPLES_FORMAT, limit: 5000, runs_total: n, sampled: false, runs },
  });
}

describe('tfbench compare', () => {
  const dir = useTempDir();
  const write = (name: string, text: string) => writeFile(path.join(dir(), name), text);

  it('exits 98 when B is slower than A beyond the allowed change, naming the metric', async () => {
    await write('a.json', summary(1, 1000));
    await write('b.json', summary(2, 1500));
    const outcome = await runCli(['compare', 'a.json', 'b.json', '--markdown', 'c.md', '--out', 'c.json'], {
      cwd: dir(),
    });
    expect(outcome.code, outcome.stderr).toBe(98);
    expect(outcome.stdout).toContain('A: a.json (benchmark 1) · 40 runs');
    expect(outcome.stdout).toMatch(
      /total_duration_ms +1,000 ms +1,500 ms +\+50\.0 % \[\+\d+\.\d, \+\d+\.\d\] +1,09\d ms +1,6\d\d ms .* <0\.0001 +regressed/,
    );
    expect(outcome.stdout).toMatch(/FAIL {2}total_duration_ms {2}\+50\.0 % {2}regressed {2}\(allowed 10 %\)/);
    expect(outcome.stdout).toContain('verdict: B regressed against A (total_duration_ms, ttft_ms)');
    // Metrics neither side has are left out.
    expect(outcome.stdout).not.toContain('cost_usd');

    const markdown = await readFile(path.join(dir(), 'c.md'), 'utf8');
    expect(markdown).toContain('### tfbench compare: b.json (benchmark 2) against a.json (benchmark 1)');
    expect(markdown).toMatch(/\| total_duration_ms \| 1,000 ms \| 1,500 ms \| \+50\.0 % \[/);
    expect(markdown).toContain('| ttft_ms | +50.0 % | regressed | 10 % | ❌ regressed |');
    const json = JSON.parse(await readFile(path.join(dir(), 'c.json'), 'utf8')) as CompareResult;
    expect(json.exit_code).toBe(98);
    expect(json.comparison.metrics.total_duration_ms.verdict).toBe('regressed');
    expect(json.gate.checks.map((c) => [c.metric, c.regressed])).toEqual([
      ['total_duration_ms', true],
      ['ttft_ms', true],
      ['success_rate', false],
    ]);
  });

  it('exits 0 when B is the same as A, or slower within a per-metric allowance', async () => {
    await write('a.json', summary(1, 1000));
    await write('same.json', summary(3, 1000));
    const same = await runCli(['compare', 'a.json', 'same.json'], { cwd: dir() });
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toMatch(/total_duration_ms +1,000 ms +1,000 ms +0\.0 % \[/);
    expect(same.stdout).toContain(
      'verdict: no regression beyond the allowed change (comparison: no_significant_change)',
    );

    await write('b.json', summary(2, 1500));
    const allowed = await runCli(['compare', 'a.json', 'b.json', '--max-regression', '60%'], { cwd: dir() });
    expect(allowed.code, allowed.stdout).toBe(0);
    const perMetric = await runCli(['compare', 'a.json', 'b.json', '--max-regression', '60%,ttft_ms=40%'], {
      cwd: dir(),
    });
    expect(perMetric.code).toBe(98);
    expect(perMetric.stdout).toMatch(/FAIL {2}ttft_ms {2}\+50\.0 % {2}regressed {2}\(allowed 40 %\)/);
  });

  it('compares success rates in percentage points', async () => {
    await write('ok.json', summary(1, 1000, 60, 0));
    await write('failing.json', summary(2, 1000, 60, 30));
    const outcome = await runCli(['compare', 'ok.json', 'failing.json'], { cwd: dir() });
    expect(outcome.code).toBe(98);
    expect(outcome.stdout).toMatch(/success_rate +100\.0 % +50\.0 % +-50\.0 pp \[-\d+\.\d, -\d+\.\d\]/);
    expect(outcome.stdout).toMatch(/FAIL {2}success_rate {2}-50\.0 pp/);
  });

  it.each([
    [['compare', 'a.json'], 2, /compare takes two arguments, A and B/],
    [
      ['compare', 'benchmark:1', 'a.json'],
      2,
      /A is benchmark:1: comparing benchmarks on a server needs --server URL/,
    ],
    [['compare', 'benchmark:x', 'a.json'], 2, /A benchmark:ID needs a benchmark id/],
    [['compare', 'a.json', 'b.json', '--max-regression', 'p99=3%'], 2, /unknown metric "p99"/],
    [['compare', 'a.json', 'nowhere.json'], 1, /nowhere.json: cannot read the baseline file: no such file/],
  ])('%j exits %i', async (argv, code, message) => {
    await write('a.json', summary(1, 1000));
    const outcome = await runCli(argv, { cwd: dir() });
    expect(outcome.code).toBe(code);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toMatch(message);
  });
});
