/**
 * `tfbench apply` and `tfbench export` against real API servers on loopback (auth on, on
 * PGlite and PostgreSQL): a folder (with datasets and saved benchmarks) applies across its
 * files, applies again unchanged, and the round trip holds (export, apply to an empty server,
 * export: identical files); dry runs change nothing; pruning needs an admin key; a field the server refuses is reported at its
 * file and line. And the same standalone, with --data, where `run --benchmark KEY` runs a
 * saved benchmark.
 */
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { buildApp } from '@tfbench/api';
import { loadConfig } from '@tfbench/core/config';
import { openTestDatabase, requirePostgres, TEST_BACKENDS, type TestBackend } from '@tfbench/core/testing';
import { TEST_CREDENTIALS } from '@tfbench/testbed';
import { afterAll, describe, expect, it } from 'vitest';
import { ISSUE_BENCH_YAML, runCli, useTempDir, writeIn } from './harness.js';

/** A second file of the folder: its scenario runs the first file's automation. */
const MORE_YAML = `automations:
  - key: llm
    name: Local LLM
    provider: openai
    default_inputs: {model: mock-llm, max_tokens: 32}
    config: {base_url: "https://llm.example.com/v1", api_key_env: LLM_KEY}
scenarios:
  - key: nightly
    name: Nightly shop check
    automation: shop
    description: Scheduled, with alerts
    run_settings: {cron: "0 3 * * *", schedule_kind: benchmark, iterations: 5, alert_window_runs: 10, regression: false}
    assertions: [{type: equals, path: status, value: COMPLETED}]
    thresholds: ["success_rate >= 0.9"]
  - key: short
    name: Short answers
    automation: llm
    inputs_template: {prompt: "Say hi"}
`;

/** A third file: datasets, a scenario taking its inputs from one by key, and a saved benchmark. */
const DATA_YAML = `datasets:
  - key: prompts
    name: Prompts
    rows:
      - {goal: "Find socks"}
      - {goal: "Find hats", tags: [a, b]}
  - key: generated
    name: Generated
    synthetic: {rows: 3, prompt_tokens: {mean: 20, sd: 2}, output_tokens: 8, seed: 4}
scenarios:
  - key: per-row
    name: Per row
    automation: shop
    inputs_template: {goal: "{{row.goal}}"}
    run_settings: {dataset: {key: prompts, order: shuffle, seed: 3}}
benchmarks:
  - key: nightly-run
    name: Nightly run
    scenario: per-row
    iterations: 4
    concurrency: 2
    thresholds: ["success_rate >= 0.5"]
`;

interface Server {
  url: string;
  close(): Promise<void>;
}

async function startServer(backend: TestBackend): Promise<Server> {
  const database = await openTestDatabase(backend);
  const config = loadConfig({
    TINYFISH_MOCK_MODE: 'true',
    LOG_LEVEL: 'silent',
    TFBENCH_AUTH: 'on',
    API_HOST: '127.0.0.1',
    TFBENCH_BOOTSTRAP_API_KEY: TEST_CREDENTIALS.apiKey,
    TFBENCH_UPSTREAM_KEY_ENVS: 'LLM_KEY',
  });
  const app = await buildApp({ config, db: database.handle, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: async () => {
      await app.close();
      await database.dispose();
    },
  };
}

/** Every file under `dir`, by relative path. */
async function filesOf(dir: string): Promise<Record<string, string>> {
  const names = (await readdir(dir)).sort();
  return Object.fromEntries(
    await Promise.all(names.map(async (name) => [name, await readFile(path.join(dir, name), 'utf8')])),
  );
}

const withKey = { TFBENCH_API_KEY: TEST_CREDENTIALS.apiKey };

describe.each(TEST_BACKENDS)('tfbench apply and export [%s]', (backend) => {
  const dir = useTempDir();
  const servers: Server[] = [];
  afterAll(async () => {
    for (const server of servers) await server.close();
  });
  const start = async () => {
    const server = await startServer(backend);
    servers.push(server);
    return server.url;
  };
  const cli = (argv: string[], env: Record<string, string> = withKey) => runCli(argv, { cwd: dir(), env });

  it('applies a folder, again unchanged, and the round trip gives identical files', {
    timeout: 120_000,
  }, async (context) => {
    if (backend === 'postgres' && !(await requirePostgres())) context.skip();
    const first = await start();
    const source = path.join(dir(), 'source');
    await mkdir(source, { recursive: true });
    await writeIn(source, 'bench.yaml', ISSUE_BENCH_YAML);
    await writeIn(source, 'more.yml', MORE_YAML);
    await writeIn(source, 'data.yaml', DATA_YAML);

    const applied = await cli(['apply', '-f', 'source', '--server', first]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('Plan: 9 to create, 0 to update, 0 to delete, 0 unchanged.\nApplied.');
    expect(applied.stdout).toMatch(/\+ create +dataset +prompts "Prompts"/);
    expect(applied.stdout).toMatch(/\+ create +benchmark +nightly-run "Nightly run"/);
    expect(applied.stdout).toMatch(/\+ create +scenario +nightly "Nightly shop check"/);
    expect(applied.stderr).toContain('the benchmark section is for "tfbench run"');
    const again = await cli(['apply', '-f', 'source', '--server', first]);
    expect(again.stdout).toContain('Plan: 0 to create, 0 to update, 0 to delete, 9 unchanged.');

    expect((await cli(['export', '-o', 'first', '--server', first])).code).toBe(0);
    expect((await cli(['export', '-o', 'first.json', '--server', first])).code).toBe(0);
    const exported = await filesOf(path.join(dir(), 'first'));
    expect(Object.keys(exported)).toEqual(['_datasets.yaml', 'llm.yaml', 'shop.yaml']);
    expect(exported['shop.yaml']).toContain('key: nightly');
    expect(exported['shop.yaml']).toContain('scenario: per-row');
    expect(exported['shop.yaml']).toContain('dataset:\n        key: prompts');
    expect(exported['_datasets.yaml']).toContain('key: generated');
    expect(exported['llm.yaml']).toContain('api_key_env: LLM_KEY');

    const second = await start();
    const copied = await cli(['apply', '-f', 'first', '--server', second]);
    expect(copied.code, copied.stderr).toBe(0);
    expect(copied.stdout).toContain('Plan: 9 to create,');
    expect((await cli(['export', '-o', 'second', '--server', second])).code).toBe(0);
    expect((await cli(['export', '-o', 'second.json', '--server', second])).code).toBe(0);
    expect(await filesOf(path.join(dir(), 'second'))).toEqual(exported);
    expect(await readFile(path.join(dir(), 'second.json'), 'utf8')).toBe(
      await readFile(path.join(dir(), 'first.json'), 'utf8'),
    );
    const stdout = await cli(['export', '--server', second]);
    expect(stdout.stdout).toContain('automations:\n  - key: llm\n    name: Local LLM\n');

    // A dry run plans the change and makes none.
    await writeIn(
      path.join(dir(), 'first'),
      'shop.yaml',
      exported['shop.yaml']?.replace('iterations: 5', 'iterations: 6') ?? '',
    );
    const dry = await cli(['apply', '-f', 'first', '--server', second, '--dry-run']);
    expect(dry.stdout).toMatch(/~ update +scenario +nightly "Nightly shop check": run_settings/);
    expect(dry.stdout).toContain('Dry run: nothing was changed.');
    expect(await filesOf(path.join(dir(), 'second'))).toEqual(exported);

    // Pruning deletes history: an editor's key is refused, an admin's deletes.
    const admin = { authorization: `Bearer ${TEST_CREDENTIALS.apiKey}`, 'content-type': 'application/json' };
    const created = await fetch(`${second}/api/v1/api-keys`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ name: 'ci', role: 'editor' }),
    });
    const editorKey = { TFBENCH_API_KEY: String(((await created.json()) as { key: string }).key) };
    const only = await writeIn(dir(), 'only-llm.yaml', MORE_YAML.slice(0, MORE_YAML.indexOf('scenarios:')));
    const refused = await cli(['apply', '-f', only, '--server', second, '--prune'], editorKey);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/refused the request \(HTTP 403 FORBIDDEN: This needs the admin role/);
    const pruned = await cli(['apply', '-f', only, '--server', second, '--prune']);
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(pruned.stdout).toContain('Plan: 0 to create, 0 to update, 8 to delete, 1 unchanged.');
  });

  it('reports a field the server refuses at its file and line, and changes nothing', {
    timeout: 60_000,
  }, async (context) => {
    if (backend === 'postgres' && !(await requirePostgres())) context.skip();
    const server = await start();
    const file = await writeIn(
      dir(),
      'refused.yaml',
      ISSUE_BENCH_YAML.replace('"success_rate >= 0.5"', '"p95(nonsense) < 1"'),
    );
    const outcome = await cli(['apply', '-f', file, '--server', server]);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain(`${file}:12: scenarios[0].thresholds[1]: `);
    const exported = await cli(['export', '--server', server]);
    expect(exported.stdout).toContain('automations: []');
  });
});

describe('tfbench apply and export, standalone with --data', () => {
  const dir = useTempDir();

  it('keeps the configuration in the data folder and round-trips it', { timeout: 120_000 }, async () => {
    const file = await writeIn(dir(), 'bench.yaml', ISSUE_BENCH_YAML);
    const applied = await runCli(['apply', '-f', file, '--data', 'db'], { cwd: dir() });
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('Plan: 2 to create,');
    const first = await runCli(['export', '--data', 'db', '-o', 'one.yaml'], { cwd: dir() });
    expect(first.code, first.stderr).toBe(0);
    await rm(path.join(dir(), 'db'), { recursive: true });
    expect((await runCli(['apply', '-f', 'one.yaml', '--data', 'db'], { cwd: dir() })).code).toBe(0);
    expect((await runCli(['export', '--data', 'db', '-o', 'two.yaml'], { cwd: dir() })).code).toBe(0);
    expect(await readFile(path.join(dir(), 'two.yaml'), 'utf8')).toBe(
      await readFile(path.join(dir(), 'one.yaml'), 'utf8'),
    );
  });

  it('runs a saved benchmark by key with the outputs and exit codes of run FILE', {
    timeout: 180_000,
  }, async () => {
    const saved = `${ISSUE_BENCH_YAML}benchmarks:\n  - key: quick\n    name: Quick\n    scenario: cheapest\n    iterations: 3\n    concurrency: 2\n  - key: strict\n    name: Strict\n    scenario: cheapest\n    iterations: 2\n    concurrency: 1\n    thresholds: ["p95(total_duration_ms) < 1"]\n`;
    const file = await writeIn(dir(), 'saved.yaml', saved);
    const applied = await runCli(['apply', '-f', file, '--data', 'saved-db'], { cwd: dir() });
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/\+ create +benchmark +quick "Quick"/);

    const quick = await runCli(['run', '--benchmark', 'quick', '--data', 'saved-db', '--out', 'quick.json'], {
      cwd: dir(),
    });
    expect(quick.code, quick.stderr).toBe(0);
    expect(quick.stderr).toContain('3 runs of "Cheapest item"');
    expect(quick.stdout).toMatch(/verdict: passed/);
    const summary = JSON.parse(await readFile(path.join(dir(), 'quick.json'), 'utf8'));
    expect(summary.benchmark).toMatchObject({ name: 'Quick', status: 'completed' });
    expect(summary.metrics.runs).toBe(3);

    const strict = await runCli(['run', '--benchmark', 'strict', '--data', 'saved-db'], { cwd: dir() });
    expect(strict.code, strict.stderr).toBe(99);
    const missing = await runCli(['run', '--benchmark', 'nope', '--data', 'saved-db'], { cwd: dir() });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no saved benchmark with key "nope"');
    expect(missing.stderr).toContain('it has "quick", "strict"');
  });
});
