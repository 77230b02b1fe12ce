/**
 * `tfbench run --server URL` against a real API with authentication on, started here the way
 * `npm start` starts it (runtime and app), with a bootstrap admin API key: the issue's file
 * runs there verbatim with the key; a scenario already on the server runs by id; a missing or
 * wrong key and an unknown scenario id end with exit 1 naming the cause.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { TEST_CREDENTIALS } from '@tfbench/testbed';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../src/run-result.js';
import { type CliOutcome, ISSUE_BENCH_YAML, runCli, useTempDir, writeIn } from './harness.js';
import { useTestServer } from './test-server.js';

/**
 * A one-run benchmark ran to a verdict and exited with it. The mock fails about 8 % of runs
 * on purpose, so one run can miss "success_rate >= 0.5": then the verdict is failed and the
 * exit 99, which is right too.
 */
function expectVerdictExit(outcome: CliOutcome): void {
  expect([0, 99], outcome.stderr).toContain(outcome.code);
  expect(outcome.stdout).toMatch(outcome.code === 0 ? /verdict: passed/ : /verdict: failed/);
}

describe('tfbench run --server', () => {
  const dir = useTempDir();
  const testServer = useTestServer();
  let server = '';
  beforeAll(() => {
    server = testServer().url;
  });

  const withKey = { TFBENCH_API_KEY: TEST_CREDENTIALS.apiKey };

  it('runs the issue file verbatim with an API key and exits 0', { timeout: 240_000 }, async () => {
    const file = await writeIn(dir(), 'bench.yaml', ISSUE_BENCH_YAML);
    const outcome = await runCli(['run', file, '--server', server, '--out', 'server.json'], {
      cwd: dir(),
      env: withKey,
    });
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stdout).toMatch(/verdict: passed/);
    const summary = JSON.parse(await readFile(path.join(dir(), 'server.json'), 'utf8')) as RunResult;
    expect(summary.tfbench).toEqual({ mode: 'server', server, mock_mode: null });
    expect(summary.metrics.runs).toBe(20);
    expect(summary.scenario.name).toBe('Cheapest item');
  });

  it('runs again on the same automation and scenario rather than duplicating them', {
    timeout: 120_000,
  }, async () => {
    const file = await writeIn(dir(), 'bench.yaml', ISSUE_BENCH_YAML);
    const outcome = await runCli(['run', file, '--server', server, '--iterations', '1'], {
      cwd: dir(),
      env: withKey,
    });
    expectVerdictExit(outcome);
    const headers = { authorization: `Bearer ${TEST_CREDENTIALS.apiKey}` };
    const scenarios = (await (await fetch(`${server}/api/v1/scenarios`, { headers })).json()) as unknown[];
    const automations = (await (
      await fetch(`${server}/api/v1/automations`, { headers })
    ).json()) as unknown[];
    expect([scenarios.length, automations.length]).toEqual([1, 1]);
  });

  it('runs a scenario already on the server by id', { timeout: 120_000 }, async () => {
    const headers = { authorization: `Bearer ${TEST_CREDENTIALS.apiKey}` };
    const [scenario] = (await (await fetch(`${server}/api/v1/scenarios`, { headers })).json()) as Array<{
      id: number;
    }>;
    const outcome = await runCli(
      ['run', '--scenario', String(scenario?.id), '--iterations', '1', '--server', server],
      { cwd: dir(), env: withKey },
    );
    expectVerdictExit(outcome);
    expect(outcome.stdout).toMatch(/scenario "Cheapest item"/);
  });

  it('cancels the benchmark on the server when interrupted, and exits 1', { timeout: 120_000 }, async () => {
    const file = await writeIn(dir(), 'bench.yaml', ISSUE_BENCH_YAML);
    const interrupt = new AbortController();
    const outcome = await runCli(
      ['run', file, '--server', server, '--iterations', '50', '--concurrency', '1'],
      {
        cwd: dir(),
        env: withKey,
        signal: interrupt.signal,
        onStderr: (text) => {
          if (/benchmark \d+ started/.test(text)) interrupt.abort();
        },
      },
    );
    expect(outcome.code).toBe(1);
    const id = Number(outcome.stderr.match(/interrupted: benchmark (\d+) cancelled/)?.[1]);
    const headers = { authorization: `Bearer ${TEST_CREDENTIALS.apiKey}` };
    const benchmark = (await (await fetch(`${server}/api/v1/benchmarks/${id}`, { headers })).json()) as {
      status: string;
    };
    expect(benchmark.status).toBe('cancelled');
  });

  it('exits 98 on a significant regression against --baseline, 0 when nothing regressed', {
    timeout: 180_000,
  }, async () => {
    // The mock takes its behaviour from the inputs: fast runs, then runs about ten times slower.
    const withMock = (stepMs: number) =>
      `${ISSUE_BENCH_YAML.replace('iterations: 20', 'iterations: 12')}  inputs_override: {mock: {outcome: COMPLETED, started_delay_ms: 10, streaming_url_delay_ms: 5, steps: 2, step_delay_ms: ${stepMs}}}\n`;
    const fast = await writeIn(dir(), 'fast.yaml', withMock(20));
    const slow = await writeIn(dir(), 'slow.yaml', withMock(250));
    const base = await runCli(['run', fast, '--server', server, '--out', 'base.json'], {
      cwd: dir(),
      env: withKey,
    });
    expect(base.code, base.stderr).toBe(0);
    const baseId = (JSON.parse(await readFile(path.join(dir(), 'base.json'), 'utf8')) as RunResult).benchmark
      .id;

    // A generous limit: the same behaviour again must not fail on a loaded machine's jitter;
    // the slow runs move the median by several hundred percent.
    const same = await runCli(
      ['run', fast, '--server', server, '--baseline', `benchmark:${baseId}`, '--max-regression', '100%'],
      {
        cwd: dir(),
        env: withKey,
      },
    );
    expect(same.code, same.stdout + same.stderr).toBe(0);
    expect(same.stdout).toMatch(/PASS {2}total_duration_ms/);

    const regressed = await runCli(
      [
        'run',
        slow,
        '--server',
        server,
        '--baseline',
        `benchmark:${baseId}`,
        '--max-regression',
        '100%',
        '--junit',
        'regressed.xml',
        '--out',
        'regressed.json',
      ],
      { cwd: dir(), env: withKey },
    );
    expect(regressed.code, regressed.stdout + regressed.stderr).toBe(98);
    expect(regressed.stdout).toMatch(/FAIL {2}total_duration_ms {2}\+\d+\.\d % {2}regressed/);
    expect(regressed.stdout).toContain(`verdict: regressed against benchmark:${baseId}`);
    const result = JSON.parse(await readFile(path.join(dir(), 'regressed.json'), 'utf8')) as RunResult;
    expect(result).toMatchObject({
      outcome: 'regressed',
      exit_code: 98,
      baseline: { ref: `benchmark:${baseId}`, regressed: true },
    });
    const junit = await readFile(path.join(dir(), 'regressed.xml'), 'utf8');
    expect(junit).toMatch(
      /name="total_duration_ms against benchmark:\d+" time="0">\n\s+<failure message="regressed \+/,
    );

    // The first run's summary file as the baseline: compared in this process, same verdict.
    const againstFile = await runCli(
      ['run', slow, '--server', server, '--baseline', 'base.json', '--max-regression', '100%'],
      { cwd: dir(), env: withKey },
    );
    expect(againstFile.code, againstFile.stdout + againstFile.stderr).toBe(98);
    expect(againstFile.stdout).toContain(`verdict: regressed against base.json (benchmark ${baseId})`);
  });

  it('exits 1 naming an unknown scenario id', async () => {
    const outcome = await runCli(['run', '--scenario', '999999', '--iterations', '1', '--server', server], {
      cwd: dir(),
      env: withKey,
    });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain(`scenario 999999 not found on ${server}`);
  });

  it('exits 1 when the key is refused, naming TFBENCH_API_KEY', async () => {
    const file = await writeIn(dir(), 'bench.yaml', ISSUE_BENCH_YAML);
    const wrong = await runCli(['run', file, '--server', server], {
      cwd: dir(),
      env: { TFBENCH_API_KEY: `tfb_${'x'.repeat(40)}` },
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(
      new RegExp(`the tfbench server at ${server} refused the request \\(HTTP 401`),
    );
    expect(wrong.stderr).toContain('check the key in TFBENCH_API_KEY');
    expect(wrong.stderr).not.toContain('x'.repeat(40));

    const none = await runCli(['run', file, '--server', server], { cwd: dir() });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('set TFBENCH_API_KEY to an API key of this server');
  });
});
