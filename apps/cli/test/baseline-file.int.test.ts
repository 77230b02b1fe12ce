/**
 * `--baseline previous-summary.json`, standalone: a summary written by `tfbench run --out`
 * carries the runs' samples, and a later run compares with them in-process by the server's
 * statistics: slower runs exit 98, the same behaviour exits 0. A file that is not a summary,
 * or a summary without samples, exits 1 before anything runs, saying what is wrong.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../src/run-result.js';
import { SAMPLES_FORMAT } from '../src/samples.js';
import { ISSUE_BENCH_YAML, runCli, useTempDir, writeIn } from './harness.js';
import { benchWithSteps } from './mock-shapes.js';

describe('tfbench run --baseline FILE', () => {
  const dir = useTempDir();

  it('exits 98 against a faster baseline file, 0 against an equal one', { timeout: 300_000 }, async () => {
    const fast = await writeIn(dir(), 'fast.yaml', benchWithSteps(20));
    const slow = await writeIn(dir(), 'slow.yaml', benchWithSteps(250));
    const base = await runCli(['run', fast, '--out', 'base.json'], { cwd: dir() });
    expect(base.code, base.stderr).toBe(0);
    const summary = JSON.parse(await readFile(path.join(dir(), 'base.json'), 'utf8')) as RunResult;
    expect(summary.samples).toMatchObject({ format: SAMPLES_FORMAT, runs_total: 12, sampled: false });
    expect(summary.samples?.runs).toHaveLength(12);
    expect(summary.samples?.runs[0]).toMatchObject({ status: 'completed' });
    expect(summary.samples?.runs[0]?.total_duration_ms).toBeGreaterThan(0);

    // A generous limit: the same behaviour again must not fail on a loaded machine's jitter;
    // the slow runs move the median by several hundred percent.
    const same = await runCli(['run', fast, '--baseline', 'base.json', '--max-regression', '100%'], {
      cwd: dir(),
    });
    expect(same.code, same.stdout + same.stderr).toBe(0);
    expect(same.stdout).toContain(`baseline base.json (benchmark ${summary.benchmark.id})`);
    expect(same.stdout).toMatch(/PASS {2}total_duration_ms/);

    const regressed = await runCli(
      [
        'run',
        slow,
        '--baseline',
        'base.json',
        '--max-regression',
        'total_duration_ms=100%,ttft_ms=1000%',
        '--out',
        'slow.json',
      ],
      { cwd: dir() },
    );
    expect(regressed.code, regressed.stdout + regressed.stderr).toBe(98);
    expect(regressed.stdout).toMatch(
      /FAIL {2}total_duration_ms {2}\+\d+\.\d % {2}regressed {2}\(allowed 100 %\)/,
    );
    const result = JSON.parse(await readFile(path.join(dir(), 'slow.json'), 'utf8')) as RunResult;
    expect(result).toMatchObject({ outcome: 'regressed', exit_code: 98, baseline: { regressed: true } });
    expect(result.baseline?.checks.find((c) => c.metric === 'ttft_ms')?.max_change).toBe(1000);
  });

  it.each([
    ['missing.json', null, 'missing.json: cannot read the baseline file: no such file'],
    ['text.json', 'not json', 'text.json: not JSON'],
    ['list.json', '[1, 2]', 'list.json: not a tfbench summary or benchmark report'],
    [
      'other.json',
      '{"hello": 1}',
      'other.json: not a tfbench summary (tfbench run --out) or benchmark report',
    ],
    [
      'old.json',
      JSON.stringify({ tfbench: { mode: 'standalone' }, benchmark: { id: 3 }, exit_code: 0 }),
      'old.json: the summary has no "samples" (per-run figures): it was written by an older tfbench',
    ],
    [
      'future.json',
      JSON.stringify({ tfbench: {}, exit_code: 0, samples: { format: 'tfbench.samples/9', runs: [] } }),
      'future.json: samples.format is "tfbench.samples/9"; this tfbench reads "tfbench.samples/1"',
    ],
    [
      'bad-run.json',
      JSON.stringify({
        tfbench: {},
        exit_code: 0,
        samples: {
          format: SAMPLES_FORMAT,
          limit: 5000,
          runs_total: 1,
          sampled: false,
          runs: [
            {
              status: 'completed',
              total_duration_ms: 'fast',
              ttft_ms: 1,
              itl_mean_ms: null,
              cost_usd: null,
              assertions_passed: null,
            },
          ],
        },
      }),
      'bad-run.json: samples.runs[0].total_duration_ms: must be a number or null',
    ],
    [
      'empty.json',
      JSON.stringify({
        tfbench: {},
        exit_code: 0,
        samples: { format: SAMPLES_FORMAT, limit: 5000, runs_total: 0, sampled: false, runs: [] },
      }),
      'empty.json: no measured runs to compare with',
    ],
    [
      'report.json',
      JSON.stringify({ report_version: 2, runs: [] }),
      'report.json: report_version 2; this tfbench reads 1',
    ],
  ])('exits 1 on %s, before anything runs, naming what is wrong', async (name, text, message) => {
    if (text !== null) await writeFile(path.join(dir(), name), text);
    const bench = await writeIn(dir(), 'bench.yaml', ISSUE_BENCH_YAML);
    const outcome = await runCli(['run', bench, '--baseline', name], { cwd: dir() });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain(`tfbench: ${message}`);
    expect(outcome.stderr).not.toContain('starting a standalone server');
  });
});
