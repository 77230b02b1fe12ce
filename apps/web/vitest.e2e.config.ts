import { defineConfig } from 'vitest/config';

// The dashboard's end-to-end suite (`npm run test:e2e -w @tfbench/web`): each file starts its
// own API and production dashboard and drives Debian's Chromium. Files run one after another:
// two cores cannot host several systems and browsers at once without timing out. The suite is
// self-contained (its timeouts are set in e2e/harness/suite.ts), so the root config can run the
// same files by adding them to its include list.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
