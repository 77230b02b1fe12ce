import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRepoFile, repoRoot, rootScripts } from './deploy-support.js';

// Each runnable script lives in its own folder as main.ts, beside its helpers, so that the
// folder is the unit that moves, builds (dist/<name>/main.js) and is read together. The build
// skips entries whose file is missing, so a stale path here would drop a bundle silently.
const buildEntries = [
  ...readRepoFile('scripts/build.mjs').matchAll(/\{ name: '([\w-]+)', entry: '([^']+)'[^}]*\}/g),
].map((m) => ({ name: m[1]!, entry: m[2]! }));

describe('scripts', () => {
  it('every build entry names a file that exists', () => {
    expect(buildEntries.map((e) => e.name)).toEqual(
      expect.arrayContaining(['api', 'worker', 'mock-tinyfish', 'migrate', 'seed', 'start-prod']),
    );
    for (const { entry } of buildEntries) expect(existsSync(path.join(repoRoot, entry)), entry).toBe(true);
  });

  it('every npm script runs a source file that exists, or a bundle the build produces', () => {
    const built = new Set(buildEntries.map((e) => `dist/${e.name}/main.js`));
    for (const [name, command] of Object.entries(rootScripts())) {
      for (const file of command.match(/[\w./-]+\.(ts|mjs|js)\b/g) ?? []) {
        if (file.startsWith('dist/')) expect(built.has(file), `${name}: ${file}`).toBe(true);
        else expect(existsSync(path.join(repoRoot, file)), `${name}: ${file}`).toBe(true);
      }
    }
  });

  it('keeps only the shared build script and the dev launcher at the top of scripts/', () => {
    const files = readdirSync(path.join(repoRoot, 'scripts'), { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name)
      .sort();
    expect(files).toEqual(['build.mjs', 'start-dev.ts']);
  });

  // bench/ holds the benchmarks themselves, each named for what it measures and run by an npm
  // script; their helpers live in bench/lib.
  it('keeps only benchmarks at the top of bench/, each run by a bench: npm script', () => {
    const benches = readdirSync(path.join(repoRoot, 'bench'), { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => `bench/${entry.name}`)
      .sort();
    const run = Object.entries(rootScripts())
      .filter(([name]) => name.startsWith('bench:'))
      .flatMap(([, command]) => command.match(/bench\/[\w-]+\.ts/g) ?? [])
      .sort();
    expect(benches).toEqual(run);
  });
});
