/**
 * The benchmark file is checked before anything runs: a bad file, an unknown key or a missing
 * scenario ends with exit 1 and a message naming the file, the line and the field.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBenchFile } from '../src/load-bench-file.js';
import { ISSUE_BENCH_YAML, runCli, useTempDir, writeIn } from './harness.js';

describe('benchmark file', () => {
  const dir = useTempDir();

  it('reads the issue file verbatim', async () => {
    const file = await writeIn(dir(), 'bench.yaml', ISSUE_BENCH_YAML);
    const loaded = await loadBenchFile(file);
    expect(loaded.contents.benchmark).toEqual({ scenario: 'cheapest', iterations: 20, concurrency: 5 });
    expect(loaded.contents.scenarios[0]?.thresholds).toEqual([
      'p95(total_duration_ms) < 60000',
      'success_rate >= 0.5',
    ]);
  });

  it('reads the same content as JSON', async () => {
    const json = JSON.stringify(
      {
        automations: [{ key: 'shop', name: 'Shop search' }],
        scenarios: [{ key: 'cheapest', name: 'Cheapest item', automation: 'shop' }],
        benchmark: { scenario: 'cheapest', iterations: 2, concurrency: 1 },
      },
      null,
      2,
    );
    const loaded = await loadBenchFile(await writeIn(dir(), 'bench.json', json));
    expect(loaded.contents.scenarios[0]?.automation).toBe('shop');
  });

  it('exits 1 naming an unknown automation key, its file and line', async () => {
    const file = await writeIn(
      dir(),
      'unknown-key.yaml',
      ISSUE_BENCH_YAML.replace('automation: shop', 'automation: shoe'),
    );
    const outcome = await runCli(['run', file], { cwd: dir() });
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toContain(`${file}:10: scenarios[0].automation: unknown automation key "shoe"`);
    expect(outcome.stderr).toContain('"shop"');
  });

  it('exits 1 naming a missing scenario', async () => {
    const file = await writeIn(
      dir(),
      'missing.yaml',
      ISSUE_BENCH_YAML.replace('scenario: cheapest', 'scenario: dearest'),
    );
    const outcome = await runCli(['run', file], { cwd: dir() });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain(`${file}:14: benchmark.scenario: missing scenario "dearest"`);
  });

  it('exits 1 naming a missing benchmark section', async () => {
    const text = ISSUE_BENCH_YAML.slice(0, ISSUE_BENCH_YAML.indexOf('benchmark:'));
    const file = await writeIn(dir(), 'no-benchmark.yaml', text);
    const outcome = await runCli(['run', file], { cwd: dir() });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/missing benchmark section/);
  });

  it('exits 1 naming every bad field with its line and the reason', async () => {
    const text = ISSUE_BENCH_YAML.replace('iterations: 20', 'iterations: 0').replace(
      'provider: tinyfish',
      'provider: carrier-pigeon',
    );
    const file = await writeIn(dir(), 'bad-fields.yaml', text);
    const outcome = await runCli(['run', file], { cwd: dir() });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain(`${file}:15: benchmark.iterations: must be a whole number from 1 to`);
    expect(outcome.stderr).toContain(`${file}:5: automations[0].provider:`);
  });

  it('names a missing required field at its parent line', async () => {
    const file = await writeIn(
      dir(),
      'no-name.yaml',
      ISSUE_BENCH_YAML.replace('    name: Cheapest item\n', ''),
    );
    const outcome = await runCli(['run', file], { cwd: dir() });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain(`${file}:8: scenarios[0].name:`);
  });

  it('exits 1 on an unknown field', async () => {
    const file = await writeIn(dir(), 'typo.yaml', `${ISSUE_BENCH_YAML}  iteratoins: 3\n`);
    const outcome = await runCli(['run', file], { cwd: dir() });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain(`${file}:17: benchmark.iteratoins: unknown field`);
  });

  it('exits 1 on a duplicate key', async () => {
    const text = ISSUE_BENCH_YAML.replace(
      'scenarios:\n',
      'scenarios:\n  - {key: cheapest, name: Other, automation: shop}\n',
    );
    const file = await writeIn(dir(), 'duplicate.yaml', text);
    const outcome = await runCli(['run', file], { cwd: dir() });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain(`${file}:9: scenarios[1].key: duplicate key "cheapest"`);
  });

  it('exits 1 on a file that is not YAML, naming its line', async () => {
    const file = await writeIn(dir(), 'broken.yaml', 'automations:\n  - key: [unclosed\n');
    const outcome = await runCli(['run', file], { cwd: dir() });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(
      new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: not valid YAML or JSON`),
    );
  });

  it('exits 1 on a file that does not exist', async () => {
    const outcome = await runCli(['run', 'nowhere.yaml'], { cwd: dir() });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain(
      `${path.join(dir(), 'nowhere.yaml')}: cannot read the benchmark file: no such file`,
    );
  });
});
