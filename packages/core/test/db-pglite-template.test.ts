import { appendFile, copyFile, cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { getTableName, is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pgliteTemplateDir } from '../src/config/database-config.js';
import { DEFAULT_MIGRATIONS_FOLDER, migrate, openDatabase } from '../src/db/index.js';
import { migratedTemplate, templateKey } from '../src/db/pglite-template.js';
import { queryRows } from '../src/db/rows.js';
import * as schema from '../src/db/schema.js';

const folders: string[] = [];
async function temporaryFolder(): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'tfbench-template-test-'));
  folders.push(folder);
  return folder;
}
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

/** One template built for the file (building takes seconds); tests copy it where they need it. */
let shared: { cache: string; file: string; builtFirst: boolean | undefined };
beforeAll(async () => {
  const cache = await mkdtemp(path.join(os.tmpdir(), 'tfbench-template-shared-'));
  const template = await migratedTemplate(cache);
  shared = { cache, file: template!.file, builtFirst: template?.built };
});
afterAll(() => rm(shared.cache, { recursive: true, force: true }));

async function cacheWithTemplate(): Promise<string> {
  const cache = await temporaryFolder();
  await copyFile(shared.file, path.join(cache, path.basename(shared.file)));
  return cache;
}

const tableNames = Object.values(schema as Record<string, unknown>)
  .filter((value): value is PgTable => is(value, PgTable))
  .map((table) => getTableName(table));

async function journalTags(): Promise<string[]> {
  const journal = await readFile(path.join(DEFAULT_MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8');
  return (JSON.parse(journal) as { entries: { tag: string }[] }).entries.map((entry) => entry.tag);
}

describe('the migrated PGlite template', () => {
  it('is built once, then reused as the same file', async () => {
    expect(shared.builtFirst).toBe(true);
    const written = await stat(shared.file);
    const again = await migratedTemplate(shared.cache);
    expect(again).toMatchObject({ built: false, file: shared.file });
    expect((await stat(shared.file)).mtimeMs).toBe(written.mtimeMs);
    expect(await readdir(shared.cache)).toEqual([path.basename(shared.file)]);
  });

  it('gives a fresh data folder the full schema without running any migration', async () => {
    const cache = await cacheWithTemplate();
    const dataDir = path.join(await temporaryFolder(), 'new', 'data');
    const handle = await openDatabase({ kind: 'pglite', dataDir, templateDir: cache });
    try {
      const result = await migrate(handle);
      expect(result.applied).toEqual([]);
      expect(result.status.current).toBe(true);
      expect(tableNames.length).toBeGreaterThan(10);
      for (const table of tableNames) {
        const rows = await queryRows(handle.db, sql.raw(`select count(*)::int as n from "${table}"`));
        expect(rows[0], table).toEqual({ n: 0 });
      }
    } finally {
      await handle.close();
    }
  });

  it('is rebuilt under a new key when a migration file changes, and the old one deleted', async () => {
    const cache = await cacheWithTemplate();
    const migrations = path.join(await temporaryFolder(), 'drizzle');
    await cp(DEFAULT_MIGRATIONS_FOLDER, migrations, { recursive: true });
    const before = await migratedTemplate(cache, migrations);
    expect(before?.built).toBe(false);
    const sqlFiles = (await readdir(migrations)).filter((name) => name.endsWith('.sql')).sort();
    await appendFile(path.join(migrations, sqlFiles.at(-1)!), '\n-- a changed migration\n');
    expect(templateKey(migrations)).not.toBe(templateKey(DEFAULT_MIGRATIONS_FOLDER));
    const after = await migratedTemplate(cache, migrations);
    expect(after?.built).toBe(true);
    expect(after?.file).not.toBe(before?.file);
    expect(await readdir(cache)).toEqual([path.basename(after!.file)]);
  });

  it('is discarded when damaged, and the fresh database is migrated the long way', async () => {
    const cache = await cacheWithTemplate();
    await writeFile(path.join(cache, path.basename(shared.file)), 'not a tarball');
    const handle = await openDatabase({
      kind: 'pglite',
      dataDir: await temporaryFolder(),
      templateDir: cache,
    });
    try {
      expect((await migrate(handle)).applied).toEqual(await journalTags());
      expect(await readdir(cache)).toEqual([]);
    } finally {
      await handle.close();
    }
    // Runs every migration on a data folder: tens of seconds on a loaded machine.
  }, 120_000);

  it('lives in the variable folder, else the user cache folder, and can be turned off', () => {
    expect(pgliteTemplateDir({ TFBENCH_PGLITE_TEMPLATE_DIR: '/srv/t' })).toBe('/srv/t');
    expect(pgliteTemplateDir({ TFBENCH_PGLITE_TEMPLATE_DIR: 'off' })).toBeNull();
    expect(pgliteTemplateDir({ XDG_CACHE_HOME: '/c' })).toBe(path.join('/c', 'tfbench'));
    expect(pgliteTemplateDir({})).toBe(path.join(os.homedir(), '.cache', 'tfbench'));
  });
});
