import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoFiles } from './repo-files.js';

// "Parse env once, pass config in": only the config module reads the environment. Test code
// may read CI flags through the core testing helpers. This check keeps the rule from eroding.
const root = path.resolve(import.meta.dirname, '..');
const allowed = new Set([
  'packages/core/src/config/index.ts',
  'packages/core/src/testing/index.ts',
  'packages/core/src/testing/availability.ts',
  // Standalone CLIs of the mock servers: their flags fall back to env vars they parse themselves.
  'packages/mock-tinyfish/src/main.ts',
  'packages/mock-openai/src/main.ts',
  // Tests' helper for those CLIs: it hands the spawned process its environment.
  'packages/mock-tinyfish/src/testing/cli.ts',
  // The tfbench command: its process entry reads the environment once (TFBENCH_API_KEY, NO_COLOR,
  // GITHUB_STEP_SUMMARY, the standalone server's variables) and passes it to the commands.
  'apps/cli/src/io.ts',
  'apps/web/src/lib/config.ts',
]);

/** TypeScript under a src folder below `dir`. */
function sourceFiles(dir: string): string[] {
  return repoFiles(
    dir,
    (full, name) => /\.(ts|tsx|mts)$/.test(name) && full.includes(`${path.sep}src${path.sep}`),
  );
}

describe('environment access', () => {
  it('happens only in the config module', () => {
    const offenders = ['apps', 'packages']
      .flatMap((d) => sourceFiles(path.join(root, d)))
      .map((f) => path.relative(root, f))
      .filter((f) => !allowed.has(f))
      .filter((f) => /process\.env\b/.test(readFileSync(path.join(root, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
