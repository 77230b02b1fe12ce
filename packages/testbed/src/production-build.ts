/**
 * A cached production build of the dashboard, for `npm start`, the e2e suite and the LCP
 * benchmark.
 *
 * The sources are copied to `<buildRoot>/app` and built there, so `apps/web/.next` (a
 * developer's `next dev`) is never touched and the build always matches the current sources. A
 * hash of the inputs is kept next to the build: when nothing changed the build is reused, so
 * only the first start after an edit pays for `next build`. A lock directory serialises
 * processes that need the same build at once.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { NEXT_CLI, REPO_ROOT, WEB_ROOT } from './paths.js';
import { CHILD_PATH } from './processes.js';

export { NEXT_CLI, WEB_ROOT };

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

/**
 * Workspace packages the dashboard compiles from source (next.config.ts `transpilePackages`):
 * they are not copied, the staged app resolves them through node_modules, but a change to them
 * changes the build.
 */
const PACKAGE_INPUTS = ['packages/contract/src', 'packages/contract/package.json'];

/** A lock older than this belongs to a process that died mid-build. */
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

/**
 * sha256 over every input file (path and content), the lockfile (a dependency update changes
 * what is bundled) and the installed Next.js version. `roots` names the repository and its
 * dashboard folder (this checkout's unless a test gives a copy).
 */
export async function sourceHash(roots = { repo: REPO_ROOT, web: WEB_ROOT }): Promise<string> {
  const hash = createHash('sha256');
  const inputs = [
    ...INPUTS.map((input) => path.join(roots.web, input)),
    ...PACKAGE_INPUTS.map((input) => path.join(roots.repo, input)),
  ];
  for (const full of inputs) {
    if (!(await exists(full))) continue;
    const files = (await stat(full)).isDirectory() ? await listFiles(full) : [full];
    for (const file of files.sort()) {
      hash.update(path.relative(roots.web, file));
      hash.update('\0');
      hash.update(await readFile(file));
      hash.update('\0');
    }
  }
  hash.update(await readFile(path.join(roots.repo, 'package-lock.json')).catch(() => Buffer.alloc(0)));
  hash.update(await readFile(path.join(path.dirname(NEXT_CLI), '../../package.json')));
  return hash.digest('hex');
}

async function acquireLock(lockDir: string, timeoutMs: number): Promise<() => Promise<void>> {
  await mkdir(path.dirname(lockDir), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await mkdir(lockDir);
      return () => rm(lockDir, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age =
        Date.now() -
        (await stat(lockDir).then(
          (s) => s.mtimeMs,
          () => Date.now(),
        ));
      if (age > STALE_LOCK_MS) await rm(lockDir, { recursive: true, force: true });
      else if (Date.now() > deadline)
        throw new Error(`the dashboard build lock ${lockDir} was held too long`);
      else await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/**
 * Runs `next build` in `appDir`, passing each line it prints to `onLine`; rejects with its last
 * lines when it fails.
 */
function nextBuild(appDir: string, onLine: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [NEXT_CLI, 'build'], {
      cwd: appDir,
      // A plain PATH (Turbopack's PostCSS workers need one, with this Node on it); nothing of the
      // caller's environment leaks in.
      env: {
        PATH: CHILD_PATH,
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const last: string[] = [];
    let partial = '';
    const take = (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        last.push(line);
        if (last.length > 60) last.shift();
        if (line.trim() !== '') onLine(line);
      }
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (partial) last.push(partial);
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `next build failed (${signal ?? `exit ${code}`}) in ${path.relative(REPO_ROOT, appDir)}:\n${last.join('\n')}`,
          ),
        );
    });
  });
}

export interface ProductionBuild {
  /** The folder to run `next start` in. */
  appDir: string;
  /** Whether this call ran `next build` (false: an up-to-date build was reused). */
  built: boolean;
  /** Wall time of this call, ms. */
  ms: number;
}

export interface ProductionBuildOptions {
  /** The build's own folder (git-ignored): the staged app, its hash and the lock live here. */
  buildRoot: string;
  /** Build even when the sources did not change. */
  force?: boolean;
  /** Told once, before a build starts (not when the cached one is reused). */
  onBuildStart?: () => void;
  /** Each non-empty line `next build` prints. */
  onOutput?: (line: string) => void;
}

/**
 * Makes sure an up-to-date production build of the dashboard exists under `buildRoot` and
 * returns where.
 *
 * @example
 * const { appDir } = await ensureProductionBuild({ buildRoot: path.join(WEB_ROOT, '.build') });
 * // then: node next start -p 3000, in appDir
 */
export async function ensureProductionBuild(options: ProductionBuildOptions): Promise<ProductionBuild> {
  const started = Date.now();
  const stagedApp = path.join(options.buildRoot, 'app');
  const hashFile = path.join(options.buildRoot, 'source-hash');
  const release = await acquireLock(path.join(options.buildRoot, 'lock'), STALE_LOCK_MS);
  try {
    const hash = await sourceHash();
    const current = await readFile(hashFile, 'utf8').catch(() => '');
    if (!options.force && current === hash && (await exists(path.join(stagedApp, '.next/BUILD_ID'))))
      return { appDir: stagedApp, built: false, ms: Date.now() - started };

    options.onBuildStart?.();
    await rm(hashFile, { force: true });
    // Keep Next.js's own cache between builds; everything else is copied afresh.
    if (await exists(stagedApp)) {
      for (const entry of await readdir(stagedApp)) {
        if (entry !== '.next') await rm(path.join(stagedApp, entry), { recursive: true, force: true });
      }
      for (const entry of await readdir(path.join(stagedApp, '.next')).catch(() => [])) {
        if (entry !== 'cache')
          await rm(path.join(stagedApp, '.next', entry), { recursive: true, force: true });
      }
    }
    await mkdir(stagedApp, { recursive: true });
    for (const input of INPUTS) {
      const from = path.join(WEB_ROOT, input);
      if (await exists(from)) await cp(from, path.join(stagedApp, input), { recursive: true });
    }
    await nextBuild(stagedApp, options.onOutput ?? (() => undefined));
    await writeFile(hashFile, hash);
    return { appDir: stagedApp, built: true, ms: Date.now() - started };
  } finally {
    await release();
  }
}
