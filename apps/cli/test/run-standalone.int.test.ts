/**
 * Standalone runs, with nothing else running: the issue's file verbatim through the installed
 * command exits 0 and writes its JUnit and JSON results; a threshold no run can meet exits 99
 * and says so in every output, the GitHub job summary included.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../src/run-result.js';
import { FAILING_BENCH_YAML, ISSUE_BENCH_YAML, runCli, spawnCli, useTempDir, writeIn } from './harness.js';
import { wellFormedProblems } from './well-formed-xml.js';

describe('tfbench run, standalone', () => {
  const dir = useTempDir();

  it('runs the issue file verbatim with npx tfbench and exits 0', { timeout: 240_000 }, async () => {
    await writeIn(dir(), 'bench.yaml', ISSUE_BENCH_YAML);
    const outcome = await spawnCli(['run', 'bench.yaml', '--junit', 'junit.xml', '--out', 'summary.json'], {
      cwd: dir(),
    });
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stdout).toMatch(/total_duration_ms +[\d,]+ ms +[\d,]+ ms +[\d,]+ ms/);
    expect(outcome.stdout).toMatch(/PASS {2}p95\(total_duration_ms\) < 60000/);
    expect(outcome.stdout).toMatch(/verdict: passed/);
    // Progress and notices go to stderr, never into the results.
    expect(outcome.stderr).toMatch(/20\/20 runs/);
    expect(outcome.stdout).not.toMatch(/runs ·/);

    const summary = JSON.parse(await readFile(path.join(dir(), 'summary.json'), 'utf8')) as RunResult;
    expect(summary.exit_code).toBe(0);
    expect(summary.tfbench).toEqual({ mode: 'standalone', server: null, mock_mode: true });
    expect(summary.benchmark).toMatchObject({ status: 'completed', verdict: 'passed' });
    expect(summary.metrics.runs).toBe(20);
    expect(summary.metrics.total_duration_ms.p95).toBeGreaterThan(0);
    expect(summary.metrics.ttft_ms.p50).toBeGreaterThan(0);
    expect(summary.thresholds.map((t) => [t.expression, t.passed])).toEqual([
      ['p95(total_duration_ms) < 60000', true],
      ['success_rate >= 0.5', true],
    ]);

    const junit = await readFile(path.join(dir(), 'junit.xml'), 'utf8');
    expect(wellFormedProblems(junit)).toEqual([]);
    expect(junit).toContain('tests="2" failures="0"');
    expect(junit).toContain(
      '<testcase classname="tfbench.thresholds" name="p95(total_duration_ms) &lt; 60000"',
    );
  });

  it('exits 99 when a threshold fails, in the table, JUnit, Markdown and the job summary', {
    timeout: 180_000,
  }, async () => {
    const file = await writeIn(dir(), 'failing.yaml', FAILING_BENCH_YAML);
    const stepSummary = await writeIn(dir(), 'step-summary.md', '## earlier step\n');
    const data = path.join(dir(), 'data');
    const outcome = await runCli(
      [
        'run',
        file,
        '--iterations',
        '2',
        '--concurrency',
        '2',
        '--data',
        data,
        '--junit',
        'f.xml',
        '--markdown',
        'f.md',
        '--out',
        'f.json',
      ],
      { cwd: dir(), env: { GITHUB_STEP_SUMMARY: stepSummary } },
    );
    expect(outcome.code, outcome.stderr).toBe(99);
    expect(outcome.stdout).toMatch(/FAIL {2}p95\(total_duration_ms\) < 1/);
    expect(outcome.stdout).toMatch(/PASS {2}success_rate >= 0.5/);
    expect(outcome.stdout).toMatch(/verdict: failed/);

    const junit = await readFile(path.join(dir(), 'f.xml'), 'utf8');
    expect(wellFormedProblems(junit)).toEqual([]);
    expect(junit).toContain('tests="2" failures="1"');
    expect(junit).toMatch(
      /name="p95\(total_duration_ms\) &lt; 1" time="0">\n\s+<failure message="observed [\d.]+ over 2 runs"/,
    );

    const markdown = await readFile(path.join(dir(), 'f.md'), 'utf8');
    expect(markdown).toContain('### tfbench: Cheapest item');
    expect(markdown).toContain('❌ failed: a threshold failed');
    expect(markdown).toMatch(/\| `p95\(total_duration_ms\) < 1` \| [\d.]+ \| ❌ fail \|/);
    expect(markdown).toMatch(/\| total_duration_ms \| [\d,]+ ms \| [\d,]+ ms \| [\d,]+ ms \|/);
    expect(await readFile(stepSummary, 'utf8')).toBe(`## earlier step\n${markdown}\n`);

    const summary = JSON.parse(await readFile(path.join(dir(), 'f.json'), 'utf8')) as RunResult;
    expect(summary).toMatchObject({ outcome: 'threshold_failed', exit_code: 99 });
    // --data keeps the database where it was asked to.
    expect((await readdir(data)).length).toBeGreaterThan(0);
  });

  it('exits 0 with no thresholds at all (verdict no_thresholds)', { timeout: 180_000 }, async () => {
    const text = ISSUE_BENCH_YAML.replace(/ {4}thresholds: .*\n/, '');
    const file = await writeIn(dir(), 'no-thresholds.yaml', text);
    const out = path.join(dir(), 'nt.json');
    await writeFile(out, '');
    const outcome = await runCli(['run', file, '--iterations', '1', '--out', out], { cwd: dir() });
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stdout).toMatch(/verdict: no_thresholds/);
    expect(JSON.parse(await readFile(out, 'utf8'))).toMatchObject({ thresholds: [], exit_code: 0 });
  });
});
