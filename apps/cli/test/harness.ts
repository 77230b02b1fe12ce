/**
 * Runs `tfbench` in this process (main() with captured streams), or as the installed command
 * in a child process, and gives the exit code and what it wrote. Also the issue's benchmark
 * file, verbatim, and variants of it.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { main } from '../src/main.js';

export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** The checkout's root, where `npx tfbench` resolves. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** An environment without the CI or server variables of whoever runs the tests. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const name of [
    'GITHUB_STEP_SUMMARY',
    'TFBENCH_API_KEY',
    'TINYFISH_API_KEY',
    'DATABASE_URL',
    'REDIS_URL',
    'NO_COLOR',
  ]) {
    delete env[name];
  }
  return { ...env, ...extra };
}

export async function runCli(
  argv: string[],
  options: {
    cwd: string;
    env?: Record<string, string>;
    /** Stands for Ctrl-C. */
    signal?: AbortSignal;
    /** Sees stderr as it is written. */
    onStderr?: (text: string) => void;
    /** Sees stdout as it is written. */
    onStdout?: (text: string) => void;
  },
): Promise<CliOutcome> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: {
      isTTY: false,
      write: (text: string) => {
        stdout += text;
        options.onStdout?.(text);
      },
    },
    stderr: {
      isTTY: false,
      write: (text: string) => {
        stderr += text;
        options.onStderr?.(text);
      },
    },
    env: cleanEnv(options.env),
    cwd: options.cwd,
    signal: options.signal,
  });
  return { code, stdout, stderr };
}

/** `npx tfbench …` from `cwd`, exactly as a CI job runs it. */
export function spawnCli(
  argv: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<CliOutcome> {
  return spawnCollecting(path.join(REPO_ROOT, 'node_modules/.bin/tfbench'), argv, {
    cwd: options.cwd,
    env: cleanEnv(options.env),
  });
}

/** A process run to its end, with what it wrote. */
export function spawnCollecting(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string | undefined> },
): Promise<CliOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** A fresh folder per test file, removed after it. */
export function useTempDir(): () => string {
  let dir: string | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tfbench-cli-test-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return () => {
    if (!dir) throw new Error('the folder is not made yet');
    return dir;
  };
}

export async function writeIn(dir: string, name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

/** The issue's file, byte for byte. */
export const ISSUE_BENCH_YAML = `# bench.yaml
automations:
  - key: shop
    name: Shop search
    provider: tinyfish
    default_inputs: {url: "https://scrapeme.live/shop/"}
scenarios:
  - key: cheapest
    name: Cheapest item
    automation: shop
    inputs_template: {goal: "Find the cheapest product and return its name and price"}
    thresholds: ["p95(total_duration_ms) < 60000", "success_rate >= 0.5"]
benchmark:
  scenario: cheapest
  iterations: 20
  concurrency: 5
`;

/** The issue's file with a threshold no run can meet. */
export const FAILING_BENCH_YAML = ISSUE_BENCH_YAML.replace(
  'p95(total_duration_ms) < 60000',
  'p95(total_duration_ms) < 1',
);
