import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT as root, runCli } from './run-cli.js';

/** Runs `npm run migrate`'s entry with exactly the given environment (plus PATH). */
const migrateWith = (env: Record<string, string>) => runCli('packages/core/src/db/migrate-cli.ts', [], env);

describe('npm run migrate', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'tfbench-migrate-')), 'data');
  });
  afterAll(async () => {
    await rm(path.dirname(dataDir), { recursive: true, force: true });
  });

  it('applies the migrations once, then reports the database up to date', async () => {
    const first = await migrateWith({ TFBENCH_DATA_DIR: dataDir });
    expect(first).toMatchObject({ code: 0, stderr: '' });
    // Every migration the journal lists, in order (the count grows as the schema does).
    const journal = JSON.parse(
      await readFile(path.join(root, 'packages/core/drizzle/meta/_journal.json'), 'utf8'),
    ) as { entries: { tag: string }[] };
    expect(first.stdout).toContain(`applied ${journal.entries.length} migration(s)`);
    expect(first.stdout).toContain(journal.entries.map((e) => e.tag).join(', '));
    const second = await migrateWith({ TFBENCH_DATA_DIR: dataDir });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('up to date');
  });

  it('fails with one line naming a bad variable', async () => {
    const result = await migrateWith({ TFBENCH_DATA_DIR: dataDir, DATABASE_URL: 'mysql://nope' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^migrate failed: DATABASE_URL=.* must be a PostgreSQL URL/);
  });

  it('fails with one line when the database cannot be reached', async () => {
    const result = await migrateWith({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^migrate failed: .*ECONNREFUSED/);
  });
});
