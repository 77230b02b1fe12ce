/**
 * The HTML report from the command line: `tfbench run --html` writes it after a standalone
 * run, and `tfbench report ID` writes it (with the JSON and Markdown results) for a benchmark
 * that ended, from the standalone data folder or from a server with an API key. The page
 * fetches nothing: no tag of it points anywhere, a URL can only appear as text.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { TEST_CREDENTIALS } from '@tfbench/testbed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../src/local-server.js';
import type { RunResult } from '../src/run-result.js';
import { cleanEnv, ISSUE_BENCH_YAML, runCli, useTempDir, writeIn } from './harness.js';

/** Tags that would fetch something or run code; escaped text has no `<`, so it cannot match. */
function fetchingTags(page: string): string[] {
  return (page.match(/<[^>]*>/g) ?? []).filter(
    (tag) =>
      /^<(script|link|img|iframe|object|embed)\b/i.test(tag) ||
      /\s(src|href|srcset|action|on[a-z]+)=|https?:\/\//i.test(tag),
  );
}

function expectSelfContainedReport(page: string): void {
  expect(page.startsWith('<!doctype html>')).toBe(true);
  expect(fetchingTags(page)).toEqual([]);
  expect(page.slice(page.indexOf('<style>'), page.indexOf('</style>'))).not.toMatch(/url\(|@import/);
  expect(page).toContain('<code>p95(total_duration_ms) &lt; 60000</code>');
  expect(page).toContain('<code>success_rate &gt;= 0.5</code>');
  expect(page).toMatch(/data-verdict="(passed|failed)"/);
  expect(page).toContain('Cheapest item');
  expect(page).toMatch(/<dt>Provider<\/dt><dd>tinyfish<\/dd>/);
  expect(page).toMatch(/<dt>Mode<\/dt><dd>mock/);
  expect(page).toContain('<svg class="chart-wide"');
}

describe('tfbench report and run --html', () => {
  const dir = useTempDir();
  const data = () => path.join(dir(), 'data');
  let benchmarkId = 0;

  it('run --html writes the report of a standalone run', { timeout: 240_000 }, async () => {
    const file = await writeIn(dir(), 'bench.yaml', ISSUE_BENCH_YAML);
    const outcome = await runCli(
      [
        'run',
        file,
        '--iterations',
        '6',
        '--concurrency',
        '3',
        '--data',
        data(),
        '--html',
        'out/report.html',
        '--out',
        'summary.json',
      ],
      { cwd: dir() },
    );
    expect([0, 99], outcome.stderr).toContain(outcome.code);
    const summary = JSON.parse(await readFile(path.join(dir(), 'summary.json'), 'utf8')) as RunResult;
    benchmarkId = summary.benchmark.id;
    const page = await readFile(path.join(dir(), 'out/report.html'), 'utf8');
    expectSelfContainedReport(page);
    expect(page).toContain(`Benchmark #${benchmarkId}`);
    expect(page).toMatch(/<dt>Database<\/dt><dd>pglite<\/dd>/);
  });

  it('report ID --data writes HTML, JSON and Markdown for that benchmark', { timeout: 120_000 }, async () => {
    expect(benchmarkId).toBeGreaterThan(0);
    const outcome = await runCli(
      [
        'report',
        String(benchmarkId),
        '--data',
        data(),
        '--html',
        'again.html',
        '--out',
        'again.json',
        '--markdown',
        'again.md',
      ],
      { cwd: dir() },
    );
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stdout).toMatch(/verdict: (passed|failed)/);
    expectSelfContainedReport(await readFile(path.join(dir(), 'again.html'), 'utf8'));
    const result = JSON.parse(await readFile(path.join(dir(), 'again.json'), 'utf8')) as RunResult;
    expect(result).toMatchObject({
      benchmark: { id: benchmarkId, status: 'completed' },
      tfbench: { mode: 'standalone' },
    });
    expect(result.thresholds).toHaveLength(2);
    expect(await readFile(path.join(dir(), 'again.md'), 'utf8')).toContain('### tfbench: Cheapest item');
  });

  it('report names what it cannot find, and refuses a wrong command line', { timeout: 120_000 }, async () => {
    const unknown = await runCli(['report', '999', '--data', data(), '--html', 'x.html'], { cwd: dir() });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/benchmark 999 not found/);
    const noFolder = await runCli(['report', '1', '--data', 'nowhere'], { cwd: dir() });
    expect(noFolder.code).toBe(1);
    expect(noFolder.stderr).toMatch(/no tfbench data folder at .*nowhere/);
    for (const args of [
      ['report'],
      ['report', 'abc', '--data', 'd'],
      ['report', '1'],
      ['report', '1', '--data', 'd', '--server', 'http://x'],
    ]) {
      const wrong = await runCli(args, { cwd: dir() });
      expect(wrong.code, args.join(' ')).toBe(2);
      expect(wrong.stderr).toMatch(/tfbench report --help/);
    }
    const help = await runCli(['report', '--help'], { cwd: dir() });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--html FILE/);
  });
});

describe('tfbench report --server', () => {
  const dir = useTempDir();
  let server: LocalServer | undefined;

  beforeAll(async () => {
    // A server with authentication on and a bootstrap key, as a deployment has.
    server = await startLocalServer({
      env: cleanEnv(),
      overrides: { TFBENCH_AUTH: 'on', TFBENCH_BOOTSTRAP_API_KEY: TEST_CREDENTIALS.apiKey },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('fetches the report with the API key, and says when the key is missing', {
    timeout: 240_000,
  }, async () => {
    const base = (server as LocalServer).baseUrl;
    const withKey = { TFBENCH_API_KEY: TEST_CREDENTIALS.apiKey };
    const file = await writeIn(dir(), 'bench.yaml', ISSUE_BENCH_YAML);
    const run = await runCli(
      ['run', file, '--server', base, '--iterations', '3', '--html', 'run.html', '--out', 'run.json'],
      {
        cwd: dir(),
        env: withKey,
      },
    );
    expect([0, 99], run.stderr).toContain(run.code);
    expectSelfContainedReport(await readFile(path.join(dir(), 'run.html'), 'utf8'));
    const id = (JSON.parse(await readFile(path.join(dir(), 'run.json'), 'utf8')) as RunResult).benchmark.id;

    const report = await runCli(['report', String(id), '--server', base, '--html', 'report.html'], {
      cwd: dir(),
      env: withKey,
    });
    expect(report.code, report.stderr).toBe(0);
    expectSelfContainedReport(await readFile(path.join(dir(), 'report.html'), 'utf8'));

    const refused = await runCli(['report', String(id), '--server', base, '--html', 'no.html'], {
      cwd: dir(),
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/refused the request \(HTTP 401/);
  });
});
