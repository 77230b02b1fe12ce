/**
 * `npm run bench:cli`: how long a standalone `tfbench run` takes from process start to its
 * first upstream request, the moment a benchmark begins to measure anything. The upstream is
 * a mock TinyFish in this process (loopback, an API key, so the CLI's run goes to it as to the
 * real API rather than to its built-in mock); the mock's request log records each request's
 * arrival, and the start is the instant just before the process is spawned.
 *
 * Measured in turns, `--repetitions` times each (the machine's load drifts between turns):
 *
 * - `node -e ''`: a bare Node.js process, start to exit (the floor of any command);
 * - `node fetch`: a bare Node.js script doing one fetch to the mock, start to arrival
 *   (the baseline: what any Node.js client pays before its first request);
 * - `tfbench --help`: start to exit (the CLI's own load: tsx and the command modules);
 * - `tfbench run`: a one-run standalone benchmark, start to the first upstream request
 *   (the figure against the target of 2 s), the CPU time the process had used by then (read
 *   from /proc: less sensitive to the machine's load than the wall time), and start to exit.
 *
 * Printed: median and p95 per variant, `tfbench run` as a ratio to `node fetch`, the load
 * average before and after. Flags: --repetitions (5), --json FILE.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentileOfSorted } from '@tfbench/domain/statistics';
import { startMockTinyFish } from '@tfbench/mock-tinyfish';
import { readBenchOptions } from './lib/cli-options.js';
import { flagText, int, readFlags } from './lib/flags.js';

const USAGE = `npm run bench:cli -- [--repetitions 5] [--json FILE]
`;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TFBENCH = path.join(ROOT, 'node_modules/.bin/tfbench');
const API_KEY = 'bench-cli-startup-key';

const BENCH_FILE = `automations:
  - {key: shop, name: Shop search, provider: tinyfish, default_inputs: {url: "https://example.com/"}}
scenarios:
  - {key: one, name: One run, automation: shop, inputs_template: {goal: "Read the title"}}
benchmark: {scenario: one, iterations: 1, concurrency: 1}
`;

interface Options {
  help: boolean;
  repetitions: number;
  json: string | undefined;
}

function parseArgs(argv: string[]): Options {
  const flags = readFlags(argv, ['repetitions', 'json']);
  return {
    help: flags.has('help'),
    repetitions: int(flagText(flags, 'repetitions'), 'repetitions', 1, 50) ?? 5,
    json: flagText(flags, 'json'),
  };
}

/** Spawn a process; resolves with the spawn instant (epoch ms), its exit instant and code. */
function timedSpawn(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const startedAt = Date.now();
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  /** CPU time (user + system, ms) the process has used so far; null once it is gone. */
  const cpuMs = (): number | null => {
    try {
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      // utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 per second).
      return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return null;
    }
  };
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ exitedAt: number; code: number | null; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ exitedAt: Date.now(), code, stderr }));
  });
  return { startedAt, exited, cpuMs };
}

function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: percentileOfSorted(sorted, 0.5), p95: percentileOfSorted(sorted, 0.95), n: values.length };
}

async function main(): Promise<void> {
  const options = readBenchOptions(process.argv.slice(2), parseArgs, USAGE);
  if (!options) return;
  const mock = await startMockTinyFish({
    apiKey: API_KEY,
    seed: 1,
    model: {
      started_delay_ms: 5,
      streaming_url_delay_ms: 5,
      steps: 1,
      step_delay_ms: 10,
      outcome: 'COMPLETED',
    },
  });
  const dir = await mkdtemp(path.join(tmpdir(), 'tfbench-bench-cli-'));
  await writeFile(path.join(dir, 'bench.yaml'), BENCH_FILE);
  const env: NodeJS.ProcessEnv = { ...process.env, TINYFISH_API_KEY: API_KEY, TINYFISH_BASE_URL: mock.url };
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'NO_COLOR', 'GITHUB_STEP_SUMMARY']) delete env[name];
  /** Arrival instant of the first request after `seen` requests, waiting for it. */
  const firstArrivalAfter = async (seen: number, deadline: number): Promise<number> => {
    for (;;) {
      const entry = mock.requests()[seen];
      if (entry) return entry.received_epoch_ms;
      if (Date.now() > deadline) throw new Error('no upstream request arrived');
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  };
  const samples: Record<string, number[]> = {
    "node -e '' (exit)": [],
    'node fetch (first request)': [],
    'tfbench --help (exit)': [],
    'tfbench run (first request)': [],
    'tfbench run (CPU to first request)': [],
    'tfbench run (exit)': [],
  };
  const loadBefore = loadavg()[0] ?? 0;
  try {
    for (let round = 0; round < options.repetitions; round++) {
      const bare = timedSpawn(process.execPath, ['-e', ''], dir, env);
      samples["node -e '' (exit)"]?.push((await bare.exited).exitedAt - bare.startedAt);

      let seen = mock.requests().length;
      const fetcher = timedSpawn(
        process.execPath,
        ['-e', `fetch(${JSON.stringify(`${mock.url}/v1/ping`)}).then((r) => r.text())`],
        dir,
        env,
      );
      samples['node fetch (first request)']?.push(
        (await firstArrivalAfter(seen, Date.now() + 30_000)) - fetcher.startedAt,
      );
      await fetcher.exited;

      const help = timedSpawn(TFBENCH, ['--help'], dir, env);
      const helpExit = await help.exited;
      if (helpExit.code !== 0) throw new Error(`tfbench --help exited ${helpExit.code}: ${helpExit.stderr}`);
      samples['tfbench --help (exit)']?.push(helpExit.exitedAt - help.startedAt);

      seen = mock.requests().length;
      const run = timedSpawn(TFBENCH, ['run', 'bench.yaml'], dir, env);
      samples['tfbench run (first request)']?.push(
        (await firstArrivalAfter(seen, Date.now() + 120_000)) - run.startedAt,
      );
      samples['tfbench run (CPU to first request)']?.push(run.cpuMs() ?? Number.NaN);
      const runExit = await run.exited;
      if (runExit.code !== 0) throw new Error(`tfbench run exited ${runExit.code}: ${runExit.stderr}`);
      samples['tfbench run (exit)']?.push(runExit.exitedAt - run.startedAt);
      process.stderr.write(`round ${round + 1}/${options.repetitions} done\n`);
    }
  } finally {
    await mock.close();
    await rm(dir, { recursive: true, force: true });
  }
  const loadAfter = loadavg()[0] ?? 0;
  const results = Object.fromEntries(
    Object.entries(samples).map(([name, values]) => [name, summary(values)]),
  );
  const baseline = results['node fetch (first request)']?.median ?? Number.NaN;
  const target = results['tfbench run (first request)']?.median ?? Number.NaN;
  const lines = [
    `tfbench CLI start-up, ${options.repetitions} repetitions, load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after`,
    '',
    `${'variant'.padEnd(36)}${'median'.padStart(10)}${'p95'.padStart(10)}`,
    ...Object.entries(results).map(
      ([name, s]) =>
        `${name.padEnd(36)}${`${Math.round(s.median ?? 0)} ms`.padStart(10)}${`${Math.round(s.p95 ?? 0)} ms`.padStart(10)}`,
    ),
    '',
    `tfbench run to its first request: ${(target / baseline).toFixed(1)}x a bare node fetch; target <= 2000 ms: ${target <= 2000 ? 'met' : 'missed'}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (options.json) {
    await writeFile(
      options.json,
      `${JSON.stringify({ loadBefore, loadAfter, results, samples }, null, 2)}\n`,
    );
  }
}

await main();
