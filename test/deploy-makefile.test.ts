/**
 * The Makefile: the original's targets plus test and bench. Targets that need Docker are
 * checked with `make -n` (what they would run); those that need only Node run for real here:
 * lint-api, lint-web, migrate (on a temporary PGlite folder) and the env-file half of setup
 * (in a scratch folder, since `npm ci` would rewrite node_modules under other tests).
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, run } from './deploy-support.js';

const ORIGINAL_TARGETS = [
  'help',
  'setup',
  'dev',
  'build',
  'up',
  'down',
  'logs',
  'clean',
  'migrate',
  'shell-api',
  'shell-web',
  'shell-db',
  'test-api',
  'lint-api',
  'lint-web',
];
const DOCKER_TARGETS = ['dev', 'build', 'up', 'down', 'logs', 'clean', 'shell-api', 'shell-web', 'shell-db'];
const scratch: string[] = [];

/** make with a clean environment: the developer's DATABASE_URL and friends must not leak in. */
function make(
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {},
) {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env };
  return run('make', ['--no-print-directory', ...args], {
    cwd: options.cwd ?? repoRoot,
    env,
    timeoutMs: options.timeoutMs ?? 60_000,
  });
}

function scratchDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tfbench-make-'));
  scratch.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe('Makefile', () => {
  it('documents every target in `make help`, the original ones and test and bench', async () => {
    const result = await make(['help']);
    expect(result.code).toBe(0);
    const listed = new Map(
      [...result.stdout.matchAll(/^ {2}make (\S+)\s+(.+)$/gm)].map((m) => [m[1]!, m[2]!.trim()]),
    );
    for (const target of [...ORIGINAL_TARGETS, 'test', 'bench']) {
      expect(listed.get(target), target).toMatch(/\w{3,}/);
    }
    // `make` alone prints the same help.
    expect((await make([])).stdout).toBe(result.stdout);
  });

  it.each(DOCKER_TARGETS)('%s drives Docker Compose (checked with make -n)', async (target) => {
    const result = await make(['-n', target, 'COMPOSE=docker-compose']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^docker-compose /m);
  });

  it('shell-db opens psql with the credentials of the database container', async () => {
    const result = await make(['-n', 'shell-db', 'COMPOSE=docker-compose']);
    expect(result.stdout).toContain(
      `docker-compose exec postgres sh -c 'psql -U "$POSTGRES_USER" "$POSTGRES_DB"'`,
    );
  });

  it('setup installs from the lockfile and creates the env files', async () => {
    const result = await make(['-n', 'setup']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^npm ci$/m);
    expect(result.stdout).toMatch(/for f in \.env;/);
  });

  it('creates missing env files from the examples and never overwrites an existing one', async () => {
    const dir = scratchDir();
    copyFileSync(path.join(repoRoot, '.env.example'), path.join(dir, '.env.example'));
    const makefile = path.join(repoRoot, 'Makefile');
    const first = await make(['-f', makefile, 'env-files'], { cwd: dir });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('created .env (from .env.example)');
    expect(readFileSync(path.join(dir, '.env'), 'utf8')).toBe(
      readFileSync(path.join(repoRoot, '.env.example'), 'utf8'),
    );
    writeFileSync(path.join(dir, '.env'), 'TINYFISH_API_KEY=mine\n');
    const second = await make(['-f', makefile, 'env-files'], { cwd: dir });
    expect(second.stdout).toContain('kept    .env');
    expect(second.stdout).not.toContain('created');
    expect(readFileSync(path.join(dir, '.env'), 'utf8')).toBe('TINYFISH_API_KEY=mine\n');
  });

  it('test-api runs the API test suite', async () => {
    const result = await make(['-n', 'test-api']);
    expect(result.stdout.trim()).toBe('npx vitest run apps/api');
    expect(existsSync(path.join(repoRoot, 'apps/api/test'))).toBe(true);
  });

  it('bench runs the named benchmark script', async () => {
    const result = await make(['-n', 'bench', 'BENCH=engine']);
    expect(result.stdout).toContain('scripts="bench:engine"');
  });

  it('lint-api passes on the server code', async () => {
    const result = await make(['lint-api']);
    expect(result.stderr + result.stdout).toMatch(/Checked \d+ files?/);
    expect(result.code, (result.stderr + result.stdout).slice(-3000)).toBe(0);
  });

  it('lint-web passes on the dashboard', async () => {
    const result = await make(['lint-web']);
    expect(result.stderr + result.stdout).toMatch(/Checked \d+ files?/);
    expect(result.code, (result.stderr + result.stdout).slice(-3000)).toBe(0);
  });

  it('migrate applies the migrations to the configured database', async () => {
    const dataDir = path.join(scratchDir(), 'pglite');
    const result = await make(['migrate'], { env: { TFBENCH_DATA_DIR: dataDir }, timeoutMs: 90_000 });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/applied \d+ migration\(s\) to PGlite in .*pglite/);
    expect(existsSync(dataDir)).toBe(true);
  }, 120_000);
});
