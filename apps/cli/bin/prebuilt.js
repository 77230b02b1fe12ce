/**
 * The CLI compiled to plain JavaScript, so a command starts without transforming TypeScript
 * (most of a standalone `tfbench run`'s start-up under tsx; see docs/performance.md).
 *
 * esbuild bundles `src/main.ts` with the workspace packages into `apps/cli/dist/<build>/`,
 * split at the CLI's dynamic imports so `--help` loads no server code; npm packages stay
 * external and load from node_modules (PGlite finds its wasm and data files there), and the
 * database migrations are copied beside the chunks, where the migrator looks for them.
 *
 * `dist/current.json` names the build and lists every file it was made from, with the instant
 * the build began. A build is used only while none of those files is newer than that instant
 * and none is missing (a new source file only joins through an edit to a listed one); anything
 * else builds again first, so stale code never runs. Each build goes to a folder of its own
 * and the pointer is replaced by a rename: concurrent first uses never see half a build, and
 * a running process keeps the chunks it may still import.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const CLI_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = path.resolve(CLI_DIR, '../..');
const DIST = path.join(CLI_DIR, 'dist');
const POINTER = path.join(DIST, 'current.json');
const MIGRATIONS = 'packages/core/drizzle';
/** Builds replaced this long ago are removed: no command still loads their chunks by then. */
const OLD_BUILD_MS = 24 * 60 * 60 * 1000;

/**
 * The URL of the built `main` module, building it first when it is missing or older than a
 * file it was made from. Null when it cannot be built (no esbuild, a read-only checkout):
 * the caller then runs the TypeScript sources.
 *
 * @example
 * const url = await prebuiltMain();
 * const { main } = await import(url ?? '../src/main.ts');
 */
export async function prebuiltMain() {
  const current = readPointer();
  const build = current && isFresh(current) ? current : await buildQuietly();
  return build ? pathToFileURL(path.join(DIST, build.dir, 'main.js')).href : null;
}

/**
 * Build now, whatever the pointer says, and point at the new build.
 *
 * @returns {Promise<Build>}
 */
export async function buildPrebuiltCli() {
  const { build } = await import('esbuild');
  const startedAt = Date.now();
  const dir = `build-${startedAt}-${randomBytes(4).toString('hex')}`;
  const outdir = path.join(DIST, dir);
  const result = await build({
    absWorkingDir: ROOT,
    // The sender thread's entry beside main.js, where the runtime's chunk starts it from
    // (packages/runtime/src/sender-thread/spawn-thread.ts).
    entryPoints: {
      main: path.join(CLI_DIR, 'src/main.ts'),
      'sender-thread': path.join(ROOT, 'packages/runtime/src/sender-thread/thread-main.ts'),
    },
    outdir,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    metafile: true,
    plugins: [externalNpmPackages],
    logLevel: 'silent',
  });
  cpSync(path.join(ROOT, MIGRATIONS), path.join(outdir, 'drizzle'), { recursive: true });
  const inputs = [...Object.keys(result.metafile.inputs), ...manifestsOf(result.metafile.inputs)];
  inputs.push(...filesUnder(MIGRATIONS));
  /** @type {Build} */
  const made = { dir, startedAt, inputs: [...new Set(inputs)].sort() };
  const temporary = `${POINTER}.${dir}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(made)}\n`);
  renameSync(temporary, POINTER);
  removeOldBuilds(dir);
  return made;
}

/**
 * @typedef {object} Build
 * @property {string} dir the build's folder under dist/
 * @property {number} startedAt when the build began (epoch ms): a source newer than this is not in it
 * @property {string[]} inputs every file it was made from, relative to the repository root
 */

/** Workspace packages are TypeScript sources and go into the bundle; npm packages stay external. */
const externalNpmPackages = {
  name: 'external-npm-packages',
  /** @param {import('esbuild').PluginBuild} b */
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@tfbench/') ? undefined : { path: args.path, external: true },
    );
  },
};

/** @returns {Build | null} */
function readPointer() {
  try {
    return JSON.parse(readFileSync(POINTER, 'utf8'));
  } catch {
    return null;
  }
}

/** @param {Build} build */
function isFresh(build) {
  if (!Array.isArray(build.inputs) || build.inputs.length === 0) return false;
  try {
    statSync(path.join(DIST, build.dir, 'main.js'));
    return build.inputs.every((file) => statSync(path.join(ROOT, file)).mtimeMs < build.startedAt);
  } catch {
    return false;
  }
}

async function buildQuietly() {
  try {
    return await buildPrebuiltCli();
  } catch (error) {
    process.stderr.write(
      `tfbench: note: running from the TypeScript sources (slower start): the CLI could not be compiled: ${
        error instanceof Error ? error.message.split('\n')[0] : String(error)
      }\n`,
    );
    return null;
  }
}

/**
 * The package.json of each workspace package the bundle took files from: its `exports` decide
 * which file an import resolves to.
 *
 * @param {Record<string, unknown>} inputs
 */
function manifestsOf(inputs) {
  const packages = Object.keys(inputs)
    .map((file) => /^((?:apps|packages)\/[^/]+)\//.exec(file)?.[1])
    .filter((folder) => folder !== undefined);
  return [...new Set(packages)].map((folder) => `${folder}/package.json`);
}

/** @param {string} folder relative to the root */
function filesUnder(folder) {
  return readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)));
}

/** @param {string} keep */
function removeOldBuilds(keep) {
  const cutoff = Date.now() - OLD_BUILD_MS;
  for (const entry of readdirSync(DIST, { withFileTypes: true })) {
    if (entry.name === keep || !entry.name.startsWith('build-')) continue;
    const full = path.join(DIST, entry.name);
    try {
      if (statSync(full).mtimeMs < cutoff) rmSync(full, { recursive: true, force: true });
    } catch {
      // Another process removed it first.
    }
  }
}
