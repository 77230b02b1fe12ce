/**
 * `tfbench runs tail` against a real server: a benchmark run while it follows prints one
 * line per status change of each of its runs (run id, scenario, status, latency, error
 * code), filters by scenario and benchmark, --json lines; Ctrl-C ends it with exit 0, in
 * this process and as the installed command receiving a real SIGINT. `tfbench compare` reads
 * benchmark:ID sides from the same server.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { TEST_CREDENTIALS } from '@tfbench/testbed';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../src/run-result.js';
import { cleanEnv, REPO_ROOT, runCli, useTempDir, writeIn } from './harness.js';
import { benchWithSteps } from './mock-shapes.js';
import { useTestServer } from './test-server.js';

const withKey = { TFBENCH_API_KEY: TEST_CREDENTIALS.apiKey };

/** Resolves once `check` holds, polling; rejects after `ms`. */
async function eventually(check: () => boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('tfbench runs tail', () => {
  const dir = useTempDir();
  const server = useTestServer();

  it('prints each run of a benchmark as it changes status, and exits 0 on Ctrl-C', {
    timeout: 240_000,
  }, async () => {
    const { url } = server();
    let json = '';
    let text = '';
    let otherScenario = '';
    const ready: string[] = [];
    const stop = new AbortController();
    const follow = (argv: string[], collect: (chunk: string) => void) =>
      runCli(['runs', 'tail', '--server', url, ...argv], {
        cwd: dir(),
        env: withKey,
        signal: stop.signal,
        onStderr: (chunk) => ready.push(chunk),
        onStdout: collect,
      });
    const tails = [
      follow(['--json'], (chunk) => (json += chunk)),
      follow([], (chunk) => (text += chunk)),
      follow(['--scenario', '999999'], (chunk) => (otherScenario += chunk)),
    ];
    await eventually(() => ready.filter((line) => line.includes('following runs on')).length === 3);

    const file = await writeIn(dir(), 'fast.yaml', benchWithSteps(20, 3));
    const run = await runCli(['run', file, '--server', url, '--out', 'tailed.json'], {
      cwd: dir(),
      env: withKey,
    });
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(await readFile(path.join(dir(), 'tailed.json'), 'utf8')) as RunResult;
    const lines = () =>
      json
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    await eventually(() => lines().filter((line) => line.status === 'completed').length === 3);
    await eventually(() => (text.match(/ completed /g) ?? []).length === 3);
    stop.abort();
    const outcomes = await Promise.all(tails);
    expect(outcomes.map((o) => o.code)).toEqual([0, 0, 0]);

    const completed = lines().filter((line) => line.status === 'completed');
    for (const line of completed) {
      expect(line).toMatchObject({
        scenario_id: summary.scenario.id,
        scenario_name: 'Cheapest item',
        benchmark_id: summary.benchmark.id,
        error_code: null,
      });
      expect(line.total_duration_ms).toBeGreaterThan(0);
    }
    expect(new Set(completed.map((line) => line.run_id)).size).toBe(3);
    // Each run was seen before it finished, too.
    expect(lines().filter((line) => line.status === 'running')).toHaveLength(3);
    expect(text).toMatch(
      new RegExp(
        `^\\d\\d:\\d\\d:\\d\\d {2}run \\d+ {2}scenario ${summary.scenario.id} "Cheapest item" {2}benchmark ${summary.benchmark.id} {2}completed {2}[\\d,]+ ms$`,
        'm',
      ),
    );
    expect(text).not.toContain('\u001b[');
    expect(otherScenario).toBe('');

    // compare reads both sides from the server: a benchmark against itself did not regress.
    const ref = `benchmark:${summary.benchmark.id}`;
    const compared = await runCli(['compare', ref, ref, '--server', url], { cwd: dir(), env: withKey });
    expect(compared.code, compared.stderr).toBe(0);
    expect(compared.stdout).toContain(`A: ${ref} · 3 runs`);
    const againstFile = await runCli(['compare', 'tailed.json', ref, '--server', url], {
      cwd: dir(),
      env: withKey,
    });
    expect(againstFile.code, againstFile.stderr).toBe(0);
    expect(againstFile.stdout).toMatch(/total_duration_ms +([\d,]+ ms) +\1 +0\.0 %/);
  });

  it('stops with exit 0 on a real SIGINT, as the installed command', { timeout: 120_000 }, async () => {
    const { url, headers } = server();
    const child = spawn(
      path.join(REPO_ROOT, 'node_modules/.bin/tfbench'),
      ['runs', 'tail', '--server', url],
      {
        cwd: dir(),
        env: cleanEnv(withKey) as NodeJS.ProcessEnv,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await eventually(() => stderr.includes('following runs on'), 90_000);

    const post = async (route: string, body: unknown) => {
      const response = await fetch(`${url}/api/v1${route}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status, await response.clone().text()).toBe(201);
      return (await response.json()) as { id: number };
    };
    const automation = await post('/automations', { name: 'Tail check', provider: 'tinyfish' });
    const scenario = await post('/scenarios', {
      name: 'Tail scenario',
      automation_id: automation.id,
      inputs_template: { url: 'https://example.com/', goal: 'Read the title' },
    });
    const run = await post('/runs/trigger', { scenario_id: scenario.id });
    await eventually(() => new RegExp(`run ${run.id} .*(completed|failed|timeout)`).test(stdout), 60_000);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stdout).toMatch(
      new RegExp(`run ${run.id} {2}scenario ${scenario.id} "Tail scenario" {2}running$`, 'm'),
    );
  });

  it.each([
    [['runs'], 2, /Usage:\n {2}tfbench runs tail/],
    [['runs', 'list'], 2, /unknown runs command "list"/],
    [['runs', 'tail'], 2, /runs tail needs --server URL/],
    [
      ['runs', 'tail', '--server', 'http://127.0.0.1:1', '--scenario', 'x'],
      2,
      /--scenario must be a scenario id/,
    ],
  ])('%j exits %i', async (argv, code, message) => {
    const outcome = await runCli(argv, { cwd: dir() });
    expect(outcome.code).toBe(code);
    expect(outcome.stderr).toMatch(message);
  });
});
