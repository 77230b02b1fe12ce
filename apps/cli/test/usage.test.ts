/**
 * The command line: --help on every command answers 0 on stdout; a wrong command line is a
 * usage error (exit 2) on stderr; a server that cannot be reached is exit 1, naming it.
 */
import { freePort } from '@tfbench/testbed/processes';
import { describe, expect, it } from 'vitest';
import { ISSUE_BENCH_YAML, runCli, useTempDir, writeIn } from './harness.js';

describe('tfbench command line', () => {
  const dir = useTempDir();

  it.each([[['--help']], [['help']], [['run', '--help']], [['run', '-h']]])(
    '%j prints help on stdout',
    async (argv) => {
      const outcome = await runCli(argv, { cwd: dir() });
      expect(outcome.code).toBe(0);
      expect(outcome.stdout).toMatch(/^Usage:\n? +tfbench/);
      expect(outcome.stdout).toMatch(/99 +a threshold failed|99 a threshold failed/);
      expect(outcome.stderr).toBe('');
    },
  );

  it.each([
    [[], /Usage: tfbench/],
    [['launch'], /unknown command "launch"/],
    [['run'], /run needs a FILE, --scenario ID or --benchmark KEY/],
    [['run', '--benchmark', 'not a key'], /--benchmark must be a saved benchmark's key/],
    [
      ['run', 'bench.yaml', '--benchmark', 'nightly', '--iterations', '3'],
      /--benchmark runs a saved benchmark with its own settings; it takes no FILE, --iterations/,
    ],
    [['run', 'bench.yaml', '--iteratoins', '3'], /Unknown option '--iteratoins'/],
    [['run', 'a.yaml', 'b.yaml'], /run takes one FILE/],
    [
      ['run', 'bench.yaml', '--iterations', 'many'],
      /--iterations must be a positive whole number, got "many"/,
    ],
    [['run', 'bench.yaml', '--concurrency', '0'], /--concurrency must be a positive whole number/],
    [['run', 'bench.yaml', '--arrival', 'sometimes'], /--arrival must be one of closed, constant, poisson/],
    [['run', 'bench.yaml', '--rate=-1'], /--rate must be a positive number/],
    [['run', '--scenario', 'cheapest'], /--scenario without a FILE must be a scenario id/],
    [['run', 'bench.yaml', '--server', 'localhost:8000'], /--server must be an http\(s\) URL/],
    [
      ['run', 'bench.yaml', '--server', 'http://127.0.0.1:1', '--data', 'db'],
      /--data is for standalone runs/,
    ],
  ])('%j is a usage error (exit 2)', async (argv, message) => {
    const outcome = await runCli(argv as string[], { cwd: dir() });
    expect(outcome.code).toBe(2);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toMatch(message);
  });

  it('exits 1 naming a server that cannot be reached', async () => {
    // Bound, then released: nothing listens on it.
    const port = await freePort();
    const file = await writeIn(dir(), 'bench.yaml', ISSUE_BENCH_YAML);
    const server = `http://127.0.0.1:${port}`;
    const outcome = await runCli(['run', file, '--server', server], { cwd: dir() });
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toContain(`cannot reach the tfbench server at ${server}: ECONNREFUSED`);
  });
});
