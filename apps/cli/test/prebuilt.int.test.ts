/**
 * The installed command runs the prebuilt CLI, and never a stale one: a source file newer than
 * the build makes the next command build again before it runs; TFBENCH_CLI_PREBUILT=off runs
 * the TypeScript sources.
 */
import { readFile, utimes } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, spawnCli, useTempDir } from './harness.js';

const POINTER = path.join(REPO_ROOT, 'apps/cli/dist/current.json');

interface Build {
  dir: string;
  startedAt: number;
  inputs: string[];
}

async function currentBuild(): Promise<Build> {
  return JSON.parse(await readFile(POINTER, 'utf8')) as Build;
}

describe('the prebuilt CLI', () => {
  const dir = useTempDir();

  it('is built from the sources and rebuilt when one of them is newer', { timeout: 120_000 }, async () => {
    const first = await spawnCli(['--version'], { cwd: dir() });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^tfbench \d/);
    const before = await currentBuild();
    // What a standalone run needs is in it: the CLI, the API, the runtime and the migrations.
    for (const file of [
      'apps/cli/src/main.ts',
      'apps/api/src/app.ts',
      'packages/runtime/src/create-runtime.ts',
      'packages/core/drizzle/meta/_journal.json',
    ]) {
      expect(before.inputs).toContain(file);
    }

    // An edit (here: only its time) to a file the build was made from.
    const edited = path.join(REPO_ROOT, 'apps/cli/src/help.ts');
    const now = new Date();
    await utimes(edited, now, now);
    const second = await spawnCli(['--version'], { cwd: dir() });
    expect(second.code, second.stderr).toBe(0);
    const after = await currentBuild();
    expect(after.dir).not.toBe(before.dir);
    expect(after.startedAt).toBeGreaterThanOrEqual(now.getTime());

    // Nothing changed since: the next command builds nothing. (Asserted by time, not by the
    // build's folder: another test file running the CLI at the same moment may also have seen
    // the edit and built, and its build may be the one the pointer names.)
    const thirdStartedAt = Date.now();
    const third = await spawnCli(['--version'], { cwd: dir() });
    expect(third.code, third.stderr).toBe(0);
    expect((await currentBuild()).startedAt).toBeLessThan(thirdStartedAt);
  });

  it('runs from the TypeScript sources when turned off', { timeout: 120_000 }, async () => {
    const outcome = await spawnCli(['--help'], { cwd: dir(), env: { TFBENCH_CLI_PREBUILT: 'off' } });
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stdout).toMatch(/^Usage:/);
  });
});
