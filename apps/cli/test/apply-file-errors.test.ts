/**
 * `tfbench apply` checks its files before it reaches any server: an unknown field, a bad type,
 * a scenario naming an undeclared automation or dataset (or a dataset by id), a benchmark or a
 * saved benchmark naming a missing scenario, a key declared twice across a folder's files, a
 * document over the server's size limit — each ends with exit 1 and a message naming the file,
 * the line and the field. A wrong command line is exit 2.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ISSUE_BENCH_YAML, runCli, useTempDir, writeIn } from './harness.js';

describe('tfbench apply: bad files', () => {
  const dir = useTempDir();
  let cases = 0;

  // [case, the file's text, what stderr must say (`FILE` stands for the file's path)]
  it.each([
    [
      'an unknown field',
      `${ISSUE_BENCH_YAML}  iteratoins: 3\n`,
      'FILE:17: benchmark.iteratoins: unknown field',
    ],
    [
      'an unknown field of an item',
      ISSUE_BENCH_YAML.replace('    provider: tinyfish\n', '    provider: tinyfish\n    colour: red\n'),
      'FILE:6: automations[0].colour: unknown field',
    ],
    [
      'a bad type',
      ISSUE_BENCH_YAML.replace('name: Cheapest item', 'name: [Cheapest]'),
      'FILE:9: scenarios[0].name: ',
    ],
    [
      'an undeclared automation',
      ISSUE_BENCH_YAML.replace('automation: shop', 'automation: shoe'),
      'FILE:10: scenarios[0].automation: unknown automation key "shoe" (the file defines "shop")',
    ],
    [
      'a missing scenario',
      ISSUE_BENCH_YAML.replace('scenario: cheapest', 'scenario: dearest'),
      'FILE:14: benchmark.scenario: missing scenario "dearest"',
    ],
    [
      'an undeclared dataset',
      `${ISSUE_BENCH_YAML.replace('    thresholds:', '    run_settings:\n      dataset: {key: prompt, order: shuffle}\n    thresholds:')}datasets:\n  - key: prompts\n    name: Prompts\n    rows: [{goal: a}]\n`,
      'FILE:13: scenarios[0].run_settings.dataset.key: unknown dataset key "prompt" (the file defines "prompts")',
    ],
    [
      'a dataset named by id',
      ISSUE_BENCH_YAML.replace(
        '    thresholds:',
        '    run_settings:\n      dataset:\n        id: 3\n    thresholds:',
      ),
      'FILE:14: scenarios[0].run_settings.dataset.id: name the dataset by key',
    ],
    [
      'a saved benchmark naming a missing scenario',
      `${ISSUE_BENCH_YAML}benchmarks:\n  - key: nightly\n    name: Nightly\n    scenario: dearest\n    iterations: 5\n    concurrency: 1\n`,
      'FILE:20: benchmarks[0].scenario: unknown scenario key "dearest" (the file defines "cheapest")',
    ],
  ])('exits 1 naming the file, line and field of %s', async (_case, text, message) => {
    const file = await writeIn(dir(), `case-${++cases}.yaml`, text);
    const outcome = await runCli(['apply', '-f', file, '--dry-run'], { cwd: dir() });
    expect(outcome.code, outcome.stderr).toBe(1);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toContain(message.replace('FILE', file));
  });

  it('checks keys and references across the files of a folder', async () => {
    const folder = path.join(dir(), 'folder');
    await mkdir(folder, { recursive: true });
    await writeIn(folder, 'a.yaml', ISSUE_BENCH_YAML);
    const second = await writeIn(
      folder,
      'b.yaml',
      'scenarios:\n  - key: other\n    name: Other\n    automation: shop\n  - key: cheapest\n    name: Again\n    automation: nowhere\n',
    );
    const outcome = await runCli(['apply', '-f', 'folder', '--dry-run'], { cwd: dir() });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain(`${second}:5: scenarios[1].key: duplicate key "cheapest"`);
    expect(outcome.stderr).toContain(
      `${second}:7: scenarios[1].automation: unknown automation key "nowhere"`,
    );
    expect(outcome.stderr).not.toContain('scenarios[0].automation');
  });

  it("refuses a document over the server's 4 MiB before asking any server, naming the biggest dataset", async () => {
    const row = `    - {prompt: "${'x'.repeat(1000)}"}\n`;
    const text = `datasets:\n  - key: small\n    name: Small\n    rows: [{prompt: a}]\n  - key: big\n    name: Big\n    rows:\n${row.repeat(4300)}`;
    const file = await writeIn(dir(), 'big.yaml', text);
    const outcome = await runCli(['apply', '-f', file, '--server', 'http://127.0.0.1:9'], { cwd: dir() });
    expect(outcome.code, outcome.stderr).toBe(1);
    expect(outcome.stderr).toMatch(
      /the configuration is 4\.\d+ MiB as JSON; the server takes at most 4 MiB in one apply/,
    );
    expect(outcome.stderr).toContain(`${file}:5: datasets[1] (4.1`);
  });

  it('exits 1 on a path that does not exist or a folder without files', async () => {
    await mkdir(path.join(dir(), 'empty'), { recursive: true });
    const missing = await runCli(['apply', '-f', 'nowhere'], { cwd: dir() });
    expect([missing.code, missing.stderr]).toEqual([
      1,
      `tfbench: ${path.join(dir(), 'nowhere')}: no such file or folder\n`,
    ]);
    const empty = await runCli(['apply', '-f', 'empty'], { cwd: dir() });
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('the folder holds no .yaml, .yml or .json file');
  });

  it.each([
    [['apply'], 'apply needs -f PATH'],
    [['apply', 'bench.yaml'], 'apply takes its PATH as -f PATH'],
    [['apply', '-f', 'x.yaml', '--force'], "Unknown option '--force'"],
    [['export', 'somewhere'], 'export takes no arguments'],
    [['export', '--server', 'ftp://x'], '--server must be an http(s) URL'],
    [['export', '--server', 'http://x', '--data', 'd'], '--data is for a standalone server'],
  ])('exits 2 on %j', async (argv, message) => {
    const outcome = await runCli(argv, { cwd: dir() });
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain(message);
    expect(outcome.stderr).toContain(`Run "tfbench ${argv[0]} --help" for usage.`);
  });

  it('prints --help on stdout and exits 0', async () => {
    for (const command of ['apply', 'export']) {
      const outcome = await runCli([command, '--help'], { cwd: dir() });
      expect(outcome.code).toBe(0);
      expect(outcome.stdout).toContain(`tfbench ${command}`);
      expect(outcome.stdout).toContain('Exit codes');
    }
  });
});
