/**
 * A migrated PGlite database kept as a tarball in a cache folder, so a fresh embedded database
 * starts from it instead of creating a cluster and running every migration (seconds of CPU,
 * most of a standalone `tfbench run`'s start-up; see docs/performance.md).
 *
 * The file name carries a key: the PGlite version and a hash of the migration files. A
 * template is only ever used under its own key, so after an upgrade or a new migration the
 * next fresh database builds a new one and the old ones are deleted. Builders write to a
 * temporary file and rename it into place, so processes racing to build it never read half a
 * file; the last rename wins and all of them wrote the same database.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { DEFAULT_MIGRATIONS_FOLDER } from './migrations-folder.js';

const PREFIX = 'pglite-template-';
const SUFFIX = '.tar.gz';

export interface PgliteTemplate {
  /**
   * The tarball of a migrated database, for `new PGlite({ loadDataDir })`, uncompressed: one
   * zlib call here takes a fraction of the time PGlite's own streamed decompression does.
   */
  tarball: Blob;
  /** Where it is stored. */
  file: string;
  /** True when this call built it (ran the migrations); false when it was already there. */
  built: boolean;
}

/**
 * The template for the current PGlite and migrations, built (and stored in `folder`) when
 * missing. Null when the key cannot be computed (PGlite's version unreadable): then nothing
 * can tell a stale template from a good one, so none is used.
 *
 * @example
 * const template = await migratedTemplate(path.join(os.homedir(), '.cache/tfbench'));
 * const client = new PGlite({ dataDir, loadDataDir: template?.tarball });
 */
export async function migratedTemplate(
  folder: string,
  migrationsFolder = DEFAULT_MIGRATIONS_FOLDER,
): Promise<PgliteTemplate | null> {
  const key = templateKey(migrationsFolder);
  if (key === null) return null;
  const file = path.join(folder, `${PREFIX}${key}${SUFFIX}`);
  const stored = await readFile(file).catch(() => null);
  if (stored) return { tarball: new Blob([await uncompressed(stored)]), file, built: false };
  const tarball = await buildTemplate(migrationsFolder);
  await mkdir(folder, { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, Buffer.from(await tarball.arrayBuffer()));
  await rename(temporary, file);
  await removeOtherTemplates(folder, file);
  return { tarball: new Blob([await uncompressed(tarball)]), file, built: true };
}

const gunzipAsync = promisify(gunzip);

/**
 * The tar inside a stored template. Bytes that do not unzip are handed on as they are: PGlite
 * then fails to open them, and the caller discards the template (see `discardTemplate`).
 */
async function uncompressed(stored: Buffer | Blob): Promise<Uint8Array<ArrayBuffer>> {
  // A Blob part must not be backed by a shared buffer; zlib's output and a file's bytes never are.
  const bytes = (
    stored instanceof Blob ? new Uint8Array(await stored.arrayBuffer()) : stored
  ) as Uint8Array<ArrayBuffer>;
  try {
    return (await gunzipAsync(bytes)) as Uint8Array<ArrayBuffer>;
  } catch {
    return bytes;
  }
}

/** Forget a template that PGlite could not open, so the next start builds a good one. */
export async function discardTemplate(template: PgliteTemplate): Promise<void> {
  await rm(template.file, { force: true });
}

/** PGlite's version and a hash of every migration file: what a template depends on. */
export function templateKey(migrationsFolder = DEFAULT_MIGRATIONS_FOLDER): string | null {
  const version = pgliteVersion();
  if (version === null) return null;
  const hash = createHash('sha256').update(`pglite ${version}\n`);
  for (const relative of migrationFiles(migrationsFolder)) {
    hash.update(`${relative}\n`).update(readFileSync(path.join(migrationsFolder, relative)));
  }
  return `${version}-${hash.digest('hex').slice(0, 16)}`;
}

function migrationFiles(migrationsFolder: string): string[] {
  const sql = readdirSync(migrationsFolder).filter((name) => name.endsWith('.sql'));
  return [...sql, path.join('meta', '_journal.json')].sort();
}

function pgliteVersion(): string | null {
  try {
    // The package does not export its package.json; it sits above the resolved entry's dist/.
    const entry = fileURLToPath(import.meta.resolve('@electric-sql/pglite'));
    const manifest = path.join(path.dirname(path.dirname(entry)), 'package.json');
    const version = (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown }).version;
    return typeof version === 'string' && /^[\w.+-]+$/.test(version) ? version : null;
  } catch {
    return null;
  }
}

/** Create a database in memory, migrate it, and dump it. Plain PGlite: nothing else runs here. */
async function buildTemplate(migrationsFolder: string): Promise<Blob> {
  const client = await PGlite.create();
  try {
    await migratePglite(drizzle({ client }), { migrationsFolder });
    return await client.dumpDataDir('gzip');
  } finally {
    await client.close();
  }
}

async function removeOtherTemplates(folder: string, keep: string): Promise<void> {
  for (const name of readdirSync(folder)) {
    const full = path.join(folder, name);
    if (full !== keep && name.startsWith(PREFIX) && name.endsWith(SUFFIX)) await rm(full, { force: true });
  }
}
