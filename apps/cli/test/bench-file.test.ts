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

  let cases = 0;
  const withoutBenchmark = ISSUE_BENCH_YAML.slice(0, ISSUE_BENCH_YAML.indexOf('benchmark:'));
  // [case, the file's text, what stderr must say (`FILE` stands for the file's path)]
  it.each([
    [
      'an unknown automation key, with the keys defined',
      ISSUE_BENCH_YAML.replace('automation: shop', 'automation: shoe'),
      ['FILE:10: scenarios[0].automation: unknown automation key "shoe" (the file defines "shop")'],
    ],
    [
      'a missing scenario',
      ISSUE_BENCH_YAML.replace('scenario: cheapest', 'scenario: dearest'),
      ['FILE:14: benchmark.scenario: missing scenario "dearest"'],
    ],
    ['a missing benchmark section', withoutBenchmark, ['FILE: missing benchmark section']],
    [
      'every bad field with its line and the reason',
      ISSUE_BENCH_YAML.replace('iterations: 20', 'iterations: 0').replace(
        'provider: tinyfish',
        'provider: x',
      ),
      ['FILE:15: benchmark.iterations: must be a whole number from 1 to', 'FILE:5: automations[0].provider:'],
    ],
    [
      'a missing required field, at its parent line',
      ISSUE_BENCH_YAML.replace('    name: Cheapest item\n', ''),
      ['FILE:8: scenarios[0].name:'],
    ],
    [
      'an unknown field',
      `${ISSUE_BENCH_YAML}  iteratoins: 3\n`,
      ['FILE:17: benchmark.iteratoins: unknown field'],
    ],
    [
      'a duplicate key',
      ISSUE_BENCH_YAML.replace(
        'scenarios:\n',
        'scenarios:\n  - {key: cheapest, name: Other, automation: shop}\n',
      ),
      ['FILE:9: scenarios[1].key: duplicate key "cheapest"'],
    ],
  ])('exits 1 naming %s', async (_case, text, messages) => {
    const file = await writeIn(dir(), `case-${++cases}.yaml`, text);
    const outcome = await runCli(['run', file], { cwd: dir() });
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toBe('');
    for (const message of messages) expect(outcome.stderr).toContain(message.replace('FILE', file));
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
