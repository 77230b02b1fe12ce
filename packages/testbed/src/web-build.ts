/**
 * The dashboard's production build for the e2e suite and the LCP benchmark.
 *
 * The sources are copied to `apps/web/e2e/.build/app` and built there, so the suite never
 * touches `apps/web/.next` (a developer's `next dev` or `next start` keeps working while the
 * tests run) and always serves the current sources. A hash of the inputs is kept next to the
 * build: when nothing changed the build is reused, so only the first run after an edit pays for
 * `next build`. A lock directory serialises concurrent test files that need the build.
 */
import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BUILD_ROOT, NEXT_CLI, REPO_ROOT, WEB_ROOT } from './paths.js';
import { startProcess, tail } from './processes.js';

/** What `next build` reads from apps/web. Tests, scripts and the e2e folder are not part of the app. */
const INPUTS = [
  'src',
  'public',
  'next.config.ts',
  'postcss.config.mjs',
  'tsconfig.json',
  'package.json',
  'next-env.d.ts',
];

export const STAGED_APP = path.join(BUILD_ROOT, 'app');
const HASH_FILE = path.join(BUILD_ROOT, 'source-hash');
const LOCK_DIR = path.join(BUILD_ROOT, 'lock');
/** A lock older than this belongs to a run that died mid-build. */
const STALE_LOCK_MS = 10 * 60_000;

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/** sha256 over every input file (path and content) and the installed Next.js version. */
export async function sourceHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    const full = path.join(WEB_ROOT, input);
    if (!(await exists(full))) continue;
    const files = (await stat(full)).isDirectory() ? await listFiles(full) : [full];
    for (const file of files.sort()) {
      hash.update(path.relative(WEB_ROOT, file));
      hash.update('\0');
      hash.update(await readFile(file));
      hash.update('\0');
    }
  }
  hash.update(await readFile(path.join(path.dirname(NEXT_CLI), '../../package.json')));
  return hash.digest('hex');
}

async function acquireLock(timeoutMs: number): Promise<() => Promise<void>> {
  await mkdir(BUILD_ROOT, { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await mkdir(LOCK_DIR);
      return () => rm(LOCK_DIR, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age =
        Date.now() -
        (await stat(LOCK_DIR).then(
          (s) => s.mtimeMs,
          () => Date.now(),
        ));
      if (age > STALE_LOCK_MS) await rm(LOCK_DIR, { recursive: true, force: true });
      else if (Date.now() > deadline)
        throw new Error(`the dashboard build lock ${LOCK_DIR} was held too long`);
      else await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

export interface WebBuild {
  /** The folder to run `next start` in. */
  appDir: string;
  /** Whether this call ran `next build` (false: an up-to-date build was reused). */
  built: boolean;
  /** Wall time of this call, ms. */
  ms: number;
}

/**
 * Makes sure an up-to-date production build of the dashboard exists and returns where.
 *
 * @example
 * const { appDir } = await ensureWebBuild();
 */
export async function ensureWebBuild(options: { force?: boolean } = {}): Promise<WebBuild> {
  const started = Date.now();
  const release = await acquireLock(STALE_LOCK_MS);
  try {
    const hash = await sourceHash();
    const current = await readFile(HASH_FILE, 'utf8').catch(() => '');
    if (!options.force && current === hash && (await exists(path.join(STAGED_APP, '.next/BUILD_ID'))))
      return { appDir: STAGED_APP, built: false, ms: Date.now() - started };

    await rm(HASH_FILE, { force: true });
    // Keep Next.js's own cache between builds; everything else is copied afresh.
    if (await exists(STAGED_APP)) {
      for (const entry of await readdir(STAGED_APP)) {
        if (entry !== '.next') await rm(path.join(STAGED_APP, entry), { recursive: true, force: true });
      }
      for (const entry of await readdir(path.join(STAGED_APP, '.next')).catch(() => [])) {
        if (entry !== 'cache')
          await rm(path.join(STAGED_APP, '.next', entry), { recursive: true, force: true });
      }
    }
    await mkdir(STAGED_APP, { recursive: true });
    for (const input of INPUTS) {
      const from = path.join(WEB_ROOT, input);
      if (await exists(from)) await cp(from, path.join(STAGED_APP, input), { recursive: true });
    }

    const build = startProcess('next build', [NEXT_CLI, 'build'], {
      cwd: STAGED_APP,
      env: { NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    });
    const code = await build.exited;
    if (code !== 0) {
      throw new Error(
        `next build failed (exit ${code}) in ${path.relative(REPO_ROOT, STAGED_APP)}:\n${tail(build.output(), 60)}`,
      );
    }
    await writeFile(HASH_FILE, hash);
    return { appDir: STAGED_APP, built: true, ms: Date.now() - started };
  } finally {
    await release();
  }
}
