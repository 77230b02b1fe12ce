/**
 * The conventions every command keeps: --help on each (exit 0, on stdout, nothing on
 * stderr); results on stdout and errors on stderr; colour only on a terminal and never with
 * NO_COLOR, also as the installed command writing to a pipe.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { SAMPLES_FORMAT } from '../src/samples.js';
import { cleanEnv, runCli, spawnCli, useTempDir } from './harness.js';

/** main() with stdout and stderr that say they are a terminal. */
async function onTerminal(argv: string[], cwd: string, env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { isTTY: true, write: (text: string) => (stdout += text) },
    stderr: { isTTY: true, write: (text: string) => (stderr += text) },
    env: cleanEnv(env),
    cwd,
  });
  return { code, stdout, stderr };
}

function summaryFile(medianMs: number): string {
  const runs = Array.from({ length: 20 }, (_, i) => ({
    status: 'completed',
    total_duration_ms: medianMs + i - 10,
    ttft_ms: medianMs / 4,
    itl_mean_ms: null,
    cost_usd: null,
    assertions_passed: null,
  }));
  return JSON.stringify({
    tfbench: {},
    benchmark: { id: 1 },
    exit_code: 0,
    samples: { format: SAMPLES_FORMAT, limit: 5000, runs_total: 20, sampled: false, runs },
  });
}

describe('command-line conventions', () => {
  const dir = useTempDir();

  it.each([
    [['compare', '--help'], /^Usage:\n {2}tfbench compare A B/],
    [['compare', '-h'], /^Usage:\n {2}tfbench compare A B/],
    [['runs', '--help'], /^Usage:\n {2}tfbench runs tail/],
    [['runs', 'tail', '--help'], /^Usage:\n {2}tfbench runs tail --server URL/],
    [['run', '--help'], /--baseline FILE/],
    [['--help'], /compare .*\n {2}runs +runs tail/],
  ])('%j prints its help on stdout, exit 0', async (argv, text) => {
    const outcome = await runCli(argv, { cwd: dir() });
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(text);
    expect(outcome.stderr).toBe('');
  });

  it('colours results on a terminal, not with NO_COLOR, and sends them to stdout', async () => {
    await writeFile(path.join(dir(), 'a.json'), summaryFile(1000));
    await writeFile(path.join(dir(), 'b.json'), summaryFile(2000));
    const coloured = await onTerminal(['compare', 'a.json', 'b.json'], dir());
    expect(coloured.code).toBe(98);
    expect(coloured.stdout).toContain('\u001b[31mFAIL\u001b[0m');
    expect(coloured.stderr).toBe('');
    const plain = await onTerminal(['compare', 'a.json', 'b.json'], dir(), { NO_COLOR: '1' });
    expect(plain.code).toBe(98);
    expect(plain.stdout).not.toContain('\u001b[');
    expect(plain.stdout).toContain('FAIL  total_duration_ms');
  });

  it('writes plain text to a pipe, results on stdout and errors on stderr', { timeout: 60_000 }, async () => {
    await writeFile(path.join(dir(), 'a.json'), summaryFile(1000));
    const piped = await spawnCli(['compare', 'a.json', 'a.json'], { cwd: dir() });
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stdout).toContain('PASS  total_duration_ms');
    expect(piped.stdout).not.toContain('\u001b[');
    expect(piped.stderr).toBe('');
    const failed = await spawnCli(['compare', 'a.json', 'missing.json'], { cwd: dir() });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toBe('tfbench: missing.json: cannot read the baseline file: no such file\n');
  });
});
