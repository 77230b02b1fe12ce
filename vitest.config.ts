import { defineConfig } from 'vitest/config';

// One runner for the whole monorepo. Unit tests are `*.test.ts`; tests that need real
// services (PostgreSQL, Redis, Chromium, child processes) are `*.int.test.ts` and live in
// the same `test/` folders. Both run under `npm test`.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', 'apps/web/**'],
    pool: 'forks',
    // Two test files at a time: most of them wait on sockets, timers and child processes rather
    // than compute, so a second fork roughly halves the wall time on a two-core machine, while
    // keeping the load low enough for the timing tolerances of the measurement tests.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
