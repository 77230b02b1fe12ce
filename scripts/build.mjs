// Bundles each server app into one ESM file under dist/<app>/ so production runs plain
// JavaScript on Node without tsx. Workspace packages (@tfbench/*) ship TypeScript sources
// and are bundled in; every npm dependency stays external and loads from node_modules.
// The database migrations are copied beside the bundle, where the migrator looks for them.
import { cpSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const apps = [
  // Processes that execute runs send them from a thread with its own bundle.
  { name: 'api', entry: 'apps/api/src/main.ts', senderThread: true },
  { name: 'worker', entry: 'apps/worker/src/main.ts', senderThread: true },
  { name: 'mock-tinyfish', entry: 'packages/mock-tinyfish/src/main.ts' },
  // Production tooling, so a deployment needs no tsx: migrations, example data, the launcher.
  { name: 'migrate', entry: 'packages/core/src/db/migrate-cli.ts' },
  { name: 'secrets-rotate', entry: 'packages/core/src/secrets/rotate-cli.ts' },
  { name: 'seed', entry: 'scripts/seed/main.ts' },
  { name: 'start-prod', entry: 'scripts/start-prod/main.ts' },
].filter((app) => existsSync(path.join(root, app.entry)));

const externalNpm = {
  name: 'external-npm-dependencies',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@tfbench/')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

/** One ESM bundle of `entry` (a path from the root) at `outfile`. */
const bundle = (entry, outfile) =>
  build({
    entryPoints: [path.join(root, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    plugins: [externalNpm],
    logLevel: 'warning',
  });

rmSync(path.join(root, 'dist'), { recursive: true, force: true });
for (const app of apps) {
  const outdir = path.join(root, 'dist', app.name);
  await bundle(app.entry, path.join(outdir, 'main.js'));
  // The sender thread's own bundle, beside the app's, where spawn-thread.ts starts it from.
  if (app.senderThread) {
    await bundle('packages/runtime/src/sender-thread/thread-main.ts', path.join(outdir, 'sender-thread.js'));
  }
  const migrations = path.join(root, 'packages/core/drizzle');
  if (existsSync(migrations)) cpSync(migrations, path.join(outdir, 'drizzle'), { recursive: true });
  console.log(`built dist/${app.name}/main.js`);
}
